/**
 * The real Bolt app in Socket Mode against the fake Slack on 127.0.0.1: slash commands through the
 * umbrella and direct commands, answered in the ack's payload (a quick command) or through response_url
 * (a command not yet seen, or one that misses the deadline), paging buttons, escaping.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../../src/commands/command.ts';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { createCore } from '../../../src/core.ts';
import { startSlack, type SlackApp } from '../../../src/platforms/slack/app.ts';
import { readSlackConfig } from '../../../src/platforms/slack/config.ts';
import { PAGE_ACTIONS, type SlackBlock } from '../../../src/render/blockkit.ts';
import { gatedCommand } from '../../e2e/test-commands.ts';
import { FakeSlack } from '../../e2e/fake-slack.ts';
import { LONG_ID, longBriefingLibrary } from './long-briefing.ts';

/** A command that exists only in this test: the umbrella must run it with no Slack change. */
const echoCommand = defineCommand({
  name: 'echo',
  description: 'Says back what it is given',
  usage: 'echo [words]',
  options: z.object({ words: z.string().optional().meta({ description: 'Words to say back', positional: true }) }),
  handler: ({ words }) => ({ title: 'Echo', sections: [{ items: [{ text: words ?? '(nothing)', citations: [] }] }], data: { words } }),
});

/** Answers at once until a test holds it, as a slow library or Web API lookup would then. */
const slow = gatedCommand({ open: true });

const logLines: string[] = [];
const captured = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));

let fake: FakeSlack;
let slack: SlackApp;

beforeAll(async () => {
  fake = await FakeSlack.start();
  const commands = [...COMMANDS, echoCommand, slow.command];
  const core = createCore(longBriefingLibrary(), { commands });
  const config = readSlackConfig({ ...fake.socketModeEnv, SLACK_RATE_LIMIT_BURST: '1000' }, commands);
  slack = await startSlack(core, config, { logger: captured, retries: 0 });
  await fake.waitForSocket();
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

/** Sends `/brief …` (or another command) over the socket; returns the ack and the answer, wherever it came. */
async function slash(text: string, fields: Record<string, string> = {}) {
  const payload = fake.slashCommand(text, fields);
  const ack = await fake.sendEnvelope('slash_commands', payload);
  const answer = await fake.waitForAnswer(payload.response_url!);
  return { ack, via: answer.via, body: answer.body, blocks: answer.body.blocks as SlackBlock[], responseUrl: payload.response_url! };
}

function textOf(blocks: SlackBlock[]): string {
  return JSON.stringify(blocks);
}

function header(blocks: SlackBlock[]): string | undefined {
  const h = blocks.find((b) => b.type === 'header');
  return h?.type === 'header' ? h.text.text : undefined;
}

describe('Slack in Socket Mode', () => {
  it('checks the bot token at start and connects', () => {
    expect(fake.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
    expect(fake.calls.find((c) => c.method === 'apps.connections.open')?.token).toBe(fake.appToken);
    expect(slack.mode).toBe('socket');
  });

  it('answers /brief who Shoigu through response_url the first time, then in the ack, privately with Block Kit', async () => {
    // Not yet seen to be quick in this process: acked empty at once, answered after.
    const first = await slash('who Shoigu');
    expect(first.via).toBe('response_url');
    expect(first.ack.payload ?? {}).toEqual({});
    // Seen quick now: the answer is the ack's payload, and nothing is posted.
    const { ack, via, body, blocks, responseUrl } = await slash('who Shoigu');
    expect(via).toBe('ack');
    expect(ack.payload).toEqual(body);
    for (const answer of [first, { body, blocks }]) {
      expect(answer.body.response_type).toBe('ephemeral');
      expect(header(answer.blocks)).toBe('Sergei Shoigu');
      expect(answer.body.text).toContain('Sergei Shoigu');
      expect(textOf(answer.blocks)).toContain('¶1 · “In a rare phone call');
      expect(answer.body).not.toHaveProperty('replace_original', true);
    }
    // The next command is answered, so anything the second one posted would be in by now.
    await slash('briefings');
    expect(fake.responses.some((r) => r.url === responseUrl)).toBe(false);
    expect(fake.answersTo(responseUrl)).toHaveLength(1);
  });

  it('posts in the channel with public:true, from the ack or through response_url', async () => {
    const first = await slash('claims by:Shoigu public:true');
    const second = await slash('claims by:Shoigu public:true');
    expect([first.via, second.via]).toEqual(['response_url', 'ack']);
    for (const { body, blocks } of [first, second]) {
      expect(body.response_type).toBe('in_channel');
      expect(header(blocks)).toBe('Claims (by Shoigu)');
    }
  });

  it('runs direct commands and /brief alone', async () => {
    const timeline = await slash('Shoigu briefing:shoigu-lecornu-call', { command: '/timeline' });
    expect(header(timeline.blocks)).toBe('Timeline: Shoigu');
    const brief = await slash('');
    expect(header(brief.blocks)).toBe('2 briefings');
    const byId = await slash('shoigu-lecornu-call');
    expect(header(byId.blocks)).toMatch(/Shoigu warns French counterpart/);
  });

  it('acks a quick command that misses the deadline empty, then answers through response_url', async () => {
    expect((await slash('slow')).via).toBe('response_url');
    expect((await slash('slow')).via).toBe('ack');
    // Now hold it: the ack cannot wait for the gate, which opens only once the ack is in.
    slow.hold();
    const payload = fake.slashCommand('slow');
    const ack = await fake.sendEnvelope('slash_commands', payload);
    expect(ack.envelope_id).toBeTruthy();
    expect(ack.payload ?? {}).toEqual({});
    expect(fake.answersTo(payload.response_url!)).toEqual([]);
    slow.release();
    const answer = await fake.waitForAnswer(payload.response_url!);
    expect(answer.via).toBe('response_url');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(header(answer.body.blocks as SlackBlock[])).toBe('Slow answer');
  });

  it('runs a command the registry gained later, through the umbrella', async () => {
    const { blocks } = await slash('echo hello there');
    expect(header(blocks)).toBe('Echo');
    expect(textOf(blocks)).toContain('hello there');
  });

  it('answers a parse error privately in the ack, with the usage as typed in Slack', async () => {
    const { via, body, blocks } = await slash('timeline --until 2020');
    expect(via).toBe('ack');
    expect(body.response_type).toBe('ephemeral');
    expect(textOf(blocks)).toContain('Unknown option --until');
    expect(textOf(blocks)).toContain('Usage: /brief timeline [actor]');
    const unknown = await slash('whoo Shoigu public:true');
    expect(unknown.body.response_type).toBe('ephemeral');
    expect(textOf(unknown.blocks)).toContain('*who*');
  });

  it("answers a command's error privately even with public:true, in the ack as after it", async () => {
    // ask has not run yet here, so its answer comes after the ack; who has, so its answer is in the ack.
    const first = await slash('ask public:true ???');
    const second = await slash('who Nobodyatall public:true');
    expect([first.via, second.via]).toEqual(['response_url', 'ack']);
    for (const { body, blocks } of [first, second]) {
      expect(body.response_type).toBe('ephemeral');
      expect(textOf(blocks)).toContain(':warning:');
    }
  });

  it('escapes mention and link syntax typed by the user, in the ack as after it', async () => {
    const typed = 'who <!channel> <@U0BOSS> <!here> <https://evil.example|click> @everyone';
    const answers = [await slash(typed), await slash(typed)];
    expect(answers.map((a) => a.via)).toContain('ack');
    for (const { body, blocks } of answers) {
      const all = JSON.stringify(body);
      expect(all).toContain('&lt;!channel&gt;');
      expect(all).toContain('&lt;@U0BOSS&gt;');
      for (const raw of ['<!channel>', '<@U0BOSS>', '<!here>', '<https://evil.example|click>', '@everyone']) expect(all).not.toContain(raw);
      expect(blocks.length).toBeGreaterThan(0);
    }
  });

  it('pages a long reply with buttons; "next page" replaces the message in place, through response_url', async () => {
    await slash(`timeline briefing:${LONG_ID}`);
    const first = await slash(`timeline briefing:${LONG_ID}`);
    expect(first.via).toBe('ack');
    expect(textOf(first.blocks)).toContain('Page 1 of 3');
    const actions = first.blocks.find((b) => b.type === 'actions');
    const next = actions?.type === 'actions' ? actions.elements.find((e) => e.type === 'button' && e.action_id === PAGE_ACTIONS.next) : undefined;
    expect(next?.type === 'button' && next.value).toBeTruthy();
    const value = next?.type === 'button' ? next.value! : '';

    const click = fake.buttonClick(PAGE_ACTIONS.next, value);
    const ack = await fake.sendEnvelope('interactive', click);
    expect(ack.envelope_id).toBeTruthy();
    expect(ack.payload ?? {}).toEqual({});
    const second = await fake.waitForResponse(click.response_url as string);
    expect(second.body.replace_original).toBe(true);
    const blocks = second.body.blocks as SlackBlock[];
    expect(textOf(blocks)).toContain('Page 2 of 3');
    expect(textOf(blocks)).not.toContain('Council session 1 votes');
    expect(textOf(blocks)).toMatch(/Council session \d+ votes/);
    const buttons = blocks.find((b) => b.type === 'actions');
    expect(buttons?.type === 'actions' && buttons.elements.map((e) => (e.type === 'button' ? e.action_id : ''))).toEqual([PAGE_ACTIONS.previous, PAGE_ACTIONS.next]);
  });

  it('ignores a button value it did not make', async () => {
    const forged = fake.buttonClick(PAGE_ACTIONS.next, 'p1.not-base64-json');
    const ack = await fake.sendEnvelope('interactive', forged);
    expect(ack.envelope_id).toBeTruthy();
    // The next command is answered, so the forged click had its turn and posted nothing.
    await slash('briefings');
    expect(fake.responses.some((r) => r.url === forged.response_url)).toBe(false);
  });

  it("gives other parts (digests) a Web API client that posts through SLACK_API_URL", async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Digest', verbatim: true } }];
    const posted = await slack.client.chat.postMessage({ channel: 'C0DIGEST', text: 'Digest', blocks });
    const call = await fake.waitForCall('chat.postMessage', (c) => c.params.channel === 'C0DIGEST');
    expect(call).toMatchObject({ token: fake.botToken, params: { text: 'Digest', blocks } });
    await slack.client.chat.update({ channel: 'C0DIGEST', ts: posted.ts!, text: 'Digest, updated' });
    expect((await fake.waitForCall('chat.update')).params).toMatchObject({ channel: 'C0DIGEST', ts: posted.ts, text: 'Digest, updated' });
    fake.setApiHandler('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    await expect(slack.client.chat.postMessage({ channel: 'C0GONE', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('logs a response_url that no longer works and goes on answering', async () => {
    // help has not run yet here, so its answer goes to the response_url.
    const dead = fake.slashCommand('help', { response_url: `${fake.origin}/expired/T0/1/abc` });
    await fake.sendEnvelope('slash_commands', dead);
    await slash('briefings');
    await expect.poll(() => logLines.some((l) => l.includes('could not answer in Slack'))).toBe(true);
  });

  it('never writes a token or a response_url into the logs', () => {
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [fake.botToken, fake.appToken, 'fake-ticket', '/commands/', '/actions/']) expect(logs).not.toContain(secret);
  });
});

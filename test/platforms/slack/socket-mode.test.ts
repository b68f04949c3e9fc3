/**
 * The real Bolt app in Socket Mode against the fake Slack on 127.0.0.1: slash commands through the
 * umbrella and direct commands, answers through response_url, paging buttons, escaping, rate limits.
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

/** A command that answers only when the test lets it: shows that the ack never waits for the work. */
let release: () => void = () => {};
const released = new Promise<void>((resolve) => (release = resolve));
const slowCommand = defineCommand({
  name: 'slow',
  description: 'Answers when released',
  usage: 'slow',
  options: z.object({}),
  handler: async () => {
    await released;
    return { title: 'Done at last', sections: [], data: {} };
  },
});

const logLines: string[] = [];
const captured = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }));

let fake: FakeSlack;
let slack: SlackApp;

beforeAll(async () => {
  fake = await FakeSlack.start();
  const commands = [...COMMANDS, echoCommand, slowCommand];
  const core = createCore(longBriefingLibrary(), { commands });
  const config = readSlackConfig({ ...fake.socketModeEnv, SLACK_RATE_LIMIT_BURST: '1000' }, commands);
  slack = await startSlack(core, config, { logger: captured, retries: 0 });
  await fake.waitForSocket();
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

/** Sends `/brief …` (or another command) over the socket; returns the ack and the answer posted to response_url. */
async function slash(text: string, fields: Record<string, string> = {}) {
  const payload = fake.slashCommand(text, fields);
  const ack = await fake.sendEnvelope('slash_commands', payload);
  const response = await fake.waitForResponse(payload.response_url!);
  return { ack, body: response.body, blocks: response.body.blocks as SlackBlock[] };
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

  it('acks /brief who Shoigu and answers privately with Block Kit', async () => {
    const { ack, body, blocks } = await slash('who Shoigu');
    expect(ack.envelope_id).toBeTruthy();
    expect(body.response_type).toBe('ephemeral');
    expect(header(blocks)).toBe('Sergei Shoigu');
    expect(body.text).toContain('Sergei Shoigu');
    expect(textOf(blocks)).toContain('¶1 · “In a rare phone call');
  });

  it('posts in the channel with public:true', async () => {
    const { body, blocks } = await slash('claims by:Shoigu public:true');
    expect(body.response_type).toBe('in_channel');
    expect(header(blocks)).toBe('Claims (by Shoigu)');
  });

  it('runs direct commands and /brief alone', async () => {
    const timeline = await slash('Shoigu briefing:shoigu-lecornu-call', { command: '/timeline' });
    expect(header(timeline.blocks)).toBe('Timeline: Shoigu');
    const brief = await slash('');
    expect(header(brief.blocks)).toBe('2 briefings');
    const byId = await slash('shoigu-lecornu-call');
    expect(header(byId.blocks)).toMatch(/Shoigu warns French counterpart/);
  });

  it('acks before the command has answered, then answers through response_url', async () => {
    const payload = fake.slashCommand('slow');
    const ack = await fake.sendEnvelope('slash_commands', payload);
    expect(ack.envelope_id).toBeTruthy();
    expect(fake.responses.some((r) => r.url === payload.response_url)).toBe(false);
    release();
    const answer = await fake.waitForResponse(payload.response_url!);
    expect(header(answer.body.blocks as SlackBlock[])).toBe('Done at last');
  });

  it('runs a command the registry gained later, through the umbrella', async () => {
    const { blocks } = await slash('echo hello there');
    expect(header(blocks)).toBe('Echo');
    expect(textOf(blocks)).toContain('hello there');
  });

  it('answers a parse error privately, with the usage as typed in Slack', async () => {
    const { body, blocks } = await slash('timeline --until 2020');
    expect(body.response_type).toBe('ephemeral');
    expect(textOf(blocks)).toContain('Unknown option --until');
    expect(textOf(blocks)).toContain('Usage: /brief timeline [actor]');
    const unknown = await slash('whoo Shoigu public:true');
    expect(unknown.body.response_type).toBe('ephemeral');
    expect(textOf(unknown.blocks)).toContain('*who*');
  });

  it('escapes mention and link syntax typed by the user', async () => {
    const { body, blocks } = await slash('who <!channel> <@U0BOSS> <!here> <https://evil.example|click> @everyone');
    const all = JSON.stringify(body);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U0BOSS&gt;');
    for (const raw of ['<!channel>', '<@U0BOSS>', '<!here>', '<https://evil.example|click>', '@everyone']) expect(all).not.toContain(raw);
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('pages a long reply with buttons; "next page" replaces the message in place', async () => {
    const first = await slash(`timeline briefing:${LONG_ID}`);
    expect(textOf(first.blocks)).toContain('Page 1 of 3');
    const actions = first.blocks.find((b) => b.type === 'actions');
    const next = actions?.type === 'actions' ? actions.elements.find((e) => e.type === 'button' && e.action_id === PAGE_ACTIONS.next) : undefined;
    expect(next?.type === 'button' && next.value).toBeTruthy();
    const value = next?.type === 'button' ? next.value! : '';

    const click = fake.buttonClick(PAGE_ACTIONS.next, value);
    const ack = await fake.sendEnvelope('interactive', click);
    expect(ack.envelope_id).toBeTruthy();
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
    const dead = fake.slashCommand('who Shoigu', { response_url: `${fake.origin}/expired/T0/1/abc` });
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

/**
 * The real Bolt app in HTTP mode: Slack's signed requests to /slack/events, answered in the HTTP body of
 * the ack (a command seen to be quick) or through response_url (one not yet seen, or too slow for the
 * deadline); badly signed, stale and future-dated requests refused with 401 before any handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/commands/command.ts';
import { COMMANDS } from '../../../src/commands/registry.ts';
import type { Core } from '../../../src/core.ts';
import { startSlack, type SlackApp } from '../../../src/platforms/slack/app.ts';
import { readSlackConfig } from '../../../src/platforms/slack/config.ts';
import { PAGE_ACTIONS, type SlackBlock } from '../../../src/render/blockkit.ts';
import { createCore } from '../../../src/core.ts';
import { gatedCommand } from '../../e2e/test-commands.ts';
import { FakeSlack } from '../../e2e/fake-slack.ts';
import { LONG_ID, longBriefingLibrary } from './long-briefing.ts';

let fake: FakeSlack;
let slack: SlackApp;
let url: string;
/** Every command that reached the core, to prove refused requests reach no handler. */
const reached: Array<{ name: string; caller: Caller }> = [];

/** Answers at once until a test holds it, as a slow library or Web API lookup would then. */
const slow = gatedCommand({ open: true });

beforeAll(async () => {
  fake = await FakeSlack.start();
  const core = createCore(longBriefingLibrary(), { commands: [...COMMANDS, slow.command] });
  // An observing wrapper, not a stand-in: every call goes on to the real core.
  const observed: Core = { ...core, run: (name, raw, caller) => (reached.push({ name, caller }), core.run(name, raw, caller)) };
  const config = readSlackConfig({ ...fake.httpModeEnv, SLACK_RATE_LIMIT_BURST: '2', SLACK_RATE_LIMIT_PER_MINUTE: '1' }, core.commands);
  slack = await startSlack(observed, config, { retries: 0 });
  url = `http://127.0.0.1:${slack.port}/slack/events`;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

const now = () => Math.floor(Date.now() / 1000);

describe('Slack in HTTP mode', () => {
  it('answers a correctly signed slash command after the ack the first time, then in the ack', async () => {
    const first = fake.slashCommand('who Lecornu', { user_id: 'U0ALICE' });
    const res = await fake.postSlashCommand(url, first);
    expect(res).toEqual({ status: 200, body: '' });
    const later = await fake.waitForAnswer(first.response_url!);
    expect(later.via).toBe('response_url');

    const second = fake.slashCommand('who Lecornu public:true', { user_id: 'U0ALICE' });
    const acked = await fake.postSlashCommand(url, second);
    expect(acked.status).toBe(200);
    const now = await fake.waitForAnswer(second.response_url!);
    expect(now.via).toBe('ack');
    expect(JSON.parse(acked.body)).toEqual(now.body);

    for (const [answer, visibility] of [[later, 'ephemeral'], [now, 'in_channel']] as const) {
      const blocks = answer.body.blocks as SlackBlock[];
      expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Sébastien Lecornu' } });
      expect(answer.body.response_type).toBe(visibility);
    }
    expect(reached.at(-1)).toMatchObject({ name: 'who', caller: { platform: 'slack', userId: 'U0ALICE', channelId: 'C0FAKECHAN', spaceId: fake.teamId } });
    // Another request is answered, so anything the second one posted would be in by now.
    const probe = fake.slashCommand('help', { user_id: 'U0ALICEPROBE' });
    await fake.postSlashCommand(url, probe);
    await fake.waitForAnswer(probe.response_url!);
    expect(fake.answersTo(second.response_url!)).toHaveLength(1);
  });

  it('answers a parse error privately in the ack, even with public:true', async () => {
    const payload = fake.slashCommand('timeline --until 2020 public:true', { user_id: 'U0TYPO' });
    const res = await fake.postSlashCommand(url, payload);
    const body = JSON.parse(res.body) as { response_type: string; blocks: SlackBlock[] };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('Unknown option --until');
  });

  it('acks a quick command that misses the deadline empty, then answers through response_url', async () => {
    // A user per request: this app allows each user a burst of two.
    for (const [i, via] of ['response_url', 'ack'].entries()) {
      const warm = fake.slashCommand('slow', { user_id: `U0SLOW${i}` });
      await fake.postSlashCommand(url, warm);
      expect((await fake.waitForAnswer(warm.response_url!)).via).toBe(via);
    }
    slow.hold();
    const payload = fake.slashCommand('slow', { user_id: 'U0SLOW2' });
    // The gate opens only once the ack is in: an ack waiting for the answer would never come.
    expect(await fake.postSlashCommand(url, payload)).toEqual({ status: 200, body: '' });
    slow.release();
    const answer = await fake.waitForAnswer(payload.response_url!);
    expect(answer).toMatchObject({ via: 'response_url', body: { response_type: 'ephemeral', replace_original: false } });
    expect(answer.body.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header', text: expect.objectContaining({ text: 'Slow answer' }) })]));
  });

  it.each([
    ['a bad signature', { secret: 'not-the-signing-secret' }],
    ['a malformed signature', { signature: 'v1=abc' }],
    ['a stale timestamp (6 minutes old)', { timestamp: now() - 6 * 60 }],
    ['a timestamp 10 minutes in the future', { timestamp: now() + 10 * 60 }],
  ])('refuses %s with 401 before any handler', async (_what, options) => {
    const before = reached.length;
    const payload = fake.slashCommand('who Shoigu', { user_id: 'U0MALLORY' });
    const res = await fake.postSlashCommand(url, payload, options);
    expect(res.status).toBe(401);
    // A valid request sent afterwards is answered, so anything the refused one started would be in by now.
    const probeUser = `U0PROBE${before}`;
    const probe = fake.slashCommand('briefings', { user_id: probeUser });
    expect((await fake.postSlashCommand(url, probe)).status).toBe(200);
    await fake.waitForAnswer(probe.response_url!);
    expect(reached.slice(before).map((r) => r.caller.userId)).toEqual([probeUser]);
    expect(fake.answersTo(payload.response_url!)).toEqual([]);
  });

  it('accepts a timestamp a little in the future (clock skew within 5 minutes)', async () => {
    const payload = fake.slashCommand('brief', { user_id: 'U0SKEW' });
    expect((await fake.postSlashCommand(url, payload, { timestamp: now() + 60 })).status).toBe(200);
    await fake.waitForAnswer(payload.response_url!);
  });

  it('pages through a signed button click', async () => {
    const payload = fake.slashCommand(`timeline briefing:${LONG_ID}`, { user_id: 'U0PAGER' });
    await fake.postSlashCommand(url, payload);
    const first = (await fake.waitForAnswer(payload.response_url!)).body.blocks as SlackBlock[];
    const actions = first.find((b) => b.type === 'actions');
    const next = actions?.type === 'actions' ? actions.elements[0] : undefined;
    expect(next?.type === 'button' ? next.action_id : undefined).toBe(PAGE_ACTIONS.next);
    const click = fake.buttonClick(PAGE_ACTIONS.next, next?.type === 'button' ? next.value! : '', { userId: 'U0PAGER' });
    // A button's ack is empty: the new page replaces the message through response_url.
    expect(await fake.postInteraction(url, click)).toEqual({ status: 200, body: '' });
    const second = await fake.waitForResponse(click.response_url as string);
    expect(second.body.replace_original).toBe(true);
    expect(JSON.stringify(second.body.blocks)).toContain('Page 2 of 3');
  });

  it('rate limits a user after a burst, telling them once and politely, in the ack', async () => {
    const send = async () => {
      const payload = fake.slashCommand('briefings', { user_id: 'U0HASTY' });
      const res = await fake.postSlashCommand(url, payload);
      expect(res.status).toBe(200);
      return { url: payload.response_url!, ack: res.body };
    };
    const sent = [await send(), await send(), await send(), await send()];
    const answers = await Promise.all(sent.slice(0, 3).map((s) => fake.waitForAnswer(s.url)));
    expect(answers[0]!.body.blocks).toBeDefined();
    expect(answers[1]!.body.blocks).toBeDefined();
    expect(answers[2]).toMatchObject({ via: 'ack', body: { response_type: 'ephemeral', text: expect.stringMatching(/a little fast.*try again in \d+ s/) } });
    // The fourth is refused quietly (an empty ack); another user is not affected.
    expect(sent[3]!.ack).toBe('');
    const other = fake.slashCommand('briefings', { user_id: 'U0CALM' });
    await fake.postSlashCommand(url, other);
    await fake.waitForAnswer(other.response_url!);
    expect(fake.answersTo(sent[3]!.url)).toEqual([]);
  });
});

/**
 * The real Bolt app in HTTP mode: Slack's signed requests to /slack/events, answered through
 * response_url; badly signed, stale and future-dated requests refused with 401 before any handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/commands/command.ts';
import type { Core } from '../../../src/core.ts';
import { startSlack, type SlackApp } from '../../../src/platforms/slack/app.ts';
import { readSlackConfig } from '../../../src/platforms/slack/config.ts';
import { PAGE_ACTIONS, type SlackBlock } from '../../../src/render/blockkit.ts';
import { createCore } from '../../../src/core.ts';
import { FakeSlack } from '../../e2e/fake-slack.ts';
import { LONG_ID, longBriefingLibrary } from './long-briefing.ts';

let fake: FakeSlack;
let slack: SlackApp;
let url: string;
/** Every command that reached the core, to prove refused requests reach no handler. */
const reached: Array<{ name: string; caller: Caller }> = [];

beforeAll(async () => {
  fake = await FakeSlack.start();
  const core = createCore(longBriefingLibrary());
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
  it('answers a correctly signed slash command', async () => {
    const payload = fake.slashCommand('who Lecornu', { user_id: 'U0ALICE' });
    const res = await fake.postSlashCommand(url, payload);
    expect(res.status).toBe(200);
    const answer = await fake.waitForResponse(payload.response_url!);
    const blocks = answer.body.blocks as SlackBlock[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Sébastien Lecornu' } });
    expect(answer.body.response_type).toBe('ephemeral');
    expect(reached.at(-1)).toMatchObject({ name: 'who', caller: { platform: 'slack', userId: 'U0ALICE', channelId: 'C0FAKECHAN', spaceId: fake.teamId } });
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
    await fake.waitForResponse(probe.response_url!);
    expect(reached.slice(before).map((r) => r.caller.userId)).toEqual([probeUser]);
    expect(fake.responses.some((r) => r.url === payload.response_url)).toBe(false);
  });

  it('accepts a timestamp a little in the future (clock skew within 5 minutes)', async () => {
    const payload = fake.slashCommand('brief', { user_id: 'U0SKEW' });
    expect((await fake.postSlashCommand(url, payload, { timestamp: now() + 60 })).status).toBe(200);
    await fake.waitForResponse(payload.response_url!);
  });

  it('pages through a signed button click', async () => {
    const payload = fake.slashCommand(`timeline briefing:${LONG_ID}`, { user_id: 'U0PAGER' });
    await fake.postSlashCommand(url, payload);
    const first = (await fake.waitForResponse(payload.response_url!)).body.blocks as SlackBlock[];
    const actions = first.find((b) => b.type === 'actions');
    const next = actions?.type === 'actions' ? actions.elements[0] : undefined;
    expect(next?.type === 'button' ? next.action_id : undefined).toBe(PAGE_ACTIONS.next);
    const click = fake.buttonClick(PAGE_ACTIONS.next, next?.type === 'button' ? next.value! : '', { userId: 'U0PAGER' });
    expect((await fake.postInteraction(url, click)).status).toBe(200);
    const second = await fake.waitForResponse(click.response_url as string);
    expect(second.body.replace_original).toBe(true);
    expect(JSON.stringify(second.body.blocks)).toContain('Page 2 of 3');
  });

  it('rate limits a user after a burst, telling them once and politely', async () => {
    const send = async () => {
      const payload = fake.slashCommand('briefings', { user_id: 'U0HASTY' });
      expect((await fake.postSlashCommand(url, payload)).status).toBe(200);
      return payload.response_url!;
    };
    const urls = [await send(), await send(), await send(), await send()];
    const answers = await Promise.all(urls.slice(0, 3).map((u) => fake.waitForResponse(u)));
    expect(answers[0]!.body.blocks).toBeDefined();
    expect(answers[1]!.body.blocks).toBeDefined();
    expect(answers[2]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/a little fast.*try again in \d+ s/) });
    // The fourth is refused quietly; another user is not affected.
    const other = fake.slashCommand('briefings', { user_id: 'U0CALM' });
    await fake.postSlashCommand(url, other);
    await fake.waitForResponse(other.response_url!);
    expect(fake.responses.some((r) => r.url === urls[3])).toBe(false);
  });
});

/**
 * Scheduled digests in Slack end to end: the real Bolt app in Socket Mode and the real digest runtime
 * (SQLite in a temp DATA_DIR, the scheduler driven by a fake clock) against the fake Slack on 127.0.0.1.
 * A chat command subscribes the channel; the scheduler's tick posts the digest with chat.postMessage.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core.ts';
import { readDigestConfig } from '../../../src/digest/config.ts';
import type { DigestScheduler } from '../../../src/digest/scheduler.ts';
import { DigestRuntime, findDigestService } from '../../../src/digest/service.ts';
import type { DigestStore } from '../../../src/digest/store.ts';
import { startSlack, type SlackApp } from '../../../src/platforms/slack/app.ts';
import { readSlackConfig } from '../../../src/platforms/slack/config.ts';
import type { SlackBlock } from '../../../src/render/blockkit.ts';
import { FakeClock, libraryOf, strikeBriefing, tempDb, type TempDb } from '../../digest/helpers.ts';
import { FakeSlack, type ApiCall } from '../../e2e/fake-slack.ts';

const ADMIN = 'U0ADMIN';
const MEMBER = 'U0FAKEUSER';
const CHANNEL = 'C0FAKECHAN';

interface Bot {
  core: Core;
  slack: SlackApp;
  runtime: DigestRuntime;
  scheduler: DigestScheduler;
  store: DigestStore;
  /** Every wait the scheduler asked for (the waits themselves are skipped unless held). */
  sleeps: number[];
  /** Set to hold the scheduler in its next wait until the promise settles; `waiting` resolves when it starts. */
  hold?: { release: Promise<void>; waiting: () => void };
}

let fake: FakeSlack;
let db: TempDb;
let clock: FakeClock;
const bots: Bot[] = [];

/** A bot process: digest runtime on DATA_DIR and the Slack app, wired as `npm start` wires them. */
async function startBot(): Promise<Bot> {
  const services: Record<string, unknown> = {};
  const core = createCore(libraryOf(strikeBriefing()), { services });
  const sleeps: number[] = [];
  const bot = { sleeps } as Bot;
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    const hold = bot.hold;
    if (hold) {
      hold.waiting();
      await hold.release;
    }
  };
  const runtime = new DigestRuntime({
    config: readDigestConfig({ DATA_DIR: `${db.dir}/data` }),
    library: () => core.library(),
    services,
    scheduler: { now: clock.now, sleep, random: () => 0.5 },
  });
  const config = readSlackConfig({ ...fake.socketModeEnv, SLACK_RATE_LIMIT_BURST: '1000' }, core.commands);
  const slack = await startSlack(core, config, { logger: pino({ level: 'silent' }), retries: 0, digests: runtime });
  await fake.waitForSocket();
  const service = findDigestService(core)!;
  Object.assign(bot, { core, slack, runtime, scheduler: service.scheduler!, store: service.store });
  bots.push(bot);
  return bot;
}

async function stopBot(bot: Bot): Promise<void> {
  bots.splice(bots.indexOf(bot), 1);
  await bot.slack.stop();
  await bot.runtime.stop();
}

beforeEach(async () => {
  db = tempDb();
  clock = new FakeClock(Date.now());
  fake = await FakeSlack.start();
  // Workspace roles: only ADMIN is an admin.
  fake.setApiHandler('users.info', (call) => ({ ok: true, user: { id: call.params.user, name: 'someone', is_admin: call.params.user === ADMIN, is_owner: false, is_primary_owner: false } }));
});

afterEach(async () => {
  for (const bot of [...bots]) await stopBot(bot);
  await fake.close();
  db.cleanup();
});

/** `/brief <text>` from `user` in the channel; the ack and the answer (in the ack, or posted to response_url). */
async function slash(text: string, user = ADMIN) {
  const payload = fake.slashCommand(text, { user_id: user });
  const ack = await fake.sendEnvelope('slash_commands', payload);
  const response = await fake.waitForAnswer(payload.response_url!);
  const blocks = (response.body.blocks ?? []) as SlackBlock[];
  return { ack, body: response.body, text: JSON.stringify(blocks) };
}

const posts = (): ApiCall[] => fake.calls.filter((c) => c.method === 'chat.postMessage');
const roleLookups = (): ApiCall[] => fake.calls.filter((c) => c.method === 'users.info');

/** chat.postMessage answered from `script` (an HTTP reply each), then like Slack: ok with a fresh ts. */
function scriptPosts(...script: Array<{ status?: number; headers?: Record<string, string>; body: Record<string, unknown> }>): { delivered: string[] } {
  const delivered: string[] = [];
  fake.setApiHandler('chat.postMessage', (call) => {
    const next = script.shift();
    if (next) return next;
    const ts = `${1_800_000_000 + delivered.length}.000200`;
    delivered.push(ts);
    return { ok: true, channel: call.params.channel, ts, message: { ts, text: call.params.text } };
  });
  return { delivered };
}

describe('Slack digests end to end', () => {
  it('posts the digest a chat command subscribed the channel to, at a real scheduled tick', async () => {
    const bot = await startBot();
    const subscribed = await slash('digest subscribe daily 08:00 tz:Europe/Paris');
    expect(subscribed.text).toContain('Digest #1 subscribed');
    expect(roleLookups().map((c) => c.params.user)).toEqual([ADMIN]);
    expect(bot.store.subscription(1)).toMatchObject({ platform: 'slack', channelId: CHANNEL, spaceId: fake.teamId, timeZone: 'Europe/Paris', createdBy: `slack:${ADMIN}` });

    const slot = bot.scheduler.nextRun(bot.store.subscription(1)!, clock.t).getTime();
    clock.set(new Date(slot + 1000).toISOString());
    const reports = await bot.scheduler.tick(clock.t);
    expect(reports).toMatchObject([{ subscriptionId: 1, kind: 'scheduled', outcome: 'sent', attempts: 1, digest: 'overview' }]);

    expect(posts()).toHaveLength(1);
    const post = posts()[0]!;
    expect(post.token).toBe(fake.botToken);
    expect(post.params).toMatchObject({ channel: CHANNEL, unfurl_links: 'false', unfurl_media: 'false' });
    const blocks = post.params.blocks as SlackBlock[];
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(blocks)).toContain('Dockworkers');
    expect(JSON.stringify(blocks)).toContain('Digest #1');
    expect(bot.store.lastDelivery(1)).toMatchObject({ status: 'sent', attempts: 1, messageId: expect.stringMatching(/^\d+\.\d+$/) });

    const list = await slash('digest list', MEMBER);
    expect(list.text).toMatch(/Last: sent for/);
  });

  it('answers send-now after the ack, once Slack has the digest; a 429 with Retry-After is waited out and the digest delivered once', async () => {
    const bot = await startBot();
    await slash('digest subscribe weekdays 09:30');
    const { delivered } = scriptPosts({ status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });

    // Hold the scheduler in its Retry-After wait: Slack has had its ack, and no answer yet.
    let release!: () => void;
    let waiting!: () => void;
    const inWait = new Promise<void>((resolve) => (waiting = resolve));
    bot.hold = { release: new Promise<void>((resolve) => (release = resolve)), waiting };
    const payload = fake.slashCommand('digest send-now', { user_id: ADMIN });
    const ack = await fake.sendEnvelope('slash_commands', payload);
    expect(ack.payload ?? {}).toEqual({});
    await inWait;
    expect(fake.responses.filter((r) => r.url === payload.response_url)).toEqual([]);
    release();
    const response = await fake.waitForResponse(payload.response_url!);
    const sent = { body: response.body, text: JSON.stringify(response.body.blocks) };
    expect(sent.text).toContain('Digest #1 sent');
    expect(sent.text).toContain('after 2 attempts');
    expect(sent.body.response_type).toBe('ephemeral');

    expect(posts()).toHaveLength(2);
    expect(delivered).toHaveLength(1);
    // The scheduler waited the Retry-After (3 s, plus jitter), never less, and only once.
    expect(bot.sleeps).toHaveLength(1);
    expect(bot.sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(bot.sleeps[0]).toBeLessThan(4000);
    expect(bot.store.lastDelivery(1)).toMatchObject({ kind: 'manual', status: 'sent', attempts: 2, messageId: delivered[0] });
  });

  it("marks the digest failing when the bot is not in the channel, and digest list says why and how to fix it", async () => {
    const bot = await startBot();
    await slash('digest subscribe daily 08:00');
    scriptPosts({ body: { ok: false, error: 'not_in_channel' } });
    const slot = bot.scheduler.nextRun(bot.store.subscription(1)!, clock.t).getTime();
    clock.set(new Date(slot + 1000).toISOString());
    const [report] = await bot.scheduler.tick(clock.t);
    // Permanent: one attempt, no retry.
    expect(report).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(posts()).toHaveLength(1);
    expect(bot.store.subscription(1)).toMatchObject({ status: 'failing', consecutiveFailures: 1 });

    const list = await slash('digest list', MEMBER);
    expect(list.text).toContain('failing');
    expect(list.text).toContain('not_in_channel');
    expect(list.text).toContain('/invite @briefing-bot');
  });

  it('refuses subscribe to a member who is not a workspace admin, asks Slack once, and lets them list', async () => {
    await startBot();
    const refused = await slash('digest subscribe daily 08:00', MEMBER);
    expect(refused.text).toMatch(/Only people who manage this channel/);
    expect(roleLookups()).toHaveLength(1);
    // The role is remembered for a while: a second try costs no second users.info.
    await slash('digest unsubscribe', MEMBER);
    expect(roleLookups()).toHaveLength(1);
    const list = await slash('digest list', MEMBER);
    expect(list.text).toMatch(/No digests in this channel/);
    // Neither list nor any other command looks the role up.
    await slash('who', MEMBER);
    expect(roleLookups()).toHaveLength(1);
  });

  it('tells the user why it cannot check their role when the app lacks users:read', async () => {
    await startBot();
    fake.setApiHandler('users.info', () => ({ ok: false, error: 'missing_scope', needed: 'users:read', provided: 'commands,chat:write' }));
    const refused = await slash('digest subscribe daily 08:00');
    expect(refused.text).toMatch(/lacks the users:read scope/);
  });

  it('sends no duplicate after a restart on the same database, and the next digest carries on from the last', async () => {
    const first = await startBot();
    await slash('digest subscribe daily 08:00');
    const slot = first.scheduler.nextRun(first.store.subscription(1)!, clock.t).getTime();
    clock.set(new Date(slot + 1000).toISOString());
    expect((await first.scheduler.tick(clock.t))[0]).toMatchObject({ outcome: 'sent', digest: 'overview' });
    await stopBot(first);

    const second = await startBot();
    clock.advance(30_000);
    expect(await second.scheduler.tick(clock.t)).toEqual([]);
    expect(posts()).toHaveLength(1);

    const next = second.scheduler.nextRun(second.store.subscription(1)!, clock.t).getTime();
    expect(next - slot).toBe(24 * 3600_000);
    clock.set(new Date(next + 1000).toISOString());
    expect((await second.scheduler.tick(clock.t))[0]).toMatchObject({ outcome: 'sent', digest: 'no-news' });
    expect(posts()).toHaveLength(2);
  });
});

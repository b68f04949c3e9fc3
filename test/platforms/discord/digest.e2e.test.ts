/**
 * Scheduled digests in Discord end to end: the real discord.js client and the real digest runtime (SQLite in
 * a temp DATA_DIR, the scheduler driven by a fake clock) against the fake Discord on 127.0.0.1. `/digest
 * subscribe` subscribes the channel; the scheduler's tick posts the digest with POST /channels/:id/messages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core.ts';
import { readDigestConfig } from '../../../src/digest/config.ts';
import { idempotencyKey, type DigestScheduler } from '../../../src/digest/scheduler.ts';
import { DigestRuntime, findDigestService } from '../../../src/digest/service.ts';
import type { DigestStore } from '../../../src/digest/store.ts';
import { startDiscord, type RunningDiscord } from '../../../src/platforms/discord/client.ts';
import { FakeClock, libraryOf, strikeBriefing, tempDb, type TempDb } from '../../digest/helpers.ts';
import { chatInput, DEFAULT_CHANNEL_ID, FakeDiscord, option, subcommand, type RecordedCall } from '../../e2e/fake-discord.ts';

const EPHEMERAL = 64;
const CALLBACK = { reply: 4, deferred: 5 } as const;
/** View Channel and Send Messages, without Manage Channels. */
const PLAIN_MEMBER = String((1n << 10n) | (1n << 11n));
const POST_MESSAGE = /^\/channels\/\d+\/messages$/;

interface Bot {
  core: Core;
  discord: RunningDiscord;
  runtime: DigestRuntime;
  scheduler: DigestScheduler;
  store: DigestStore;
  sleeps: number[];
}

let fake: FakeDiscord;
let db: TempDb;
let clock: FakeClock;
const bots: Bot[] = [];

async function startBot(): Promise<Bot> {
  const services: Record<string, unknown> = {};
  const core = createCore(libraryOf(strikeBriefing()), { services });
  const sleeps: number[] = [];
  const runtime = new DigestRuntime({
    config: readDigestConfig({ DATA_DIR: `${db.dir}/data` }),
    library: () => core.library(),
    services,
    scheduler: { now: clock.now, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  });
  const discord = await startDiscord(
    core,
    { token: FakeDiscord.TOKEN, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    { rest: { retries: 0, timeout: 2000 }, digests: runtime, digestTimeoutMs: 2000 },
  );
  const service = findDigestService(core)!;
  const bot = { core, discord, runtime, scheduler: service.scheduler!, store: service.store, sleeps };
  bots.push(bot);
  return bot;
}

async function stopBot(bot: Bot): Promise<void> {
  bots.splice(bots.indexOf(bot), 1);
  await bot.discord.stop();
  await bot.runtime.stop();
}

beforeEach(async () => {
  db = tempDb();
  clock = new FakeClock(Date.now());
  fake = await FakeDiscord.start();
});

afterEach(async () => {
  for (const bot of [...bots]) await stopBot(bot);
  await fake.close();
  db.cleanup();
});

/** `/digest <action> …options` in the default channel; `permissions` of the member (default: with Manage Channels). */
function digest(action: string, options: Array<Record<string, unknown>> = [], permissions?: string) {
  return fake.interact(chatInput('digest', [subcommand(action, options)], permissions ? { permissions } : {}));
}

function embedText(call: RecordedCall): string {
  const data = call.body.data ?? call.body;
  const embed = data.embeds[0];
  return [
    embed.title,
    embed.description,
    ...(embed.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value]),
    embed.footer?.text,
  ].join('\n');
}

const posts = (): RecordedCall[] => fake.calls.filter((c) => c.method === 'POST' && POST_MESSAGE.test(c.path));

/** Moves the clock just past the subscription's next run and ticks. */
async function tickAtNextRun(bot: Bot, id = 1) {
  const slot = bot.scheduler.nextRun(bot.store.subscription(id)!, clock.t).getTime();
  clock.set(new Date(slot + 1000).toISOString());
  return { slot, reports: await bot.scheduler.tick(clock.t) };
}

describe('Discord digests end to end', () => {
  it('posts the digest /digest subscribe set up, at a real scheduled tick, with no mentions and the nonce', async () => {
    const bot = await startBot();
    const subscribed = await digest('subscribe', [
      option('schedule', 'daily 08:00'),
      option('tz', 'Europe/Paris'),
      option('format', 'full'),
    ]);
    expect(subscribed.body.type).toBe(CALLBACK.reply);
    expect(subscribed.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(subscribed)).toContain('Digest #1 subscribed');
    expect(bot.store.subscription(1)).toMatchObject({
      platform: 'discord',
      channelId: DEFAULT_CHANNEL_ID,
      spaceId: '400000000000000001',
      timeZone: 'Europe/Paris',
      format: 'full',
    });

    const { slot, reports } = await tickAtNextRun(bot);
    expect(reports).toMatchObject([{ subscriptionId: 1, kind: 'scheduled', outcome: 'sent', attempts: 1, digest: 'overview' }]);
    expect(posts()).toHaveLength(1);
    const post = posts()[0]!;
    expect(post.path).toBe(`/channels/${DEFAULT_CHANNEL_ID}/messages`);
    expect(post.headers.authorization).toBe(`Bot ${FakeDiscord.TOKEN}`);
    expect(post.body).toMatchObject({ allowed_mentions: { parse: [] }, nonce: idempotencyKey(1, false, slot), enforce_nonce: true });
    expect(post.body.embeds).toHaveLength(1);
    expect(embedText(post)).toContain('Dockworkers');
    const created = fake.channelMessages(DEFAULT_CHANNEL_ID);
    expect(created).toHaveLength(1);
    expect(bot.store.lastDelivery(1)).toMatchObject({ status: 'sent', messageId: created[0]!.id });

    const list = await digest('list', [], PLAIN_MEMBER);
    expect(embedText(list)).toMatch(/Last: sent for/);
  });

  it('retries a 5xx and delivers once', async () => {
    const bot = await startBot();
    await digest('subscribe', [option('schedule', 'weekdays 09:30')]);
    fake.failNext('POST', POST_MESSAGE, 502, { message: 'Bad Gateway', code: 0 });
    const { reports } = await tickAtNextRun(bot);
    expect(reports).toMatchObject([{ outcome: 'sent', attempts: 2 }]);
    expect(posts()).toHaveLength(2);
    expect(new Set(posts().map((p) => p.body.nonce)).size).toBe(1);
    expect(fake.channelMessages(DEFAULT_CHANNEL_ID)).toHaveLength(1);
    // Exponential backoff with jitter: the first retry waits between 0.5 and 1 s.
    expect(bot.sleeps).toEqual([750]);
  });

  it('does not post twice when an answer is lost after Discord created the message: the retry carries the same nonce', async () => {
    const bot = await startBot();
    await digest('subscribe', [option('schedule', 'daily 08:00')]);
    fake.failNext('POST', POST_MESSAGE, 503, { message: 'Service Unavailable', code: 0 }, 1, { afterHandling: true });
    const { reports } = await tickAtNextRun(bot);
    expect(reports).toMatchObject([{ outcome: 'sent', attempts: 2 }]);
    expect(posts()).toHaveLength(2);
    const messages = fake.channelMessages(DEFAULT_CHANNEL_ID);
    expect(messages).toHaveLength(1);
    expect(bot.store.lastDelivery(1)!.messageId).toBe(messages[0]!.id);
  });

  it('waits out a rate limit for as long as Discord says', async () => {
    const bot = await startBot();
    await digest('subscribe', [option('schedule', 'daily 08:00')]);
    fake.failNext('POST', POST_MESSAGE, 429, { message: 'You are being rate limited.', retry_after: 2.5, global: false }, 1, {
      headers: { 'retry-after': '2.5', 'x-ratelimit-scope': 'user' },
    });
    const { reports } = await tickAtNextRun(bot);
    expect(reports).toMatchObject([{ outcome: 'sent', attempts: 2 }]);
    expect(bot.sleeps).toHaveLength(1);
    expect(bot.sleeps[0]).toBeGreaterThanOrEqual(2500);
    expect(bot.sleeps[0]).toBeLessThan(3000);
    expect(fake.channelMessages(DEFAULT_CHANNEL_ID)).toHaveLength(1);
  });

  it('marks the digest failing when the bot may not post, and /digest list says why', async () => {
    const bot = await startBot();
    await digest('subscribe', [option('schedule', 'daily 08:00')]);
    fake.failNext('POST', POST_MESSAGE, 403, { message: 'Missing Permissions', code: 50013 });
    const { reports } = await tickAtNextRun(bot);
    expect(reports).toMatchObject([{ outcome: 'failed', attempts: 1 }]);
    expect(bot.store.subscription(1)).toMatchObject({ status: 'failing' });
    const list = embedText(await digest('list', [], PLAIN_MEMBER));
    expect(list).toContain('failing');
    expect(list).toMatch(/missing\\?_access/);
    expect(list).toMatch(/Send Messages and Embed Links/);
  });

  it('refuses subscribe to a member without Manage Channels, and lets them list', async () => {
    const bot = await startBot();
    const refused = await digest('subscribe', [option('schedule', 'daily 08:00')], PLAIN_MEMBER);
    expect(refused.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(refused)).toMatch(/Only people who manage this channel/);
    expect(bot.store.subscriptions()).toEqual([]);
    const list = await digest('list', [], PLAIN_MEMBER);
    expect(embedText(list)).toMatch(/No digests in this channel/);
  });

  it('defers send-now at once and answers when the digest is in the channel', async () => {
    await startBot();
    await digest('subscribe', [option('schedule', 'daily 08:00')]);
    const callback = await digest('send-now');
    expect(callback.body.type).toBe(CALLBACK.deferred);
    expect(callback.body.data?.flags & EPHEMERAL).toBe(EPHEMERAL);
    const edit = await fake.waitForCall(
      (c) => c.method === 'PATCH' && c.path.startsWith(`/webhooks/${fake.applicationId}/${callback.sent.token}/messages/@original`),
    );
    expect(embedText(edit)).toContain('Digest #1 sent');
    expect(posts()).toHaveLength(1);
    // The post came before the answer that says it was sent.
    expect(fake.calls.indexOf(posts()[0]!)).toBeLessThan(fake.calls.indexOf(edit));
  });

  it('sends no duplicate after a restart on the same database', async () => {
    const first = await startBot();
    await digest('subscribe', [option('schedule', 'daily 08:00')]);
    expect((await tickAtNextRun(first)).reports).toMatchObject([{ outcome: 'sent' }]);
    const slotTime = clock.t;
    await stopBot(first);

    const second = await startBot();
    clock.set(new Date(slotTime + 20_000).toISOString());
    expect(await second.scheduler.tick(clock.t)).toEqual([]);
    expect(posts()).toHaveLength(1);
    expect((await tickAtNextRun(second)).reports).toMatchObject([{ outcome: 'sent', digest: 'no-news' }]);
    expect(fake.channelMessages(DEFAULT_CHANNEL_ID)).toHaveLength(2);
  });
});

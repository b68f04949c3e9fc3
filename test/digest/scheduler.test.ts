import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/registry.ts';
import { DeliveryError } from '../../src/digest/channel.ts';
import { readDigestConfig } from '../../src/digest/config.ts';
import { DIGEST_SERVICE_KEY } from '../../src/digest/service.ts';
import { DigestStore } from '../../src/digest/store.ts';
import { renderText } from '../../src/render/text.ts';
import { FakeChannel, FakeClock, harness, libraryOf, strikeBriefing, subscribe, tempDb, type Harness, type TempDb } from './helpers.ts';

const MINUTE = 60_000;

let db: TempDb;
const stores: DigestStore[] = [];
function track(h: Harness): Harness {
  stores.push(h.store);
  return h;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  db?.cleanup();
});

/** Lets pending promise callbacks (a post that was just started) run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const digestType = (h: Harness, i: number): unknown => (h.channel.messages[i]!.reply.data.digest as { type: string }).type;

describe('digest scheduler with a fake clock', () => {
  it('sends a slot when it is due, once, and the first digest is an overview', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    const sub = subscribe(h.store, clock.t, 'daily 08:00');
    expect(await h.scheduler.tick(clock.set('2025-03-03T07:59:59Z'))).toEqual([]);
    const [report] = await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'));
    expect(report).toMatchObject({ subscriptionId: sub.id, outcome: 'sent', kind: 'scheduled', slot: Date.parse('2025-03-03T08:00:00Z'), digest: 'overview' });
    expect(await h.scheduler.tick(clock.set('2025-03-03T08:00:40Z'))).toEqual([]);
    expect(h.channel.messages).toHaveLength(1);
    expect(h.channel.messages[0]).toMatchObject({ channelId: 'C1', context: { spaceId: 'T1' } });
    expect(digestType(h, 0)).toBe('overview');
    expect(h.store.subscription(sub.id)?.baselineAt).toBe(Date.parse('2025-03-03T08:00:00Z'));
  });

  it('follows Europe/Paris local time through the March DST change', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-27T12:00:00Z'));
    const h = track(harness(db.file, clock));
    subscribe(h.store, clock.t, 'daily 08:00', 'Europe/Paris');
    const kinds: string[] = [];
    for (let t = Date.parse('2025-03-28T00:00:00Z'); t <= Date.parse('2025-04-01T00:00:00Z'); t += 5 * MINUTE) {
      for (const r of await h.scheduler.tick(clock.set(new Date(t).toISOString()))) kinds.push(r.kind);
    }
    expect(h.store.deliveries(1).map((d) => new Date(d.slot).toISOString()).reverse()).toEqual([
      '2025-03-28T07:00:00.000Z',
      '2025-03-29T07:00:00.000Z',
      '2025-03-30T06:00:00.000Z', // 08:00 CEST, the first day of summer time
      '2025-03-31T06:00:00.000Z',
    ]);
    expect(kinds).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled']);
    expect(h.channel.messages).toHaveLength(4);
  });

  it('follows Europe/Paris local time through the October DST change', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-10-23T12:00:00Z'));
    const h = track(harness(db.file, clock));
    subscribe(h.store, clock.t, 'weekly fri,sat,sun,mon 08:00', 'Europe/Paris');
    for (let t = Date.parse('2025-10-24T00:00:00Z'); t <= Date.parse('2025-10-28T00:00:00Z'); t += 5 * MINUTE) await h.scheduler.tick(clock.set(new Date(t).toISOString()));
    expect(h.store.deliveries(1).map((d) => new Date(d.slot).toISOString()).reverse()).toEqual([
      '2025-10-24T06:00:00.000Z',
      '2025-10-25T06:00:00.000Z',
      '2025-10-26T07:00:00.000Z', // 08:00 CET, the first day of winter time
      '2025-10-27T07:00:00.000Z',
    ]);
  });

  it('reports what changed since the last digest, then "no news", and nothing at all when quiet', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    const loud = subscribe(h.store, clock.t, 'daily 08:00');
    const quiet = subscribe(h.store, clock.t, 'daily 08:00', 'UTC', { channelId: 'C2', quiet: true });
    await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'));
    h.library.current = libraryOf(strikeBriefing({ durationStatus: 'disputed' }));
    const day2 = await h.scheduler.tick(clock.set('2025-03-04T08:00:00Z'));
    expect(day2.map((r) => r.digest)).toEqual(['changes', 'changes']);
    const change = h.channel.messages[2]!.reply;
    const item = change.sections.flatMap((s) => s.items).find((i) => i.label?.includes('→'))!;
    expect(item.label).toBe('assertion · unverified → disputed');
    expect(item.citations[0]?.text).toMatch(/union said the strike would last/);
    const day3 = await h.scheduler.tick(clock.set('2025-03-05T08:00:00Z'));
    expect(day3.find((r) => r.subscriptionId === loud.id)).toMatchObject({ outcome: 'sent', digest: 'no-news' });
    expect(day3.find((r) => r.subscriptionId === quiet.id)).toMatchObject({ outcome: 'skipped' });
    expect(h.channel.messages.filter((m) => m.channelId === 'C2')).toHaveLength(2);
    expect(h.channel.messages.at(-1)!.reply.title).toBe('Digest: no news');
    expect(h.store.lastDelivery(quiet.id)?.status).toBe('skipped');
  });

  it('sends nothing twice after a restart between claim and confirmation, and loses no change', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const platform = new FakeChannel('slack', [], clock.now);
    const a = track(harness(db.file, clock, { channel: platform, instanceId: 'A' }));
    subscribe(a.store, clock.t, 'daily 08:00');
    await a.scheduler.tick(clock.set('2025-03-03T08:00:00Z'));
    expect(platform.messages).toHaveLength(1);

    // Day 2: a status changed; the platform accepts the post but the process dies before it hears back.
    a.library.current = libraryOf(strikeBriefing({ durationStatus: 'disputed' }));
    platform.queue('hang');
    void a.scheduler.tick(clock.set('2025-03-04T08:00:00Z'));
    await settle();
    expect(platform.messages).toHaveLength(2);
    a.store.close();

    // Restart: a new process on the same database.
    const b = track(harness(db.file, clock, { channel: platform, instanceId: 'B', library: a.library }));
    expect(await b.scheduler.tick(clock.set('2025-03-04T08:00:05Z'))).toEqual([]);
    expect(await b.scheduler.tick(clock.set('2025-03-04T09:05:00Z'))).toEqual([]);
    expect(platform.messages).toHaveLength(2);
    const unconfirmed = b.store.lastDelivery(1)!;
    expect(unconfirmed.status).toBe('unknown');
    expect(unconfirmed.claimedBy).toBe('A');

    // The next slot is sent normally and still carries the change the unconfirmed digest may have shown.
    await b.scheduler.tick(clock.set('2025-03-05T08:00:00Z'));
    expect(platform.messages).toHaveLength(3);
    const day3 = platform.messages[2]!.reply;
    expect(day3.sections.flatMap((s) => s.items).some((i) => i.label === 'assertion · unverified → disputed')).toBe(true);
    expect(new Set(platform.messages.map((m) => m.context.idempotencyKey)).size).toBe(3);
  });

  it('has two schedulers on one database send each slot once', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const platform = new FakeChannel('slack', [], clock.now);
    const a = track(harness(db.file, clock, { channel: platform, instanceId: 'A' }));
    const b = track(harness(db.file, clock, { channel: platform, instanceId: 'B', library: a.library }));
    for (let i = 0; i < 6; i++) subscribe(a.store, clock.t, i % 2 ? 'daily 08:00' : 'weekdays 08:00', 'UTC', { channelId: `C${i}` });
    for (const t of ['2025-03-03T08:00:00Z', '2025-03-03T08:00:01Z', '2025-03-04T08:00:00Z']) {
      clock.set(t);
      await Promise.all([a.scheduler.tick(), b.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick()]);
    }
    expect(platform.messages).toHaveLength(12);
    const perSlot = new Map<string, number>();
    for (const m of platform.messages) perSlot.set(m.context.idempotencyKey, (perSlot.get(m.context.idempotencyKey) ?? 0) + 1);
    expect([...perSlot.values()].every((n) => n === 1)).toBe(true);
  });

  it('delivers once after honouring Retry-After on a 429', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    h.channel.queue(DeliveryError.rateLimited(30_000), 'ok');
    subscribe(h.store, clock.t, 'daily 08:00');
    const [report] = await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'));
    expect(report).toMatchObject({ outcome: 'sent', attempts: 2 });
    expect(h.channel.messages).toHaveLength(1);
    expect(h.channel.attempts.map((a) => a.outcome)).toEqual(['rate_limited', 'ok']);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(30_000);
    expect(h.channel.attempts[1]!.at - h.channel.attempts[0]!.at).toBeGreaterThanOrEqual(30_000);
    expect(h.store.lastDelivery(1)).toMatchObject({ status: 'sent', attempts: 2, messageId: h.channel.messages[0]!.messageId });
  });

  it('delivers once after three 5xx, backing off further each time', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    h.channel.queue(DeliveryError.serverError(502), DeliveryError.serverError(503), DeliveryError.serverError(500), 'ok');
    subscribe(h.store, clock.t, 'daily 08:00');
    const [report] = await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'));
    expect(report).toMatchObject({ outcome: 'sent', attempts: 4 });
    expect(h.channel.messages).toHaveLength(1);
    expect(h.sleeps).toHaveLength(3);
    expect(h.sleeps[1]!).toBeGreaterThan(h.sleeps[0]!);
    expect(h.sleeps[2]!).toBeGreaterThan(h.sleeps[1]!);
    expect(h.store.subscription(1)?.status).toBe('active');
  });

  it('gives up a slot after the last retryable failure and recovers at the next slot', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    h.channel.queue(...Array.from({ length: 5 }, () => DeliveryError.serverError(503)));
    subscribe(h.store, clock.t, 'daily 08:00');
    const [report] = await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'));
    expect(report).toMatchObject({ outcome: 'failed', attempts: 5 });
    expect(h.store.subscription(1)).toMatchObject({ status: 'failing', consecutiveFailures: 1 });
    expect(h.store.subscription(1)?.lastError).toMatch(/server_error.*after 5 attempts/);
    await h.scheduler.tick(clock.set('2025-03-04T08:00:00Z'));
    expect(h.channel.messages).toHaveLength(1);
    expect(digestType(h, 0)).toBe('overview');
    expect(h.store.subscription(1)).toMatchObject({ status: 'active', consecutiveFailures: 0, lastError: null });
  });

  it('marks a subscription failing on a permanent error, says why in list, and recovers by itself', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    h.channel.queue(DeliveryError.channelGone());
    subscribe(h.store, clock.t, 'daily 08:00', 'Europe/Paris');
    const [report] = await h.scheduler.tick(clock.set('2025-03-04T07:00:00Z'));
    expect(report).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(h.sleeps).toEqual([]);
    expect(h.store.subscription(1)?.status).toBe('failing');

    const list = async (): Promise<string> => {
      const reply = await runCommand('digest', { action: 'list' }, {
        library: h.library.current,
        caller: { platform: 'slack', channelId: 'C1', spaceId: 'T1', userId: 'U1' },
        now: new Date(clock.t),
        services: { [DIGEST_SERVICE_KEY]: { config: readDigestConfig({}), store: h.store, scheduler: h.scheduler } },
      });
      expect(reply.error).toBeUndefined();
      return renderText(reply);
    };
    const failing = await list();
    expect(failing).toMatch(/#1 · failing/);
    expect(failing).toMatch(/Failing since Tue 4 Mar 2025, 08:00 CET \(1 failed digest\): channel_not_found: the channel no longer exists/);
    expect(failing).toMatch(/Tried again at the next run/);
    expect(failing).toMatch(/Next: Wed 5 Mar 2025, 08:00 CET/);

    await h.scheduler.tick(clock.set('2025-03-05T07:00:00Z'));
    expect(h.channel.messages).toHaveLength(1);
    const recovered = await list();
    expect(recovered).not.toMatch(/failing/i);
    expect(recovered).toMatch(/Last: sent for Wed 5 Mar 2025, 08:00 CET/);
  });

  it('catches up with one digest after downtime, never one per missed run', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:30:00Z'));
    const h = track(harness(db.file, clock));
    subscribe(h.store, clock.t, 'hourly');
    // Down from 07:30 until 12:10: the 08:00 … 12:00 runs were missed.
    const reports = await h.scheduler.tick(clock.set('2025-03-03T12:10:00Z'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ outcome: 'sent', kind: 'catch-up', slot: Date.parse('2025-03-03T12:00:00Z') });
    expect(h.channel.messages).toHaveLength(1);
    expect(h.channel.messages[0]!.reply.intro).toMatch(/Catch-up: this digest was due Mon 3 Mar 2025, 12:00 UTC \(10 min ago\).*4 earlier runs missed meanwhile are folded into it/);
    expect(await h.scheduler.tick(clock.set('2025-03-03T12:20:00Z'))).toEqual([]);
    const [next] = await h.scheduler.tick(clock.set('2025-03-03T13:00:00Z'));
    expect(next).toMatchObject({ outcome: 'sent', kind: 'scheduled' });
    expect(h.store.deliveries(1)).toHaveLength(2);
  });

  it('catches up a daily digest after days offline, but not once the newest run is older than DIGEST_CATCHUP_S', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    const early = subscribe(h.store, clock.t, 'daily 08:00', 'UTC', { channelId: 'C1' });
    const late = subscribe(h.store, clock.t, 'daily 08:00', 'UTC', { channelId: 'C2' });
    // Back three days later at 09:30: the newest run (08:00 today) is 1.5 h old.
    await h.scheduler.tick(clock.set('2025-03-06T09:30:00Z'));
    expect(h.store.deliveries(early.id).map((d) => [d.kind, d.status, new Date(d.slot).toISOString()])).toEqual([['catch-up', 'sent', '2025-03-06T08:00:00.000Z']]);
    expect(h.channel.messages).toHaveLength(2);

    // Another outage; back at 20:00, twelve hours after 08:00: beyond the 6 h window.
    h.store.removeSubscription(early.id, clock.t);
    const reports = await h.scheduler.tick(clock.set('2025-03-09T20:00:00Z'));
    expect(reports).toMatchObject([{ subscriptionId: late.id, outcome: 'missed', slot: Date.parse('2025-03-09T08:00:00Z') }]);
    expect(h.channel.messages).toHaveLength(2);
    expect(h.store.lastDelivery(late.id)?.note).toMatch(/missed while the bot was offline: 3 run\(s\).*DIGEST_CATCHUP_S/);
    await h.scheduler.tick(clock.set('2025-03-10T08:00:00Z'));
    expect(h.channel.messages).toHaveLength(3);
  });

  it('leaves slots undecided while their platform is not connected', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const store = DigestStore.open(db.file);
    const h = track(harness(db.file, clock, { store, channels: [] }));
    subscribe(store, clock.t, 'daily 08:00');
    expect(await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'))).toEqual([]);
    expect(store.subscription(1)?.cursorAt).toBe(Date.parse('2025-03-03T07:00:00Z'));
    h.scheduler.addChannel(h.channel);
    const [report] = await h.scheduler.tick(clock.set('2025-03-03T08:05:00Z'));
    expect(report).toMatchObject({ outcome: 'sent', kind: 'catch-up' });
  });

  it('sends a digest on demand without taking the scheduled slot', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.parse('2025-03-03T07:00:00Z'));
    const h = track(harness(db.file, clock));
    subscribe(h.store, clock.t, 'daily 08:00');
    expect(await h.scheduler.sendNow(1, clock.set('2025-03-03T07:50:00Z'))).toMatchObject({ outcome: 'sent', kind: 'manual', digest: 'overview' });
    expect(await h.scheduler.tick(clock.set('2025-03-03T08:00:00Z'))).toMatchObject([{ outcome: 'sent', kind: 'scheduled', digest: 'no-news' }]);
    expect(h.channel.messages).toHaveLength(2);
  });

  it('starts node-cron tasks for its subscriptions and removes them all on stop', async () => {
    db = tempDb();
    const clock = new FakeClock(Date.now());
    const h = track(harness(db.file, clock));
    subscribe(h.store, clock.t, 'daily 08:00');
    subscribe(h.store, clock.t, 'weekdays 09:30', 'Europe/Paris', { channelId: 'C2' });
    h.scheduler.start();
    expect(h.scheduler.taskCount).toBe(3);
    h.store.removeSubscription(1, clock.t);
    h.scheduler.reconcile();
    expect(h.scheduler.taskCount).toBe(2);
    await h.scheduler.stop();
    expect(h.scheduler.taskCount).toBe(0);
  });
});

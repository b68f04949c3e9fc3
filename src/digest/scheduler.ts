/**
 * Decides which digest slots are due and delivers them, exactly once per slot.
 *
 * `tick(now)` is the whole decision and is driven by an injected clock: tests call it with a fake `now`;
 * in production node-cron calls it at each subscription's run time (in its time zone) and a once-a-minute
 * sweep calls it too (subscriptions made by another process, anything node-cron missed).
 *
 * Per subscription and tick: the runs in (cursor, now] are found with node-cron's matcher; the newest one
 * is the only candidate (missed older runs are folded into it, never sent one by one); it is sent when it
 * is on time or within DIGEST_CATCHUP_S, otherwise recorded as missed. The slot's row is claimed in the
 * database before anything is sent (see store.claimSlot and docs/adr/0001-digest-delivery-exactly-once.md).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Library } from '../briefing/library.ts';
import { logger as rootLogger } from '../log.ts';
import { describeDeliveryError, type DigestChannel, type DigestPlatform } from './channel.ts';
import { composeDigest, type ComposedDigest } from './compose.ts';
import type { DigestConfig } from './config.ts';
import { DEFAULT_RETRY_POLICY, postWithRetry, realSleep, type RetryPolicy, type Sleep } from './retry.ts';
import { CronSchedule, humanDuration } from './schedule.ts';
import type { Delivery, DeliveryKind, DigestStore, Subscription } from './store.ts';

/** A run found this late is still "on time" (node-cron fires at the second; the sweep within a minute). */
const ON_TIME_MS = 2 * 60_000;
/** Longer than any delivery can take with its retries (10 attempts × a 5 min Retry-After at worst); a claim older than this was abandoned. */
export const DEFAULT_LEASE_MS = 60 * 60_000;
/** Bounds the walk over runs missed during a long outage. */
const MAX_RUNS_WALKED = 10_000;

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'missed' | 'taken' | 'busy';

export interface DeliveryReport {
  subscriptionId: number;
  slot: number;
  kind: DeliveryKind;
  outcome: DeliveryOutcome;
  deliveryId?: number;
  messageId?: string;
  attempts?: number;
  error?: string;
  digest?: ComposedDigest['type'];
}

type Plan = { send: true; slot: number; kind: 'scheduled' | 'catch-up'; missed: number } | { send: false; slot: number; note: string };

export interface SchedulerOptions {
  store: DigestStore;
  /** The current library (a reload swaps it), read at each delivery. */
  library: () => Library;
  config: Pick<DigestConfig, 'catchUpS' | 'maxAttempts'>;
  channels?: Iterable<DigestChannel>;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Names this process in claims; unique per start. */
  instanceId?: string;
  leaseMs?: number;
  logger?: Logger;
}

export class DigestScheduler {
  readonly instanceId: string;
  private readonly store: DigestStore;
  private readonly library: () => Library;
  private readonly catchUpMs: number;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly leaseMs: number;
  private readonly log: Logger;
  private readonly channels = new Map<DigestPlatform, DigestChannel>();
  private readonly schedules = new Map<string, CronSchedule>();
  /** Subscriptions with a delivery running in this process: one at a time keeps their snapshots in order. */
  private readonly busy = new Set<number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private tasks = new Map<string, ScheduledTask>();
  private sweep?: ScheduledTask;
  private stopping = false;
  private wake?: () => void;
  private readonly stopped: Promise<void>;

  constructor(options: SchedulerOptions) {
    this.store = options.store;
    this.library = options.library;
    this.catchUpMs = options.config.catchUpS * 1000;
    this.policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: options.config.maxAttempts, ...options.retry };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.log = (options.logger ?? rootLogger).child({ component: 'digest' });
    this.stopped = new Promise((resolve) => {
      this.wake = resolve;
    });
    for (const channel of options.channels ?? []) this.addChannel(channel);
  }

  /** A platform adapter hands over its delivery; its subscriptions are served from the next tick. */
  addChannel(channel: DigestChannel): void {
    this.channels.set(channel.platform, channel);
  }

  hasChannel(platform: DigestPlatform): boolean {
    return this.channels.has(platform);
  }

  scheduleOf(sub: Pick<Subscription, 'cron' | 'timeZone'>): CronSchedule {
    const key = `${sub.cron}\u0000${sub.timeZone}`;
    let schedule = this.schedules.get(key);
    if (!schedule) {
      schedule = CronSchedule.create(sub.cron, sub.timeZone);
      this.schedules.set(key, schedule);
    }
    return schedule;
  }

  nextRun(sub: Pick<Subscription, 'cron' | 'timeZone'>, after: number = this.now()): Date {
    return this.scheduleOf(sub).next(after);
  }

  /** What is due for one subscription at `now`, if anything. */
  plan(sub: Subscription, now: number): Plan | undefined {
    const schedule = this.scheduleOf(sub);
    const walked = schedule.runsBetween(sub.cursorAt, now, MAX_RUNS_WALKED);
    if (walked.runs.length === 0) return undefined;
    let newest = walked.runs.at(-1)!;
    let count = walked.runs.length;
    if (walked.truncated) {
      // A very long outage: only the runs still within the catch-up window matter.
      const recent = schedule.runsBetween(Math.max(newest, now - this.catchUpMs - 1000), now, MAX_RUNS_WALKED).runs;
      if (recent.length) newest = recent.at(-1)!;
      count += recent.length;
    }
    const age = now - newest;
    if (age > Math.max(this.catchUpMs, ON_TIME_MS)) {
      return {
        send: false,
        slot: newest,
        note: `missed while the bot was offline: ${count}${walked.truncated ? '+' : ''} run(s), the newest ${humanDuration(age)} before it came back, beyond the catch-up window (DIGEST_CATCHUP_S = ${humanDuration(this.catchUpMs)})`,
      };
    }
    return { send: true, slot: newest, kind: count === 1 && age <= ON_TIME_MS ? 'scheduled' : 'catch-up', missed: count - 1 };
  }

  /** Finds the due slots at `now`, claims them and delivers them. Resolves when every delivery finished. */
  async tick(now: number = this.now()): Promise<DeliveryReport[]> {
    for (const d of this.store.expireClaims(now)) {
      this.log.warn({ subscription: d.subscriptionId, slot: new Date(d.slot).toISOString(), claimedBy: d.claimedBy }, 'digest claim expired unconfirmed; marked unknown and not re-sent');
    }
    const reports: DeliveryReport[] = [];
    const work: Array<Promise<DeliveryReport>> = [];
    for (const sub of this.store.subscriptions()) {
      // No adapter for the platform (not configured, or not started yet): decide nothing, so the slot
      // is still caught up when it comes back within the window.
      const channel = this.channels.get(sub.platform);
      if (!channel || this.busy.has(sub.id)) continue;
      let plan: Plan | undefined;
      try {
        plan = this.plan(sub, now);
      } catch (err) {
        this.log.error({ err, subscription: sub.id }, 'digest schedule could not be evaluated');
        continue;
      }
      if (!plan) continue;
      const claimed = this.store.claimSlot({
        subscriptionId: sub.id,
        slot: plan.slot,
        kind: plan.send ? plan.kind : 'scheduled',
        instanceId: this.instanceId,
        now,
        leaseMs: this.leaseMs,
        ...(plan.send ? {} : { status: 'missed' as const, note: plan.note }),
      });
      if (!plan.send) {
        if (claimed) this.log.warn({ subscription: sub.id, slot: new Date(plan.slot).toISOString() }, `digest ${plan.note}`);
        reports.push({ subscriptionId: sub.id, slot: plan.slot, kind: 'scheduled', outcome: claimed ? 'missed' : 'taken' });
        continue;
      }
      if (!claimed) {
        reports.push({ subscriptionId: sub.id, slot: plan.slot, kind: plan.kind, outcome: 'taken' });
        continue;
      }
      work.push(this.track(this.deliver(sub, claimed, channel, { kind: plan.kind, slot: plan.slot, missed: plan.missed })));
    }
    return [...reports, ...(await Promise.all(work))];
  }

  /** A digest now, outside the schedule (send-now). Never takes a scheduled slot; ignores `quiet`. */
  async sendNow(subscriptionId: number, now: number = this.now()): Promise<DeliveryReport> {
    const sub = this.store.subscription(subscriptionId);
    if (!sub) throw new Error(`no subscription ${subscriptionId}`);
    const channel = this.channels.get(sub.platform);
    if (!channel) return { subscriptionId, slot: now, kind: 'manual', outcome: 'failed', error: `no ${sub.platform} connection in this bot` };
    if (this.busy.has(sub.id)) return { subscriptionId, slot: now, kind: 'manual', outcome: 'busy' };
    const claimed = this.store.claimSlot({ subscriptionId, slot: now, kind: 'manual', instanceId: this.instanceId, now, leaseMs: this.leaseMs });
    if (!claimed) return { subscriptionId, slot: now, kind: 'manual', outcome: 'taken' };
    return this.track(this.deliver(sub, claimed, channel, { kind: 'manual', slot: now, missed: 0 }));
  }

  /** The digest the subscription would get now, without sending it or moving its baseline. */
  preview(sub: Subscription, now: number = this.now()): ComposedDigest {
    return previewDigest(this.store, this.library(), sub, now);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return promise;
  }

  private async deliver(sub: Subscription, delivery: Delivery, channel: DigestChannel, what: { kind: DeliveryKind; slot: number; missed: number }): Promise<DeliveryReport> {
    const base = { subscriptionId: sub.id, slot: what.slot, kind: what.kind, deliveryId: delivery.id };
    const logFields = { subscription: sub.id, platform: sub.platform, channel: sub.channelId, slot: new Date(what.slot).toISOString(), kind: what.kind };
    this.busy.add(sub.id);
    try {
      let digest: ComposedDigest;
      try {
        digest = composeDigest(this.library(), {
          filter: sub.filter,
          format: sub.format,
          baseline: sub.baselineAt === null ? undefined : this.store.snapshot(sub.id),
          baselineAt: sub.baselineAt,
          subscription: sub,
          kind: what.kind,
          slot: what.slot,
          missedSlots: what.missed,
          now: this.now(),
          timeZone: sub.timeZone,
        });
      } catch (err) {
        // Nothing was sent, so the slot can honestly be recorded as failed.
        this.log.error({ ...logFields, err }, 'digest could not be composed');
        this.store.markFailed(delivery.id, this.instanceId, { error: `internal_error: the digest could not be composed (${(err as Error).message})`, attempts: 0, now: this.now() });
        return { ...base, outcome: 'failed', error: 'internal_error' };
      }
      if (digest.type === 'no-news' && sub.quiet && what.kind !== 'manual') {
        this.store.settleSkipped(delivery.id, this.instanceId, this.now(), 'nothing changed; quiet subscription, nothing sent');
        this.log.info(logFields, 'digest skipped: no news (quiet)');
        return { ...base, outcome: 'skipped', digest: digest.type };
      }
      const outcome = await postWithRetry(
        () => channel.post(sub.channelId, digest.reply, { spaceId: sub.spaceId, idempotencyKey: idempotencyKey(sub.id, delivery.manual, what.slot) }),
        {
          policy: this.policy,
          random: this.random,
          sleep: (ms) => Promise.race([this.sleep(ms), this.stopped]),
          shouldContinue: () => !this.stopping,
          onRetry: (error, attempt, delayMs) => {
            this.store.recordAttempt(delivery.id, attempt, describeDeliveryError(error));
            this.log.warn({ ...logFields, attempt, delayMs, code: error.code, status: error.status }, `digest post failed, retrying: ${error.message}`);
          },
        },
      );
      if (outcome.ok) {
        // If this throws (database gone), the claim stays unconfirmed and will read 'unknown': never re-sent.
        this.store.confirmSent(delivery.id, this.instanceId, { messageId: outcome.messageId, attempts: outcome.attempts, now: this.now(), snapshot: digest.snapshot, baselineAt: what.slot });
        this.log.info({ ...logFields, messageId: outcome.messageId, attempts: outcome.attempts, digest: digest.type, items: digest.changeCount }, 'digest sent');
        return { ...base, outcome: 'sent', messageId: outcome.messageId, attempts: outcome.attempts, digest: digest.type };
      }
      const why = outcome.gaveUp === 'attempts' ? ` after ${outcome.attempts} attempts` : outcome.gaveUp === 'retry-after' ? ' (the platform asked to wait longer than we hold a slot)' : outcome.gaveUp === 'stopped' ? ' (the bot shut down while retrying)' : '';
      const error = `${describeDeliveryError(outcome.error)}${why}`;
      this.store.markFailed(delivery.id, this.instanceId, { error, attempts: outcome.attempts, now: this.now() });
      this.log.error({ ...logFields, code: outcome.error.code, attempts: outcome.attempts }, `digest not delivered; subscription marked failing, retried at its next run: ${error}`);
      return { ...base, outcome: 'failed', attempts: outcome.attempts, error };
    } finally {
      this.busy.delete(sub.id);
    }
  }

  /** Production: node-cron fires each subscription at its run times in its zone, plus a minute sweep. */
  start(): void {
    if (this.sweep) return;
    if (this.stopping) throw new Error('a stopped DigestScheduler is not restarted; create a new one');
    this.sweep = cron.schedule('* * * * *', () => this.safeTick(), { name: `digest-sweep-${this.instanceId}`, logger: this.cronLogger() });
    this.safeTick();
  }

  /** Makes node-cron's tasks match the subscriptions in the database (some may come from another process). */
  reconcile(): void {
    if (!this.sweep) return;
    const wanted = new Map<string, Subscription>();
    for (const sub of this.store.subscriptions()) wanted.set(`${sub.id}\u0000${sub.cron}\u0000${sub.timeZone}`, sub);
    for (const [key, task] of this.tasks) {
      if (!wanted.has(key)) {
        void task.destroy();
        this.tasks.delete(key);
      }
    }
    for (const [key, sub] of wanted) {
      if (this.tasks.has(key)) continue;
      try {
        this.tasks.set(key, cron.schedule(sub.cron, () => this.safeTick(), { timezone: sub.timeZone, name: `digest-${sub.id}-${this.instanceId}`, logger: this.cronLogger() }));
      } catch (err) {
        this.log.error({ err, subscription: sub.id }, 'digest schedule could not be started');
      }
    }
  }

  private safeTick(): void {
    if (this.stopping) return;
    try {
      this.reconcile();
    } catch (err) {
      this.log.error({ err }, 'digest schedules could not be reconciled');
    }
    this.tick(this.now()).catch((err: unknown) => this.log.error({ err }, 'digest tick failed'));
  }

  /** Stops firing, cuts short any retry wait, and waits (bounded) for deliveries in flight. */
  async stop(timeoutMs = 8000): Promise<void> {
    this.stopping = true;
    this.wake?.();
    void this.sweep?.destroy();
    this.sweep = undefined;
    for (const task of this.tasks.values()) void task.destroy();
    this.tasks.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  /** Number of node-cron tasks running (tests check start/stop clean up). */
  get taskCount(): number {
    return this.tasks.size + (this.sweep ? 1 : 0);
  }

  private cronLogger() {
    const log = this.log;
    return {
      info: (message: string) => log.debug({ source: 'node-cron' }, message),
      warn: (message: string) => log.warn({ source: 'node-cron' }, message),
      error: (message: string | Error, err?: Error) => log.error({ source: 'node-cron', err: err ?? message }, typeof message === 'string' ? message : message.message),
      debug: (message: string | Error) => log.debug({ source: 'node-cron' }, String(message)),
    };
  }
}

/**
 * Stable for every attempt at one digest, unique across subscriptions and slots, and short enough for
 * Discord's message nonce (DISCORD_LIMITS.nonce): "d", the subscription in decimal, "s" (slot) or "m"
 * (send-now), the slot's epoch milliseconds in base 36.
 */
export function idempotencyKey(subscriptionId: number, manual: boolean, slot: number): string {
  return `d${subscriptionId}${manual ? 'm' : 's'}${slot.toString(36)}`;
}

/** The next digest of a subscription as it stands, from the store alone (usable without a scheduler, e.g. the CLI). */
export function previewDigest(store: DigestStore, library: Library, sub: Subscription, now: number): ComposedDigest {
  return composeDigest(library, {
    filter: sub.filter,
    format: sub.format,
    baseline: sub.baselineAt === null ? undefined : store.snapshot(sub.id),
    baselineAt: sub.baselineAt,
    subscription: sub,
    kind: 'preview',
    now,
    timeZone: sub.timeZone,
  });
}

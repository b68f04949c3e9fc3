/**
 * The digest database (better-sqlite3, WAL): subscriptions, one row per delivery, and each subscription's
 * snapshot of the facts its channel last saw. Every state change that must not be half-done is one transaction.
 *
 * Exactly once per slot rests on `claimSlot`: inserting the (subscription, slot) row inside a write
 * transaction is the lock; whoever inserts it sends it, and nobody ever sends a slot whose row exists.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DigestPlatform } from './channel.ts';
import { migrate } from './migrations.ts';
import type { FactRecord, FactState } from './snapshot.ts';

export type DigestFormat = 'short' | 'full';
export type DeliveryKind = 'scheduled' | 'catch-up' | 'manual';
export type DeliveryStatus = 'claimed' | 'sent' | 'skipped' | 'failed' | 'unknown' | 'missed';

export interface BriefingFilter {
  /** Briefing ids; with tags, a briefing is in when either matches. Both empty: every briefing. */
  briefings: string[];
  tags: string[];
}

export interface Subscription {
  id: number;
  platform: DigestPlatform;
  spaceId: string;
  channelId: string;
  /** As shown to users: the preset ("weekdays 09:30") or the cron expression. */
  schedule: string;
  cron: string;
  timeZone: string;
  filter: BriefingFilter;
  format: DigestFormat;
  /** Nothing is sent when nothing changed (otherwise a one-line "no news"). */
  quiet: boolean;
  createdBy: string | null;
  createdAt: number;
  cursorAt: number;
  baselineAt: number | null;
  status: 'active' | 'failing';
  failingSince: number | null;
  consecutiveFailures: number;
  lastError: string | null;
}

export type NewSubscription = Pick<Subscription, 'platform' | 'spaceId' | 'channelId' | 'schedule' | 'cron' | 'timeZone' | 'filter' | 'format' | 'quiet'> & {
  createdBy?: string;
};

export interface Delivery {
  id: number;
  subscriptionId: number;
  slot: number;
  manual: boolean;
  kind: DeliveryKind;
  status: DeliveryStatus;
  claimedBy: string;
  claimedAt: number;
  leaseUntil: number;
  finishedAt: number | null;
  attempts: number;
  messageId: string | null;
  error: string | null;
  note: string | null;
}

interface SubscriptionRow {
  id: number;
  platform: DigestPlatform;
  space_id: string;
  channel_id: string;
  schedule: string;
  cron: string;
  timezone: string;
  briefing_ids: string;
  tags: string;
  format: DigestFormat;
  quiet: number;
  created_by: string | null;
  created_at: number;
  cursor_at: number;
  baseline_at: number | null;
  status: 'active' | 'failing';
  failing_since: number | null;
  consecutive_failures: number;
  last_error: string | null;
}

interface DeliveryRow {
  id: number;
  subscription_id: number;
  slot: number;
  manual: number;
  kind: DeliveryKind;
  status: DeliveryStatus;
  claimed_by: string;
  claimed_at: number;
  lease_until: number;
  finished_at: number | null;
  attempts: number;
  message_id: string | null;
  error: string | null;
  note: string | null;
}

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    platform: r.platform,
    spaceId: r.space_id,
    channelId: r.channel_id,
    schedule: r.schedule,
    cron: r.cron,
    timeZone: r.timezone,
    filter: { briefings: JSON.parse(r.briefing_ids) as string[], tags: JSON.parse(r.tags) as string[] },
    format: r.format,
    quiet: r.quiet === 1,
    createdBy: r.created_by,
    createdAt: r.created_at,
    cursorAt: r.cursor_at,
    baselineAt: r.baseline_at,
    status: r.status,
    failingSince: r.failing_since,
    consecutiveFailures: r.consecutive_failures,
    lastError: r.last_error,
  };
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    slot: r.slot,
    manual: r.manual === 1,
    kind: r.kind,
    status: r.status,
    claimedBy: r.claimed_by,
    claimedAt: r.claimed_at,
    leaseUntil: r.lease_until,
    finishedAt: r.finished_at,
    attempts: r.attempts,
    messageId: r.message_id,
    error: r.error,
    note: r.note,
  };
}

export interface ClaimRequest {
  subscriptionId: number;
  slot: number;
  kind: DeliveryKind;
  instanceId: string;
  now: number;
  leaseMs: number;
  /** Claim and settle at once (a missed slot): the row records the decision, nothing is sent. */
  status?: 'claimed' | 'missed';
  note?: string;
}

export class DigestStore {
  readonly schemaVersion: number;

  constructor(private readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    // FULL: a claim must be on disk before the post it guards, or a power cut could lose the claim and
    // let the slot be sent again. The writes are a handful per digest, so the cost is nothing.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Two processes on one database wait for each other's short write transactions instead of failing.
    db.pragma('busy_timeout = 5000');
    this.schemaVersion = migrate(db);
  }

  /** Opens (creating the folder and the database on first start) the database at `file`. */
  static open(file: string): DigestStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return new DigestStore(new Database(file));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  // ---- subscriptions ----

  addSubscription(input: NewSubscription, now: number): Subscription {
    const info = this.db
      .prepare(
        `INSERT INTO subscriptions (platform, space_id, channel_id, schedule, cron, timezone, briefing_ids, tags, format, quiet, created_by, created_at, cursor_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.platform,
        input.spaceId,
        input.channelId,
        input.schedule,
        input.cron,
        input.timeZone,
        JSON.stringify(input.filter.briefings),
        JSON.stringify(input.filter.tags),
        input.format,
        input.quiet ? 1 : 0,
        input.createdBy ?? null,
        now,
        now,
      );
    return this.subscription(Number(info.lastInsertRowid))!;
  }

  /** Soft delete: the delivery history stays; the snapshot goes. False when there was no such subscription. */
  removeSubscription(id: number, now: number): boolean {
    return this.db.transaction(() => {
      const info = this.db.prepare('UPDATE subscriptions SET removed_at = ? WHERE id = ? AND removed_at IS NULL').run(now, id);
      if (info.changes === 0) return false;
      this.db.prepare('DELETE FROM snapshot_facts WHERE subscription_id = ?').run(id);
      return true;
    })();
  }

  subscription(id: number): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE id = ? AND removed_at IS NULL').get(id) as SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  /** Live subscriptions, oldest first; of one channel when given. */
  subscriptions(where: { platform?: DigestPlatform; channelId?: string } = {}): Subscription[] {
    const rows = (
      where.platform && where.channelId
        ? this.db.prepare('SELECT * FROM subscriptions WHERE removed_at IS NULL AND platform = ? AND channel_id = ? ORDER BY id').all(where.platform, where.channelId)
        : this.db.prepare('SELECT * FROM subscriptions WHERE removed_at IS NULL ORDER BY id').all()
    ) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  /** Moves the cursor forward only (two schedulers may both advance it). */
  advanceCursor(subscriptionId: number, to: number): void {
    this.db.prepare('UPDATE subscriptions SET cursor_at = MAX(cursor_at, ?) WHERE id = ?').run(to, subscriptionId);
  }

  // ---- deliveries ----

  /**
   * Takes the slot: inserts its row unless one exists, and moves the cursor past it, in one write
   * transaction. Returns the new row, or undefined when the slot was already taken (by another process,
   * an earlier run of this one, or a crash before confirmation) or the subscription is gone.
   */
  claimSlot(request: ClaimRequest): Delivery | undefined {
    return this.db.transaction((): Delivery | undefined => {
      const live = this.db.prepare('SELECT 1 FROM subscriptions WHERE id = ? AND removed_at IS NULL').get(request.subscriptionId);
      if (!live) return undefined;
      const status = request.status ?? 'claimed';
      const info = this.db
        .prepare(
          `INSERT INTO deliveries (subscription_id, slot, manual, kind, status, claimed_by, claimed_at, lease_until, finished_at, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (subscription_id, slot, manual) DO NOTHING`,
        )
        .run(
          request.subscriptionId,
          request.slot,
          request.kind === 'manual' ? 1 : 0,
          request.kind,
          status,
          request.instanceId,
          request.now,
          request.now + request.leaseMs,
          status === 'claimed' ? null : request.now,
          request.note ?? null,
        );
      if (request.kind !== 'manual') this.advanceCursor(request.subscriptionId, request.slot);
      if (info.changes === 0) return undefined;
      return toDelivery(this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(Number(info.lastInsertRowid)) as DeliveryRow);
    }).immediate();
  }

  delivery(id: number): Delivery | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return row && toDelivery(row);
  }

  deliveries(subscriptionId: number, limit = 50): Delivery[] {
    const rows = this.db.prepare('SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY claimed_at DESC, id DESC LIMIT ?').all(subscriptionId, limit) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  lastDelivery(subscriptionId: number): Delivery | undefined {
    return this.deliveries(subscriptionId, 1)[0];
  }

  /**
   * Claims whose lease ran out without confirmation: the process that held them died (or hangs) between
   * claim and confirmation. They become 'unknown' and are never re-sent — see docs/adr/0001.
   */
  expireClaims(now: number): Delivery[] {
    return this.db.transaction(() => {
      const rows = this.db.prepare("SELECT * FROM deliveries WHERE status = 'claimed' AND lease_until < ?").all(now) as DeliveryRow[];
      const mark = this.db.prepare("UPDATE deliveries SET status = 'unknown', finished_at = ?, note = ? WHERE id = ? AND status = 'claimed'");
      for (const r of rows) mark.run(now, 'not confirmed before the claim expired (the bot stopped while sending?); not re-sent', r.id);
      return rows.map((r) => ({ ...toDelivery(r), status: 'unknown' as const }));
    }).immediate();
  }

  /**
   * The platform confirmed the post: record it, make the composed snapshot the channel's new baseline and
   * clear any failing state, all at once. Also accepted after the claim was marked 'unknown' (a very slow
   * delivery outliving its lease), because it is the truth.
   */
  confirmSent(deliveryId: number, instanceId: string, result: { messageId: string; attempts: number; now: number; snapshot: FactRecord[]; baselineAt: number }): boolean {
    return this.db.transaction(() => {
      const info = this.db
        .prepare("UPDATE deliveries SET status = 'sent', message_id = ?, attempts = ?, finished_at = ?, error = NULL WHERE id = ? AND claimed_by = ? AND status IN ('claimed', 'unknown')")
        .run(result.messageId, result.attempts, result.now, deliveryId, instanceId);
      if (info.changes === 0) return false;
      const { subscription_id: subscriptionId } = this.db.prepare('SELECT subscription_id FROM deliveries WHERE id = ?').get(deliveryId) as { subscription_id: number };
      this.replaceSnapshot(subscriptionId, result.snapshot);
      this.db
        .prepare("UPDATE subscriptions SET baseline_at = MAX(COALESCE(baseline_at, 0), ?), status = 'active', failing_since = NULL, consecutive_failures = 0, last_error = NULL WHERE id = ?")
        .run(result.baselineAt, subscriptionId);
      return true;
    }).immediate();
  }

  /** Nothing to send (quiet subscription, nothing changed): the slot is settled and the channel is fine. */
  settleSkipped(deliveryId: number, instanceId: string, now: number, note: string): void {
    this.db.transaction(() => {
      const info = this.db.prepare("UPDATE deliveries SET status = 'skipped', finished_at = ?, note = ? WHERE id = ? AND claimed_by = ? AND status = 'claimed'").run(now, note, deliveryId, instanceId);
      if (info.changes === 0) return;
      this.db
        .prepare("UPDATE subscriptions SET status = 'active', failing_since = NULL, consecutive_failures = 0, last_error = NULL WHERE id = (SELECT subscription_id FROM deliveries WHERE id = ?)")
        .run(deliveryId);
    }).immediate();
  }

  /** The slot failed for good: record why and mark the subscription failing (it is tried again next slot). */
  markFailed(deliveryId: number, instanceId: string, failure: { error: string; attempts: number; now: number }): void {
    this.db.transaction(() => {
      const info = this.db
        .prepare("UPDATE deliveries SET status = 'failed', error = ?, attempts = ?, finished_at = ? WHERE id = ? AND claimed_by = ? AND status IN ('claimed', 'unknown')")
        .run(failure.error, failure.attempts, failure.now, deliveryId, instanceId);
      if (info.changes === 0) return;
      this.db
        .prepare(
          `UPDATE subscriptions SET status = 'failing', failing_since = COALESCE(failing_since, ?), consecutive_failures = consecutive_failures + 1, last_error = ?
           WHERE id = (SELECT subscription_id FROM deliveries WHERE id = ?)`,
        )
        .run(failure.now, failure.error, deliveryId);
    }).immediate();
  }

  /** Progress of a running delivery, so a crash mid-retry still shows how far it got. */
  recordAttempt(deliveryId: number, attempts: number, error: string): void {
    this.db.prepare("UPDATE deliveries SET attempts = ?, error = ? WHERE id = ? AND status = 'claimed'").run(attempts, error, deliveryId);
  }

  // ---- snapshots ----

  snapshot(subscriptionId: number): Map<string, FactRecord> {
    const rows = this.db.prepare('SELECT fact_id, hash, state FROM snapshot_facts WHERE subscription_id = ?').all(subscriptionId) as Array<{ fact_id: string; hash: string; state: string }>;
    return new Map(rows.map((r) => [r.fact_id, { id: r.fact_id, hash: r.hash, state: JSON.parse(r.state) as FactState }]));
  }

  private replaceSnapshot(subscriptionId: number, facts: FactRecord[]): void {
    this.db.prepare('DELETE FROM snapshot_facts WHERE subscription_id = ?').run(subscriptionId);
    const insert = this.db.prepare('INSERT INTO snapshot_facts (subscription_id, fact_id, hash, state) VALUES (?, ?, ?, ?)');
    for (const f of facts) insert.run(subscriptionId, f.id, f.hash, JSON.stringify(f.state));
  }
}

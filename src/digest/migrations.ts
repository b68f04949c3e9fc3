/**
 * Versioned schema of the digest database. A migration is appended, never edited: `schema_version` records
 * which ones ran, and a database newer than this code is refused rather than guessed at.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions, deliveries and snapshots',
    sql: `
      CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
        space_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        schedule TEXT NOT NULL,
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        briefing_ids TEXT NOT NULL DEFAULT '[]',
        tags TEXT NOT NULL DEFAULT '[]',
        format TEXT NOT NULL CHECK (format IN ('short', 'full')),
        quiet INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1)),
        created_by TEXT,
        created_at INTEGER NOT NULL,
        removed_at INTEGER,
        -- Every scheduled slot at or before cursor_at has been decided (claimed, skipped or missed).
        cursor_at INTEGER NOT NULL,
        -- When the snapshot was taken: the slot of the last confirmed digest; NULL until the first one.
        baseline_at INTEGER,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'failing')),
        failing_since INTEGER,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE INDEX subscriptions_channel ON subscriptions (platform, channel_id) WHERE removed_at IS NULL;

      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
        slot INTEGER NOT NULL,
        -- 0 for a scheduled slot (on time or caught up), 1 for send-now: a manual digest never takes a slot.
        manual INTEGER NOT NULL CHECK (manual IN (0, 1)),
        kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'catch-up', 'manual')),
        status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed', 'unknown', 'missed')),
        claimed_by TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL,
        finished_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        message_id TEXT,
        error TEXT,
        note TEXT,
        -- The claim is the lock: one row per slot, whoever inserts it first sends it.
        UNIQUE (subscription_id, slot, manual)
      );
      CREATE INDEX deliveries_open ON deliveries (status, lease_until) WHERE status = 'claimed';

      CREATE TABLE snapshot_facts (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
        fact_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (subscription_id, fact_id)
      ) WITHOUT ROWID;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

export class SchemaTooNewError extends Error {}

/** Applies pending migrations in one write transaction (two processes starting together take turns). */
export function migrate(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const apply = db.transaction(() => {
    const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
    if (current > LATEST_VERSION) {
      throw new SchemaTooNewError(`The digest database is at schema version ${current}, newer than this bot knows (${LATEST_VERSION}). Upgrade the bot or point DATA_DIR elsewhere.`);
    }
    const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
  });
  apply.immediate();
  return (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v;
}

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, SchemaTooNewError } from '../../src/digest/migrations.ts';
import { DigestStore } from '../../src/digest/store.ts';
import { subscribe, tempDb, type TempDb } from './helpers.ts';

const T0 = Date.parse('2025-03-03T07:00:00Z');
let db: TempDb;
const open: DigestStore[] = [];
const openStore = (): DigestStore => {
  const s = DigestStore.open(db.file);
  open.push(s);
  return s;
};

afterEach(() => {
  for (const s of open.splice(0)) s.close();
  db?.cleanup();
});

describe('digest store', () => {
  it('is created on first start, in WAL mode, with its schema version recorded', () => {
    db = tempDb();
    expect(existsSync(db.file)).toBe(false);
    const store = openStore();
    expect(existsSync(db.file)).toBe(true);
    expect(store.journalMode()).toBe('wal');
    expect(store.schemaVersion).toBe(LATEST_VERSION);
    store.close();
    // Reopening migrates nothing twice.
    expect(openStore().schemaVersion).toBe(LATEST_VERSION);
    const raw = new Database(db.file, { readonly: true });
    expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: 1 }]);
    raw.close();
  });

  it('refuses a database from a newer version of the bot', () => {
    db = tempDb();
    openStore().close();
    const raw = new Database(db.file);
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (99, ?, 0)').run('from the future');
    raw.close();
    expect(() => DigestStore.open(db.file)).toThrow(SchemaTooNewError);
  });

  it('keeps subscriptions, and soft-deletes them with their history', () => {
    db = tempDb();
    const store = openStore();
    const a = subscribe(store, T0, 'daily 08:00', 'Europe/Paris', { filter: { briefings: ['x'], tags: ['labour'] }, quiet: true, format: 'full' });
    const b = subscribe(store, T0, 'weekdays 09:30', 'UTC', { channelId: 'C2' });
    expect(store.subscription(a.id)).toMatchObject({ schedule: 'daily 08:00', cron: '0 8 * * *', timeZone: 'Europe/Paris', filter: { briefings: ['x'], tags: ['labour'] }, quiet: true, format: 'full', cursorAt: T0, baselineAt: null, status: 'active' });
    expect(store.subscriptions({ platform: 'slack', channelId: 'C2' }).map((s) => s.id)).toEqual([b.id]);
    store.claimSlot({ subscriptionId: a.id, slot: T0 + 1, kind: 'scheduled', instanceId: 'A', now: T0, leaseMs: 1000 });
    expect(store.removeSubscription(a.id, T0)).toBe(true);
    expect(store.removeSubscription(a.id, T0)).toBe(false);
    expect(store.subscription(a.id)).toBeUndefined();
    expect(store.deliveries(a.id)).toHaveLength(1);
    // A removed subscription's slots can't be claimed any more.
    expect(store.claimSlot({ subscriptionId: a.id, slot: T0 + 2, kind: 'scheduled', instanceId: 'A', now: T0, leaseMs: 1000 })).toBeUndefined();
  });

  it('lets exactly one claim take a slot, even from another connection', () => {
    db = tempDb();
    const one = openStore();
    const two = openStore();
    const sub = subscribe(one, T0, 'daily 08:00');
    const slot = T0 + 3600_000;
    const claim = (store: DigestStore, instanceId: string, kind: 'scheduled' | 'catch-up' | 'manual' = 'scheduled') =>
      store.claimSlot({ subscriptionId: sub.id, slot, kind, instanceId, now: T0, leaseMs: 60_000 });
    expect(claim(one, 'A')?.claimedBy).toBe('A');
    expect(claim(two, 'B')).toBeUndefined();
    // A catch-up is the same slot; send-now at the same instant is not a slot.
    expect(claim(two, 'B', 'catch-up')).toBeUndefined();
    expect(claim(two, 'B', 'manual')?.kind).toBe('manual');
    // The loser still moved the cursor past the slot.
    expect(two.subscription(sub.id)?.cursorAt).toBe(slot);
  });

  it('marks claims that outlived their lease as unknown, and still accepts a late confirmation', () => {
    db = tempDb();
    const store = openStore();
    const sub = subscribe(store, T0, 'daily 08:00');
    const d = store.claimSlot({ subscriptionId: sub.id, slot: T0 + 1000, kind: 'scheduled', instanceId: 'A', now: T0, leaseMs: 60_000 })!;
    expect(store.expireClaims(T0 + 59_000)).toEqual([]);
    expect(store.expireClaims(T0 + 61_000).map((x) => x.id)).toEqual([d.id]);
    expect(store.delivery(d.id)?.status).toBe('unknown');
    expect(store.confirmSent(d.id, 'B', { messageId: 'm', attempts: 1, now: T0, snapshot: [], baselineAt: T0 })).toBe(false);
    expect(store.confirmSent(d.id, 'A', { messageId: 'm', attempts: 1, now: T0, snapshot: [], baselineAt: T0 })).toBe(true);
    expect(store.delivery(d.id)).toMatchObject({ status: 'sent', messageId: 'm' });
  });
});

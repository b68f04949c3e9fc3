import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestStore } from '../../src/digest/store.ts';
import { subscribe, tempDb, type TempDb } from './helpers.ts';

const WORKER = fileURLToPath(new URL('./race-worker.ts', import.meta.url));

function runWorker(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

let db: TempDb;
afterEach(() => db?.cleanup());

describe('two bot processes on one database', () => {
  it('never both send a slot: the claim is the lock', async () => {
    db = tempDb();
    const created = Date.parse('2025-03-03T07:00:00Z');
    const store = DigestStore.open(db.file);
    const channels = Array.from({ length: 40 }, (_, i) => `C${i}`);
    for (const channelId of channels) subscribe(store, created, 'daily 08:00', 'UTC', { channelId });
    store.close();
    const log = join(db.dir, 'posts.jsonl');
    const startAt = String(Date.now() + 3000);
    const args = (name: string) => [db.file, log, '2025-03-03T08:00:00Z', startAt, name];
    const [a, b] = await Promise.all([runWorker(args('A')), runWorker(args('B'))]);
    expect(a.err + b.err).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);

    const posts = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { channelId: string; key: string; by: string }) : [];
    expect(posts.map((p) => p.channelId).sort()).toEqual([...channels].sort());
    const outcomes = [...(JSON.parse(a.out) as string[]), ...(JSON.parse(b.out) as string[])];
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(channels.length);

    const check = DigestStore.open(db.file);
    for (const sub of check.subscriptions()) expect(check.deliveries(sub.id).map((d) => d.status)).toEqual(['sent']);
    check.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { DigestStore } from '../../src/digest/store.ts';
import { SEED_ID } from '../helpers.ts';
import { subscribe, tempDb, type TempDb } from './helpers.ts';

let db: TempDb | undefined;
const savedDataDir = process.env.DATA_DIR;
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
  db?.cleanup();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('briefing digest (CLI)', () => {
  it('previews a digest of one briefing as JSON', async () => {
    db = tempDb();
    process.env.DATA_DIR = `${db.dir}/data`;
    const { code, out } = await cli('digest', 'preview', '--briefing', SEED_ID, '--json');
    expect(code).toBe(0);
    const data = JSON.parse(out) as { digest: { type: string; briefings: Array<{ id: string }>; preview?: boolean }; preview: boolean };
    expect(data.digest.type).toBe('overview');
    expect(data.digest.briefings.map((b) => b.id)).toEqual([SEED_ID]);
    expect(data.preview).toBe(true);
  });

  it('previews as text, with citations', async () => {
    db = tempDb();
    process.env.DATA_DIR = `${db.dir}/data`;
    const { code, out } = await cli('digest', 'preview');
    expect(code).toBe(0);
    expect(out).toMatch(/^Preview · Digest: 1 briefing \(all briefings\)/);
    expect(out).toMatch(/¶\d+ s\d+ \(shoigu-lecornu-call\)/);
  });

  it('lists the subscriptions in DATA_DIR without creating a database', async () => {
    db = tempDb();
    process.env.DATA_DIR = `${db.dir}/data`;
    expect((await cli('digest', 'list')).out).toMatch(/No digests yet: there is no digest database/);
    const store = DigestStore.open(db.file);
    subscribe(store, Date.parse('2025-03-03T07:00:00Z'), 'weekdays 09:30', 'Europe/Paris');
    store.close();
    const { code, out } = await cli('digest', 'list');
    expect(code).toBe(0);
    expect(out).toMatch(/#1\] weekdays 09:30 \(Europe\/Paris\)/);
    expect(out).toMatch(/Channel: slack C1 \(T1\)/);
  });

  it('refuses what only works from a channel, with exit code 1', async () => {
    db = tempDb();
    process.env.DATA_DIR = `${db.dir}/data`;
    DigestStore.open(db.file).close();
    const { code, out } = await cli('digest', 'subscribe', 'daily', '08:00');
    expect(code).toBe(1);
    expect(out).toMatch(/Subscribing works from a Slack or Discord channel/);
    expect((await cli('digest', 'preview', '--briefing', 'nope')).code).toBe(1);
  });
});

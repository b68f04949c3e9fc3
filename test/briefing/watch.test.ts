import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/briefing/library.ts';
import { watchBriefings, type BriefingWatcher, type WatchLogger } from '../../src/briefing/watch.ts';
import { createCore } from '../../src/core.ts';
import { BRIEFINGS_DIR, SEED_ID } from '../helpers.ts';

/** Polls until the condition holds: no fixed sleeps. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ARTICLE = 'title: A test briefing\nsource: Test Wire\npublished: 2024-05-02\n\nAlice Example said on Monday that the bridge would reopen. The council denied it.\n';
const yaml = (summary: string): string => `summary:
  - text: ${summary}
    evidence: ["Alice Example said on Monday that the bridge would reopen."]
entities:
  - id: alice-example
    name: Alice Example
    kind: person
    evidence: ["Alice Example"]
`;

describe('watchBriefings', () => {
  let dir: string;
  let watcher: BriefingWatcher | undefined;
  const logged: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const logger: WatchLogger = {
    info: (obj, msg) => logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };

  afterEach(() => {
    watcher?.stop();
    rmSync(dir, { recursive: true, force: true });
    logged.length = 0;
  });

  it('adds a new briefing, keeps the last good version on an invalid edit, then takes the fix and a removal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'briefings-watch-'));
    cpSync(join(BRIEFINGS_DIR, SEED_ID), join(dir, SEED_ID), { recursive: true });
    const core = createCore(Library.load(dir));
    expect(core.library().briefings.map((b) => b.id)).toEqual([SEED_ID]);
    watcher = watchBriefings(core, dir, { debounceMs: 50, pollMs: 100, logger });

    // A new briefing appears.
    mkdirSync(join(dir, 'bridge'));
    writeFileSync(join(dir, 'bridge', 'article.md'), ARTICLE);
    writeFileSync(join(dir, 'bridge', 'briefing.yaml'), yaml('The bridge reopens, says Alice Example.'));
    await waitFor(() => core.library().get('bridge') !== undefined, 'the new briefing');
    expect(core.library().get(SEED_ID)).toBeDefined();
    expect(core.library().findEntities('Alice Example')[0]?.entity.name).toBe('Alice Example');

    // An invalid edit: a quote that is not in the article. The old version stays and the problem is logged.
    const before = core.library().get('bridge')!;
    writeFileSync(join(dir, 'bridge', 'briefing.yaml'), yaml('Edited.').replace('"Alice Example"]', '"Bob Nobody"]'));
    await waitFor(() => logged.some((l) => l.level === 'warn'), 'the rejection to be logged');
    const warning = logged.find((l) => l.level === 'warn')!;
    expect(warning.obj).toMatchObject({ briefing: 'bridge', file: expect.stringContaining('briefing.yaml'), path: 'entities[0].evidence[0]' });
    expect(warning.msg).toContain('quote not found');
    expect(warning.msg).toContain('keeping the last good version');
    expect(core.library().get('bridge')).toBe(before);
    expect(core.library().errors.some((e) => e.path === 'entities[0].evidence[0]')).toBe(true);

    // The fix is taken.
    writeFileSync(join(dir, 'bridge', 'briefing.yaml'), yaml('Fixed summary.'));
    await waitFor(() => core.library().get('bridge')?.summary[0]?.text === 'Fixed summary.', 'the fixed briefing');
    expect(core.library().errors).toEqual([]);

    // Removing the folder removes the briefing.
    rmSync(join(dir, 'bridge'), { recursive: true });
    await waitFor(() => core.library().get('bridge') === undefined, 'the removal');
    expect(core.library().get(SEED_ID)).toBeDefined();
  });

  it('ignores hidden folders such as ingest\'s temporary ones', async () => {
    dir = mkdtempSync(join(tmpdir(), 'briefings-watch-'));
    const core = createCore(Library.load(dir));
    watcher = watchBriefings(core, dir, { debounceMs: 30, pollMs: 60, logger });
    mkdirSync(join(dir, '.ingest-tmp'));
    writeFileSync(join(dir, '.ingest-tmp', 'article.md'), ARTICLE);
    mkdirSync(join(dir, 'visible'));
    writeFileSync(join(dir, 'visible', 'article.md'), ARTICLE);
    writeFileSync(join(dir, 'visible', 'briefing.yaml'), yaml('Visible.'));
    await waitFor(() => core.library().get('visible') !== undefined, 'the visible briefing');
    expect(core.library().briefings.map((b) => b.id)).toEqual(['visible']);
    expect(readFileSync(join(dir, 'visible', 'article.md'), 'utf8')).toBe(ARTICLE);
  });

  it('reparses only the folder that changed among many, and reuses every other briefing as it is', async () => {
    dir = mkdtempSync(join(tmpdir(), 'briefings-watch-'));
    const ids = Array.from({ length: 40 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      mkdirSync(join(dir, id));
      writeFileSync(join(dir, id, 'article.md'), ARTICLE);
      writeFileSync(join(dir, id, 'briefing.yaml'), yaml(`Summary of ${id}.`));
    }
    const core = createCore(Library.load(dir));
    const before = new Map(core.library().briefings.map((b) => [b.id, b]));
    expect(before.size).toBe(40);
    // The root alone watched, as for a large folder: an edit in place is found by the scan, a few folders at a time.
    watcher = watchBriefings(core, dir, { debounceMs: 30, pollMs: 40, scanBatch: 7, recursiveWatchMax: 0, logger });

    writeFileSync(join(dir, 'b17', 'briefing.yaml'), yaml('Edited in place.'));
    await waitFor(() => core.library().get('b17')?.summary[0]?.text === 'Edited in place.', 'the edited briefing');
    expect(logged.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['briefing reloaded: b17']);
    for (const id of ids) if (id !== 'b17') expect(core.library().get(id)).toBe(before.get(id));

    // A folder added is seen through the root's own events.
    mkdirSync(join(dir, 'b40'));
    writeFileSync(join(dir, 'b40', 'article.md'), ARTICLE);
    writeFileSync(join(dir, 'b40', 'briefing.yaml'), yaml('The newest.'));
    await waitFor(() => core.library().get('b40') !== undefined, 'the added briefing');
    expect(logged.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['briefing reloaded: b17', 'briefing added: b40']);
    expect(core.library().briefings).toHaveLength(41);
  });
});

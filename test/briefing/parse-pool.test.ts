/**
 * Parsing on worker threads gives exactly what parsing on the calling thread gives: the same briefings in the
 * same order, the same errors (file, path, line, reason), with and without the startup cache.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSources, writeCorpus } from '../../bench/corpus.ts';
import { Library } from '../../src/briefing/library.ts';
import { parseFolder } from '../../src/briefing/load.ts';
import { parseFolders, workerCount, PARALLEL_MIN_FOLDERS } from '../../src/briefing/parse-pool.ts';
import { BRIEFINGS_DIR } from '../helpers.ts';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function corpus(count: number): string {
  const base = mkdtempSync(join(tmpdir(), 'briefing-pool-'));
  temps.push(base);
  const root = join(base, 'briefings');
  writeCorpus(root, readSources([BRIEFINGS_DIR]), count);
  // Broken folders between good ones: a syntax error, a quote not in the article, a missing file.
  cpSync(join(root, 'synthetic-00001'), join(root, 'synthetic-00001-bad-yaml'), { recursive: true });
  writeFileSync(join(root, 'synthetic-00001-bad-yaml', 'briefing.yaml'), 'summary: [');
  cpSync(join(root, 'synthetic-00002'), join(root, 'synthetic-00002-bad-quote'), { recursive: true });
  writeFileSync(join(root, 'synthetic-00002-bad-quote', 'article.md'), 'title: Short\n\nNothing the briefing quotes is here.\n');
  cpSync(join(root, 'synthetic-00003'), join(root, 'synthetic-00003-no-article'), { recursive: true });
  rmSync(join(root, 'synthetic-00003-no-article', 'article.md'));
  return root;
}

const snapshot = (library: Library): string => JSON.stringify({ ids: library.briefings.map((b) => b.id), briefings: library.briefings, errors: library.errors });

describe('parsing on worker threads', () => {
  it('loads exactly what the calling thread alone loads, errors included, with and without the cache', () => {
    const root = corpus(10);
    const alone = Library.load(root, { workers: 0 });
    expect(alone.stats?.threads).toBeUndefined();
    expect(alone.errors.map((e) => e.file)).toEqual(
      expect.arrayContaining([expect.stringContaining('synthetic-00001-bad-yaml'), expect.stringContaining('synthetic-00002-bad-quote'), expect.stringContaining('synthetic-00003-no-article')]),
    );
    const threaded = Library.load(root, { workers: 2 });
    expect(threaded.stats?.threads).toBe(2);
    expect(snapshot(threaded)).toBe(snapshot(alone));
    const cache = join(root, '..', 'cache');
    const cold = Library.load(root, { workers: 2, cacheDir: cache, racyMs: 0 });
    expect(snapshot(cold)).toBe(snapshot(alone));
    const warm = Library.load(root, { workers: 2, cacheDir: cache, racyMs: 0 });
    expect(warm.stats).toMatchObject({ fromCache: 13, parsed: 0 });
    expect(snapshot(warm)).toBe(snapshot(alone));
  }, 30_000);

  it('hands back the workers\' results in order, and works without any worker', () => {
    const root = corpus(6);
    const jobs = ['synthetic-00000', 'synthetic-00001-bad-yaml', 'synthetic-00004', 'synthetic-00003-no-article', 'synthetic-00005'].map((name) => ({ dir: join(root, name), name }));
    const here = (job: { dir: string; name: string }) => parseFolder(job.dir, job.name, join(root, '..'));
    const expected = jobs.map(here);
    expect(expected.map((r) => r.line !== undefined)).toEqual([true, false, true, false, true]);
    // Only the workers parse: every result crossed a thread.
    const threaded = parseFolders(jobs, join(root, '..'), 2, here, false);
    const got = jobs.map((_, i) => threaded.take(i));
    threaded.close();
    expect(got).toEqual(expected);
    const alone = parseFolders(jobs, join(root, '..'), 0, here);
    expect(jobs.map((_, i) => alone.take(i))).toEqual(expected);
  }, 30_000);

  it('starts threads only for many folders', () => {
    expect(workerCount(PARALLEL_MIN_FOLDERS - 1)).toBe(0);
    expect(workerCount(10, 3)).toBe(3);
    expect(workerCount(10, 0)).toBe(0);
  });
});

/**
 * The startup cache never serves anything but what loading the files gives: edited, corrupt, truncated,
 * foreign or stale caches all fall back to the files, and a warm load equals a fresh one.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readSources, writeCorpus } from '../../bench/corpus.ts';
import { cacheDirFromEnv, cacheFile, namesFile, openCacheWriter } from '../../src/briefing/cache.ts';
import { Library } from '../../src/briefing/library.ts';
import { loadBriefings } from '../../src/briefing/load.ts';
import { BRIEFINGS_DIR } from '../helpers.ts';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-cache-'));
  temps.push(dir);
  return dir;
}

/** A folder of synthetic briefings plus one broken one, and a cache folder. */
function corpus(count = 12): { root: string; cache: string } {
  const base = temp();
  const root = join(base, 'briefings');
  writeCorpus(root, readSources([BRIEFINGS_DIR]), count);
  cpSync(join(root, 'synthetic-00000'), join(root, 'broken'), { recursive: true });
  writeFileSync(join(root, 'broken', 'briefing.yaml'), 'summary: [');
  return { root, cache: join(base, 'cache') };
}

/** What a load produced, as comparable text. */
const snapshot = (library: Library): string => JSON.stringify({ briefings: library.briefings, errors: library.errors });

// Files written by the test are seconds old at most; a zero racy window lets them be cached (see cache.ts).
const load = (root: string, cache: string): Library => Library.load(root, { cacheDir: cache, racyMs: 0 });

describe('startup cache', () => {
  it('parses racy folders once on a first load, keeping them out of the cache', () => {
    const { root, cache } = corpus(3);
    const cold = Library.load(root, { cacheDir: cache });
    expect(cold.stats).toMatchObject({ folders: 4, fromCache: 0, parsed: 4, readBack: 0 });
    expect(snapshot(cold)).toBe(snapshot(Library.load(root)));
  });

  it('serves exactly what the files give, errors included, and says where each briefing came from', () => {
    const { root, cache } = corpus();
    const fresh = snapshot(Library.load(root));
    const cold = load(root, cache);
    expect(cold.stats).toMatchObject({ folders: 13, fromCache: 0, parsed: 13, readBack: 13 });
    expect(cold.errors.length).toBeGreaterThan(0);
    expect(snapshot(cold)).toBe(fresh);
    // A first load builds the name index from the parsed names alone and reads it back: it must be the index
    // the briefings themselves give.
    expect(cold.namesFromCache).toBe(true);
    expect(cold.packNames()).toEqual(new Library(cold.briefings).packNames());
    const warm = load(root, cache);
    expect(warm.stats).toMatchObject({ folders: 13, fromCache: 13, parsed: 0 });
    expect(warm.namesFromCache).toBe(true);
    expect(snapshot(warm)).toBe(fresh);
    expect(warm.findEntities('Shoigu').length).toBe(cold.findEntities('Shoigu').length);
    expect(warm.suggestNames('Makronn')).toEqual(cold.suggestNames('Makronn'));
  });

  it('reloads a briefing whose file changed, even with its size and modification time restored', () => {
    const { root, cache } = corpus();
    load(root, cache);
    const yaml = join(root, 'synthetic-00003', 'briefing.yaml');
    const before = statSync(yaml);
    const text = readFileSync(yaml, 'utf8');
    // Same length, other content: only the change time (which no one can set back) tells.
    writeFileSync(yaml, text.replace('kind: person', 'kind: group '));
    utimesSync(yaml, before.atime, before.mtime);
    expect(statSync(yaml).size).toBe(before.size);
    const warm = load(root, cache);
    expect(warm.stats).toMatchObject({ fromCache: 12, parsed: 1 });
    expect(warm.namesFromCache).toBe(false);
    expect(snapshot(warm)).toBe(snapshot(Library.load(root)));
    expect(warm.get('synthetic-00003')!.entities.some((e) => e.kind === 'group')).toBe(true);
  });

  it('notices added and removed folders', () => {
    const { root, cache } = corpus();
    load(root, cache);
    rmSync(join(root, 'synthetic-00001'), { recursive: true });
    cpSync(join(root, 'synthetic-00002'), join(root, 'a-copy'), { recursive: true });
    const warm = load(root, cache);
    expect(warm.stats).toMatchObject({ folders: 13, fromCache: 12, parsed: 1 });
    expect(warm.get('synthetic-00001')).toBeUndefined();
    expect(snapshot(warm)).toBe(snapshot(Library.load(root)));
    expect(load(root, cache).stats).toMatchObject({ fromCache: 13, parsed: 0 });
  });

  it('reloads from the files what a corrupt line held, and nothing else', () => {
    const { root, cache } = corpus();
    load(root, cache);
    const file = cacheFile(cache, root);
    const lines = readFileSync(file, 'latin1').split('\n');
    // Change one letter of one briefing's text: the line still parses as JSON, but its checksum fails.
    const at = lines.findIndex((l) => l.includes('\tsynthetic-00005\t'));
    lines[at] = lines[at]!.replace('warned', 'warnex');
    writeFileSync(file, lines.join('\n'), 'latin1');
    const warm = load(root, cache);
    expect(warm.stats).toMatchObject({ fromCache: 12, parsed: 1 });
    expect(snapshot(warm)).toBe(snapshot(Library.load(root)));
  });

  it('falls back to the files for a truncated, empty or foreign cache', () => {
    const { root, cache } = corpus();
    load(root, cache);
    const file = cacheFile(cache, root);
    const whole = readFileSync(file);
    const fresh = snapshot(Library.load(root));

    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = load(root, cache);
    expect(truncated.stats?.parsed).toBeGreaterThan(0);
    expect(snapshot(truncated)).toBe(fresh);

    for (const junk of ['', 'not a cache\n', '\u0000\u0001\u0002']) {
      writeFileSync(file, junk);
      const reloaded = load(root, cache);
      expect(reloaded.stats).toMatchObject({ fromCache: 0, parsed: 13 });
      expect(snapshot(reloaded)).toBe(fresh);
    }

    // A cache written by another version of the loader (another code fingerprint) is not read at all.
    load(root, cache);
    const lines = readFileSync(file, 'latin1').split('\n');
    const header = JSON.parse(lines[0]!.slice(9)) as Record<string, unknown>;
    const body = JSON.stringify({ ...header, fingerprint: 'f'.repeat(64) });
    lines[0] = `${crc32(body).toString(16).padStart(8, '0')}\t${body}`;
    writeFileSync(file, lines.join('\n'), 'latin1');
    const other = load(root, cache);
    expect(other.stats).toMatchObject({ fromCache: 0, cacheMiss: 'written by another version' });
    expect(snapshot(other)).toBe(fresh);
  });

  it('never reads the cache of another folder', () => {
    const { root, cache } = corpus();
    load(root, cache);
    const elsewhere = join(temp(), 'briefings');
    cpSync(root, elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'synthetic-00000', 'article.md'), readFileSync(join(root, 'synthetic-00000', 'article.md'), 'utf8').replace('rare', 'RARE'));
    cpSync(cacheFile(cache, root), cacheFile(cache, elsewhere));
    const other = load(elsewhere, cache);
    expect(other.stats).toMatchObject({ fromCache: 0, cacheMiss: 'written for another folder' });
    expect(snapshot(other)).toBe(snapshot(Library.load(elsewhere)));
  });

  it('rebuilds a corrupt or missing name index', () => {
    const { root, cache } = corpus();
    const cold = load(root, cache);
    const names = namesFile(cacheFile(cache, root));
    const bytes = readFileSync(names);
    bytes[bytes.length - 3]! ^= 0xff;
    writeFileSync(names, bytes);
    const warm = load(root, cache);
    expect(warm.stats?.fromCache).toBe(13);
    expect(warm.namesFromCache).toBe(false);
    const someone = cold.briefings[4]!.entities[0]!.name;
    expect(warm.findEntities(someone).map((m) => `${m.briefing.id}/${m.entity.id}`)).toEqual(cold.findEntities(someone).map((m) => `${m.briefing.id}/${m.entity.id}`));
    expect(warm.completeNames('', 1000)).toEqual(cold.completeNames('', 1000));
    expect(load(root, cache).namesFromCache).toBe(true);
    rmSync(names);
    expect(load(root, cache).namesFromCache).toBe(false);
  });

  it('does not cache files changed in the last two seconds, which a second quick edit could hide', () => {
    const { root, cache } = corpus(3);
    Library.load(root, { cacheDir: cache });
    expect(Library.load(root, { cacheDir: cache }).stats).toMatchObject({ fromCache: 0, parsed: 4 });
  });

  it('still loads when the cache cannot be written', () => {
    const { root } = corpus(3);
    const blocked = join(temp(), 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const library = load(root, blocked);
    expect(library.briefings.length).toBe(3);
    expect(library.stats?.cacheMiss).toMatch(/not written/);
    expect(snapshot(library)).toBe(snapshot(Library.load(root)));
  });

  it('takes its folder from BRIEFINGS_CACHE or DATA_DIR, and can be turned off', () => {
    expect(cacheDirFromEnv({ BRIEFINGS_CACHE: 'off' })).toBeUndefined();
    expect(cacheDirFromEnv({ BRIEFINGS_CACHE: '/var/cache/briefings' })).toBe('/var/cache/briefings');
    expect(cacheDirFromEnv({ DATA_DIR: '/srv/data' })).toBe('/srv/data/cache');
    expect(cacheDirFromEnv({})).toMatch(/data[\\/]cache$/);
  });

  it('loads the bundled briefings the same with and without a cache', () => {
    const cache = temp();
    expect(snapshot(load(BRIEFINGS_DIR, cache))).toBe(snapshot(Library.load(BRIEFINGS_DIR)));
    expect(readdirSync(cache).length).toBe(2);
    expect(snapshot(load(BRIEFINGS_DIR, cache))).toBe(snapshot(loadLibrary()));
  });
});

function loadLibrary(): Library {
  const { briefings, errors } = loadBriefings(BRIEFINGS_DIR);
  return new Library(briefings, errors);
}

describe('cache writer', () => {
  it('given up, leaves no temporary file and the old cache as it was', () => {
    const { root, cache } = corpus(2);
    loadBriefings(root, { cacheDir: cache });
    const file = cacheFile(cache, root);
    const before = readFileSync(file);
    const writer = openCacheWriter(file, root);
    writer.add('synthetic-00000', 'stamp', '["e",[]]');
    writer.abort();
    expect(readdirSync(cache).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

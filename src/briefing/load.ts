/**
 * Reads briefings/<id>/{article.md,briefing.yaml}, validates them and anchors every quote.
 * Every problem is collected (file, YAML path, line, reason); a broken briefing is skipped
 * and the others are served.
 */
import { existsSync, readdirSync, readFileSync, statSync, type BigIntStats } from 'node:fs';
import { join, relative } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { parseArticle } from './article.ts';
import { asciiJson, asciiLine, cacheFile, foldersSignature, isRacy, openCacheWriter, readCache, readNames, stampOf, writeNames, type CacheWriter } from './cache.ts';
import { collectGarbage } from './collect-garbage.ts';
import { decodeBriefing, encodeBriefing } from './compact.ts';
import { QuoteIndex, type Evidence } from './evidence.ts';
import type { Briefing, BriefingError, Claim, Entity, Reference, TimelineEvent } from './model.ts';
import { foldedTexts, NameIndex, type NameSource, type PackedNameIndex } from './name-index.ts';
import { parseFolders, workerCount, type FolderJob, type FolderParser } from './parse-pool.ts';
import { parsePartialDate } from './partial-date.ts';
import { briefingSchema, OUTLET, type BriefingDoc, type ReferenceDoc } from './schema.ts';

export const ARTICLE_FILE = 'article.md';
export const BRIEFING_FILE = 'briefing.yaml';
export const BRIEFING_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface LoadOptions {
  /** Folder of the startup cache (see cache.ts); without it every briefing is read and validated. */
  cacheDir?: string;
  /**
   * Files changed less than this long before they are read are not cached (default 2000 ms, see cache.ts).
   * Tests set 0 to cache files they have just written.
   */
  racyMs?: number;
  /**
   * Worker threads for parsing (default: one per core beyond the first when at least PARALLEL_MIN_FOLDERS
   * folders need parsing, none otherwise); 0 parses on the calling thread only.
   */
  workers?: number;
}

/** How a load went, for logs and benchmarks. */
export interface LoadStats {
  folders: number;
  /** Briefings (or their errors) taken from the startup cache, unchanged since it was written. */
  fromCache: number;
  /** Folders read, parsed, validated and anchored. */
  parsed: number;
  /** Why the cache was not used, when it was not. */
  cacheMiss?: string;
  /** Worker threads that parsed folders beside the calling thread, when any did. */
  threads?: number;
  cacheReadMs?: number;
  cacheWriteMs?: number;
  /** After a load without a usable cache: the full collection between parsing and reading back. */
  gcMs?: number;
  /** After a load without a usable cache: briefings read back from the cache it had just written (see parseThenRead). */
  readBack?: number;
}

export interface LoadResult {
  briefings: Briefing[];
  errors: BriefingError[];
  stats: LoadStats;
  /** The name index of exactly these briefings, from the startup cache. */
  names?: PackedNameIndex;
  /** Adds the name index of these briefings to the startup cache (when the cache holds all of them). */
  saveNames?: (names: PackedNameIndex) => void;
}

type Path = Array<string | number>;

interface FolderEntry {
  name: string;
  dir: string;
  stamp: string;
  racy: boolean;
}

export function formatPath(path: Path): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');
}

/**
 * Builds one briefing from the two files' texts. `files` names them in error messages. The briefing is in its
 * compact in-memory form (see compact.ts), as every loaded briefing is.
 */
export function buildBriefing(
  id: string,
  articleText: string,
  yamlText: string,
  files: { article: string; yaml: string } = { article: ARTICLE_FILE, yaml: BRIEFING_FILE },
): { briefing?: Briefing; errors: BriefingError[] } {
  const { briefing, errors } = buildCompact(id, articleText, yamlText, files);
  return { briefing, errors };
}

/** buildBriefing, with the compact record as a line of JSON (what the startup cache stores). */
function buildCompact(id: string, articleText: string, yamlText: string, files: { article: string; yaml: string }): { briefing?: Briefing; line?: string; errors: BriefingError[] } {
  const { line, errors } = buildLine(id, articleText, yamlText, files);
  return line === undefined ? { errors } : { line, briefing: decodeLine(line), errors };
}

/**
 * What parsing a folder gives before the in-memory model is rebuilt: the compact record as a line of JSON
 * (ASCII: what the startup cache stores, and what a parsing thread hands back), or the folder's problems.
 */
export interface ParsedFolder {
  line?: string;
  errors: BriefingError[];
  /** The briefing's names, folded, for building the name index without the briefing (see parseThenRead). */
  names?: NameSource;
}

function buildLine(id: string, articleText: string, yamlText: string, files: { article: string; yaml: string }): ParsedFolder {
  const { briefing, errors } = parseBriefing(id, articleText, yamlText, files);
  if (!briefing) return { errors };
  return { line: asciiLine(JSON.stringify(encodeBriefing(briefing))), errors, names: nameSourceOf(briefing) };
}

/** What the name index needs of a briefing: its entities' names and alias counts, and the folded texts. */
function nameSourceOf(briefing: Briefing): NameSource {
  const source: NameSource = { entities: briefing.entities.map((e) => ({ name: e.name, aliases: e.aliases.length })), folded: foldedTexts(briefing) };
  // Fresh strings: a name straight from the YAML parser is a slice of the whole file and would keep it alive
  // until the name index is built (thousands of files, on the thread that parses them).
  return JSON.parse(JSON.stringify(source)) as NameSource;
}

/** The briefing of a compact line (fresh, compact strings; see compact.ts). */
export function decodeLine(line: string): Briefing {
  return decodeBriefing(JSON.parse(line) as Parameters<typeof decodeBriefing>[0]);
}

function parseBriefing(
  id: string,
  articleText: string,
  yamlText: string,
  files: { article: string; yaml: string } = { article: ARTICLE_FILE, yaml: BRIEFING_FILE },
): { briefing?: Briefing; errors: BriefingError[] } {
  const errors: BriefingError[] = [];
  // js-yaml parses several times faster than `yaml`, which matters at thousands of briefings; `yaml` is
  // used only once something is wrong, because it can say on which line.
  let located: { doc: Document; lines: LineCounter } | undefined;
  const locate = (): { doc: Document; lines: LineCounter } => {
    if (!located) {
      const lines = new LineCounter();
      located = { doc: parseDocument(yamlText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }), lines };
    }
    return located;
  };
  const lineOf = (path: Path): number | undefined => {
    const { doc, lines } = locate();
    for (let p = path; p.length > 0; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const fail = (path: Path, reason: string): void => {
    errors.push({ file: files.yaml, path: formatPath(path), line: lineOf(path), reason });
  };

  let raw: unknown;
  try {
    raw = loadYaml(yamlText, { schema: CORE_SCHEMA });
  } catch (err) {
    const { doc, lines } = locate();
    for (const e of doc.errors) {
      errors.push({ file: files.yaml, path: '', line: lines.linePos(e.pos[0]).line, reason: `YAML syntax: ${e.message.split('\n')[0]}` });
    }
    if (errors.length === 0) {
      const mark = (err as { mark?: { line: number } }).mark;
      errors.push({ file: files.yaml, path: '', line: mark ? mark.line + 1 : undefined, reason: `YAML syntax: ${(err as { reason?: string }).reason ?? (err as Error).message}` });
    }
    return { errors };
  }
  const parsed = briefingSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(issue.path as Path, issue.message);
    return { errors };
  }
  const data: BriefingDoc = parsed.data;
  const article = parseArticle(articleText);
  if (article.sentences.length === 0) {
    errors.push({ file: files.article, path: '', reason: 'the article has no text' });
    return { errors };
  }
  const quotes = new QuoteIndex(article.body, article.sentences);
  const anchor = (list: string[], path: Path): Evidence[] =>
    list.flatMap((q, i) => {
      const found = quotes.find(q);
      if (found) return [found];
      const near = quotes.closest(q);
      fail([...path, i], `quote not found in ${files.article}: "${q}"${near ? ` (nearest sentence ${near.index}: "${near.text}")` : ''}`);
      return [];
    });

  // Ids are unique across entities, events and claims, so a reference is never ambiguous.
  const kindOf = new Map<string, 'entity' | 'event' | 'claim'>();
  const claimId = (key: string, kind: 'entity' | 'event' | 'claim', path: Path): void => {
    if (key === OUTLET) fail(path, `"${OUTLET}" is reserved for the article's own analysis`);
    else if (kindOf.has(key)) fail(path, `duplicate id "${key}" (already a ${kindOf.get(key)})`);
    else kindOf.set(key, kind);
  };
  data.entities.forEach((e, i) => claimId(e.id, 'entity', ['entities', i, 'id']));
  data.events.forEach((e, i) => claimId(e.id, 'event', ['events', i, 'id']));
  data.claims.forEach((c, i) => claimId(c.id, 'claim', ['claims', i, 'id']));
  const expect = (key: string | undefined, kinds: Array<'entity' | 'event' | 'claim'>, path: Path): void => {
    if (key === undefined) return;
    const kind = kindOf.get(key);
    if (!kind || !kinds.includes(kind)) fail(path, `unknown ${kinds.join(' or ')} "${key}"`);
  };

  const entities: Entity[] = data.entities.map((e, i) => {
    expect(e.affiliation, ['entity'], ['entities', i, 'affiliation']);
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      aliases: e.aliases,
      role: e.role,
      affiliation: e.affiliation,
      evidence: anchor(e.evidence, ['entities', i, 'evidence']),
    };
  });
  const events: TimelineEvent[] = data.events.map((e, i) => {
    const base: Path = ['events', i];
    e.actors.forEach((a, j) => expect(a, ['entity'], [...base, 'actors', j]));
    e.after.forEach((a, j) => expect(a, ['event'], [...base, 'after', j]));
    e.before.forEach((a, j) => expect(a, ['event'], [...base, 'before', j]));
    expect(e.place, ['entity'], [...base, 'place']);
    return {
      id: e.id,
      title: e.title,
      date: e.date === null ? undefined : parsePartialDate(e.date),
      dateBasis: e.date_basis,
      dateNote: e.date_note,
      after: e.after,
      before: e.before,
      actors: e.actors,
      place: e.place,
      evidence: anchor(e.evidence, [...base, 'evidence']),
    };
  });
  const references = (refs: ReferenceDoc[], path: Path): Reference[] =>
    refs.map((r, j) => {
      expect(r.claim, ['claim'], [...path, j, 'claim']);
      expect(r.event, ['event'], [...path, j, 'event']);
      return { claim: r.claim, event: r.event, note: r.note, evidence: anchor(r.evidence ?? [], [...path, j, 'evidence']) };
    });
  const claims: Claim[] = data.claims.map((c, i) => {
    const base: Path = ['claims', i];
    if (c.claimant !== OUTLET) expect(c.claimant, ['entity'], [...base, 'claimant']);
    c.about.forEach((a, j) => expect(a, ['entity', 'event', 'claim'], [...base, 'about', j]));
    if (c.quote !== undefined && !quotes.find(c.quote)) fail([...base, 'quote'], `quote not found in ${files.article}: "${c.quote}"`);
    if ((c.status === 'disputed' || c.status === 'contradicted' || c.status === 'denied') && c.disputed_by.length === 0) {
      fail([...base, 'disputed_by'], `a claim that is ${c.status} says what disputes it (disputed_by)`);
    }
    return {
      id: c.id,
      claimant: c.claimant,
      via: c.via,
      kind: c.kind,
      text: c.text,
      quote: c.quote,
      about: c.about,
      status: c.status,
      disputedBy: references(c.disputed_by, [...base, 'disputed_by']),
      supportedBy: references(c.supported_by, [...base, 'supported_by']),
      evidence: anchor(c.evidence, [...base, 'evidence']),
    };
  });
  const summary = data.summary.map((s, i) => ({ text: s.text, evidence: anchor(s.evidence, ['summary', i, 'evidence']) }));

  if (errors.length > 0) return { errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  return {
    errors,
    briefing: {
      id,
      title: article.header.title ?? id,
      source: {
        outlet: article.header.source,
        url: data.source.url,
        published: article.header.published,
        retrieved: data.source.retrieved ? parsePartialDate(data.source.retrieved) : undefined,
      },
      tags: data.tags,
      article,
      summary,
      entities,
      events,
      claims,
    },
  };
}

/** Loads one briefing folder. */
export function loadBriefingDir(dir: string, id: string, displayRoot = dir): { briefing?: Briefing; errors: BriefingError[] } {
  const { briefing, errors } = loadFolder(dir, id, displayRoot);
  return { briefing, errors };
}

function loadFolder(dir: string, id: string, displayRoot: string): { briefing?: Briefing; line?: string; errors: BriefingError[] } {
  const { line, errors } = parseFolder(dir, id, displayRoot);
  return line === undefined ? { errors } : { line, briefing: decodeLine(line), errors };
}

/** Reads, validates and anchors one folder, up to its compact line (what a parsing thread does; see parse-pool.ts). */
export function parseFolder(dir: string, id: string, displayRoot: string): ParsedFolder {
  const articlePath = join(dir, ARTICLE_FILE);
  const yamlPath = join(dir, BRIEFING_FILE);
  const files = { article: relative(displayRoot, articlePath) || articlePath, yaml: relative(displayRoot, yamlPath) || yamlPath };
  const errors: BriefingError[] = [];
  if (!BRIEFING_ID.test(id)) errors.push({ file: relative(displayRoot, dir) || dir, path: '', reason: 'a briefing folder name is lower-case letters, digits and dashes' });
  for (const [path, name] of [[articlePath, files.article], [yamlPath, files.yaml]] as const) {
    if (!existsSync(path)) errors.push({ file: name, path: '', reason: 'missing file' });
  }
  if (errors.length > 0) return { errors };
  try {
    return buildLine(id, readFileSync(articlePath, 'utf8'), readFileSync(yamlPath, 'utf8'), files);
  } catch (err) {
    return { errors: [{ file: files.yaml, path: '', reason: `could not read: ${(err as Error).message}` }] };
  }
}

function statOrUndefined(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

const appendNote = (stats: LoadStats, note: string): void => {
  stats.cacheMiss = stats.cacheMiss ? `${stats.cacheMiss}; ${note}` : note;
};

/**
 * Loads every briefing folder below `root`, in name order. With `cacheDir`, folders whose files are unchanged
 * since the startup cache was written come from the cache (see cache.ts), the others from their files, and
 * the cache is rewritten when anything changed. When every folder came from the cache, so may the name index
 * (`names`); otherwise `saveNames` adds the index the Library builds to the cache.
 */
export function loadBriefings(root: string, options: LoadOptions = {}): LoadResult {
  return loadFrom(root, options);
}

/**
 * loadBriefings; `preparsed` holds folders a first pass parsed but could not cache (files changed within the
 * last two seconds, names the cache cannot hold), by name, with the stamp they were parsed at.
 */
function loadFrom(root: string, options: LoadOptions, preparsed?: Map<string, { stamp: string; parsed: ParsedFolder }>): LoadResult {
  const result: LoadResult = { briefings: [], errors: [], stats: { folders: 0, fromCache: 0, parsed: 0 } };
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    result.errors.push({ file: root, path: '', reason: 'not a folder of briefings' });
    return result;
  }
  const readAt = Date.now();
  const base = join(root, '..');
  const folders: FolderEntry[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const dir = join(root, entry.name);
    if (!entry.isDirectory() && !(entry.isSymbolicLink() && statOrUndefined(dir)?.isDirectory())) continue;
    if (!options.cacheDir) {
      folders.push({ name: entry.name, dir, stamp: '', racy: true });
      continue;
    }
    const stats = [statOrUndefined(join(dir, ARTICLE_FILE)), statOrUndefined(join(dir, BRIEFING_FILE))];
    folders.push({ name: entry.name, dir, stamp: stampOf(stats), racy: isRacy(stats, readAt, options.racyMs) });
  }
  result.stats.folders = folders.length;
  const parseAll = (jobs: FolderJob[]): FolderParser => {
    const workers = workerCount(jobs.length, options.workers);
    if (workers > 0) result.stats.threads = workers;
    return parseFolders(jobs, base, workers, (job) => parseFolder(job.dir, job.name, base));
  };
  const decoded = ({ line, errors }: ParsedFolder): { briefing?: Briefing; line?: string; errors: BriefingError[] } => (line === undefined ? { errors } : { line, briefing: decodeLine(line), errors });
  if (!options.cacheDir) {
    const parser = parseAll(folders);
    try {
      for (let i = 0; i < folders.length; i++) {
        const { briefing, errors } = decoded(parser.take(i));
        result.stats.parsed++;
        result.errors.push(...errors);
        if (briefing) result.briefings.push(briefing);
      }
    } finally {
      parser.close();
    }
    return result;
  }

  const file = cacheFile(options.cacheDir, root);
  const signature = foldersSignature(folders);
  const cached = new Map<string, { briefing?: Briefing; errors: BriefingError[]; offset: number; length: number }>();
  const t0 = performance.now();
  const wanted = new Map(folders.map((f) => [f.name, f]));
  const read = readCache(file, root, (name, stamp, json, offset, length) => {
    const folder = wanted.get(name);
    if (folder?.stamp !== stamp) return false;
    const entry = decodeEntry(json);
    if (!entry) return false;
    // Keyed by the folder's own name: `name` is a slice of the cache line and would keep the whole line alive.
    cached.set(folder.name, { ...entry, offset, length });
    return true;
  });
  result.stats.cacheReadMs = performance.now() - t0;
  if (read.miss) result.stats.cacheMiss = read.miss;
  // Rewrite only when the cache no longer matches the folder exactly.
  const rewrite = read.miss !== undefined || read.unused > 0 || cached.size !== folders.length;
  let writer: CacheWriter | undefined;
  if (rewrite) {
    try {
      writer = openCacheWriter(file, root);
    } catch (err) {
      appendNote(result.stats, `not written: ${(err as Error).message}`);
    }
  }
  // Whether the cache file, once written, holds an entry for every folder (then it can hold the name index).
  let complete = rewrite ? writer !== undefined : true;
  let writeMs = 0;
  const misses = folders.filter((f) => !cached.has(f.name));
  if (writer && read.miss !== undefined && !preparsed) return parseThenRead(root, options, misses, writer, result.stats, file, signature);
  const known = (f: { name: string; stamp: string }): ParsedFolder | undefined => {
    const kept = preparsed?.get(f.name);
    return kept?.stamp === f.stamp ? kept.parsed : undefined;
  };
  const parser = parseAll(misses.filter((f) => !known(f)));
  let missed = 0;
  const take = (f: { name: string; stamp: string }): ParsedFolder => known(f) ?? parser.take(missed++);
  try {
    for (const folder of folders) {
      const { name, stamp, racy } = folder;
      const hit = cached.get(name);
      let outcome: { briefing?: Briefing; errors: BriefingError[]; line?: string };
      if (hit) {
        outcome = hit;
        result.stats.fromCache++;
      } else {
        outcome = decoded(take(folder));
        result.stats.parsed++;
      }
      result.errors.push(...outcome.errors);
      if (outcome.briefing) result.briefings.push(outcome.briefing);
      if (!writer) continue;
      const w0 = performance.now();
      try {
        if (hit) writer.copy(hit.offset, hit.length);
        else if (racy || !(outcome.line !== undefined ? writer.add(name, stamp, '["b",', outcome.line, ']') : writer.add(name, stamp, asciiJson(['e', outcome.errors])))) complete = false;
      } catch (err) {
        appendNote(result.stats, `not written: ${(err as Error).message}`);
        writer.abort();
        writer = undefined;
        complete = false;
      }
      writeMs += performance.now() - w0;
    }
  } catch (err) {
    // A parse that throws (a bug) must not leave a half-written cache file behind.
    writer?.abort();
    throw err;
  } finally {
    parser.close();
  }
  if (writer) {
    const w0 = performance.now();
    try {
      writer.finish();
    } catch (err) {
      appendNote(result.stats, `not written: ${(err as Error).message}`);
      complete = false;
    }
    writeMs += performance.now() - w0;
  }
  if (rewrite) result.stats.cacheWriteMs = writeMs;
  if (!rewrite) result.names = readNames(file, signature);
  if (complete && !result.names) result.saveNames = (names) => writeNames(file, signature, names);
  return result;
}

/**
 * A load with no usable cache (a first start, a new release): every folder is parsed and its compact line
 * written to the cache, and nothing else is kept; then the briefings are read back from that cache, as a
 * warm start reads them. Building the in-memory briefings while parsing kept them alive beside the parsers'
 * garbage, which V8 lets grow to twice the live heap before collecting it: at 10,000 briefings the peak was
 * some 300 MB above the warm start's. Reading back costs what decoding the lines in place did, plus reading
 * the file once more from the page cache. If the cache cannot be written after all, everything is loaded
 * again without it.
 */
function parseThenRead(root: string, options: LoadOptions, jobs: FolderEntry[], writer: CacheWriter, stats: LoadStats, file: string, signature: string): LoadResult {
  const base = join(root, '..');
  const threads = workerCount(jobs.length, options.workers);
  const parser = parseFolders(jobs, base, threads, (job) => parseFolder(job.dir, job.name, base));
  const kept = new Map<string, { stamp: string; parsed: ParsedFolder }>();
  // The name index is built here too, from the names each parse hands back, while no briefing is in memory;
  // the read below then finds it in the cache, as a warm start does.
  const sources: NameSource[] = [];
  let out: CacheWriter | undefined = writer;
  let writeMs = 0;
  let failure: string | undefined;
  try {
    for (let i = 0; i < jobs.length; i++) {
      const { name, stamp, racy } = jobs[i]!;
      const parsed = parser.take(i);
      const w0 = performance.now();
      let written = false;
      if (!racy && out) {
        try {
          written = parsed.line !== undefined ? out.add(name, stamp, '["b",', parsed.line, ']') : out.add(name, stamp, asciiJson(['e', parsed.errors]));
        } catch (err) {
          failure = (err as Error).message;
          out.abort();
          out = undefined;
        }
      }
      writeMs += performance.now() - w0;
      if (!written) kept.set(name, { stamp, parsed });
      else if (parsed.names) sources.push(parsed.names);
    }
  } catch (err) {
    // A parse that throws (a bug) must not leave a half-written cache file behind.
    out?.abort();
    throw err;
  } finally {
    parser.close();
  }
  if (out) {
    const w0 = performance.now();
    try {
      out.finish();
    } catch (err) {
      failure ??= (err as Error).message;
    }
    // Only an index of every folder's briefing fits what the read below will load. Without it (not written),
    // the read builds the index itself: no reason to parse everything again.
    if (failure === undefined && kept.size === 0) {
      try {
        writeNames(file, signature, NameIndex.build(sources, (b) => b.folded).pack());
      } catch (err) {
        stats.cacheMiss = `${stats.cacheMiss ? `${stats.cacheMiss}; ` : ''}name index not written: ${(err as Error).message}`;
      }
    }
    sources.length = 0;
    writeMs += performance.now() - w0;
  }
  if (failure !== undefined) {
    const again = loadFrom(root, { ...options, cacheDir: undefined });
    again.stats.cacheMiss = `${stats.cacheMiss ? `${stats.cacheMiss}; ` : ''}not written: ${failure}`;
    return again;
  }
  // The parse's garbage goes now, before the briefings are built on top of it (see collect-garbage.ts).
  const g0 = performance.now();
  collectGarbage();
  const gcMs = performance.now() - g0;
  const second = loadFrom(root, options, kept);
  second.stats = {
    gcMs,
    ...second.stats,
    fromCache: 0,
    parsed: jobs.length,
    readBack: second.stats.fromCache,
    cacheMiss: stats.cacheMiss,
    threads: threads > 0 ? threads : undefined,
    cacheReadMs: (stats.cacheReadMs ?? 0) + (second.stats.cacheReadMs ?? 0),
    cacheWriteMs: writeMs + (second.stats.cacheWriteMs ?? 0),
  };
  if (second.stats.threads === undefined) delete second.stats.threads;
  return second;
}

/** A cache entry's briefing or errors, or undefined when it does not decode (the folder is then loaded from its files). */
function decodeEntry(json: string): { briefing?: Briefing; errors: BriefingError[] } | undefined {
  try {
    const [kind, payload] = JSON.parse(json) as [string, unknown];
    if (kind === 'b') return { briefing: decodeBriefing(payload as Parameters<typeof decodeBriefing>[0]), errors: [] };
    if (kind === 'e' && Array.isArray(payload)) return { errors: payload as BriefingError[] };
  } catch {
    // Fall through: not a usable entry.
  }
  return undefined;
}

/**
 * The NLP analysis of a briefing (compromise's tokens, tags and lemmas for every article sentence and fact
 * text): the one expensive step of answering (about 50 ms per briefing), so it is done only for the
 * briefings a question may be answered from, and kept on disk next to the startup cache, one file per
 * distinct content. The file is named by a hash of the analysed texts and of the analyser's code, so an
 * edited briefing or another release never reads an analysis that is not its own.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirFromEnv } from '../briefing/cache.ts';
import type { Briefing } from '../briefing/model.ts';
import { OUTLET } from '../briefing/schema.ts';
import { analyze, tagSet, type Token } from './analyze.ts';

export interface Analysis {
  /** Tokens of article sentence n at index n - 1. */
  sentences: Token[][];
  /** Tokens of every fact text the index reads, by text. */
  texts: Map<string, Token[]>;
}

/** The texts of a fact the index analyses; the names used in them come from `nameOf`. */
export function factTexts(b: Briefing, nameOf: (id: string) => string): string[] {
  const out: string[] = [];
  for (const e of b.entities) out.push([e.name, ...e.aliases, e.role ?? '', e.kind].join('. '));
  for (const ev of b.events) {
    const names = [...ev.actors, ...(ev.place ? [ev.place] : [])].map(nameOf);
    out.push([ev.title, ...names].join('. '), ev.title);
  }
  for (const c of b.claims) {
    const claimant = c.claimant === OUTLET ? 'the article' : nameOf(c.claimant);
    out.push([claimant, c.text, c.quote ?? '', c.via ?? ''].join('. '), [c.text, c.via ?? ''].join(' ').trim());
  }
  return out;
}

type Row = [start: number, end: number, tags: number, norm: string, concept: string | 0, stem: string | 0, generic: 0 | 1, text?: string];

interface Stored {
  tags: string[];
  rows: Row[][];
}

function encode(tokensOfTexts: Array<{ text: string; tokens: Token[] }>): Stored {
  const tagIds = new Map<string, number>();
  const tags: string[] = [];
  const rows = tokensOfTexts.map(({ text, tokens }) =>
    tokens.map((t): Row => {
      const key = [...t.tags].join('|');
      let id = tagIds.get(key);
      if (id === undefined) {
        id = tags.length;
        tags.push(key);
        tagIds.set(key, id);
      }
      const row: Row = [t.start, t.end, id, t.norm, t.concept ?? 0, t.stem ?? 0, t.generic ? 1 : 0];
      if (text.slice(t.start, t.end) !== t.text) row.push(t.text);
      return row;
    }),
  );
  return { tags, rows };
}

/**
 * One string per distinct word form across analyses: JSON.parse makes a new string for every occurrence,
 * and a token's form, norm, concept and stem are most of an analysed briefing's memory.
 */
const WORDS = new Map<string, string>();
const WORD_MEMO = 50_000;

function shared(word: string): string {
  const known = WORDS.get(word);
  if (known !== undefined) return known;
  if (WORDS.size >= WORD_MEMO) WORDS.clear();
  WORDS.set(word, word);
  return word;
}

function decode(stored: Stored, texts: string[]): Token[][] | undefined {
  if (stored.rows.length !== texts.length) return undefined;
  const tags = stored.tags.map((k) => tagSet(k ? k.split('|') : []));
  return stored.rows.map((rows, i) =>
    rows.map(([start, end, tag, norm, concept, stem, generic, text]) => ({
      text: shared(text ?? texts[i]!.slice(start, end)),
      norm: shared(norm),
      concept: concept === 0 ? undefined : shared(concept),
      stem: stem === 0 ? undefined : shared(stem),
      generic: generic === 1,
      start,
      end,
      tags: tags[tag]!,
    })),
  );
}

const fingerprints = new Map<string, string>();

/** A hash of some of this folder's source files and of packages' versions: another release gets another one. */
export function sourceFingerprint(files: string[], packages: string[]): string {
  const memoKey = `${files.join(',')}|${packages.join(',')}`;
  const memo = fingerprints.get(memoKey);
  if (memo) return memo;
  const hash = createHash('sha256');
  const here = dirname(fileURLToPath(import.meta.url));
  for (const name of files) {
    try {
      hash.update(name).update(readFileSync(join(here, name)));
    } catch {
      hash.update(`${name}?`);
    }
  }
  for (const pkg of packages) {
    try {
      hash.update(`${pkg}@${(JSON.parse(readFileSync(resolve(here, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string }).version}`);
    } catch {
      hash.update(`${pkg}@?`);
    }
  }
  const fingerprint = hash.digest('hex').slice(0, 12);
  fingerprints.set(memoKey, fingerprint);
  return fingerprint;
}

/** The analyser's code and versions. */
function analyserFingerprint(): string {
  return sourceFingerprint(['analyze.ts', 'lexicon.ts', 'analysis.ts', 'nlp.ts'], ['compromise', 'stemmer']);
}

const FOLDER_PREFIX = 'ask-analysis-';
let configured: { dir: string | undefined } | undefined;
let prepared: string | undefined;

/**
 * Where analyses are kept: `ask-analysis-<code>` in the startup cache's folder (BRIEFINGS_CACHE, or
 * DATA_DIR/cache; `off` keeps them in memory only). Tests and benchmarks may set another folder.
 */
export function setAnalysisCacheDir(dir: string | undefined): void {
  configured = { dir };
  prepared = undefined;
}

/** The folder ask keeps its files in (the startup cache's), or undefined when nothing is kept on disk. */
export function askCacheRoot(): string | undefined {
  return configured ? configured.dir : cacheDirFromEnv();
}

function cacheFolder(): string | undefined {
  const root = askCacheRoot();
  if (!root) return undefined;
  const folder = join(root, `${FOLDER_PREFIX}${analyserFingerprint()}`);
  if (prepared !== folder) {
    try {
      mkdirSync(folder, { recursive: true });
      // Analyses of another release are never read again.
      for (const name of readdirSync(root)) if (name.startsWith(FOLDER_PREFIX) && join(root, name) !== folder) rmSync(join(root, name), { recursive: true, force: true });
    } catch {
      return undefined;
    }
    prepared = folder;
  }
  return folder;
}

export interface AnalysisStats {
  analysed: number;
  fromDisk: number;
}

export const analysisStats: AnalysisStats = { analysed: 0, fromDisk: 0 };

function textsOf(b: Briefing, facts: string[]): { sentences: number; all: string[] } {
  return { sentences: b.article.sentences.length, all: [...b.article.sentences.map((s) => s.text), ...new Set(facts)] };
}

/** The name of a briefing's analysis file: a hash of every text it analyses. */
export function analysisKey(b: Briefing, facts: string[]): string {
  return keyOf(textsOf(b, facts).all);
}

function keyOf(texts: string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\u0000');
  return hash.digest('hex').slice(0, 32);
}

/** Analysis files younger than this are never removed: another process may have just written one for its library. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Removes the analysis files that belong to no briefing of the library (`keep`: the keys of all of them),
 * and temporary files left by an interrupted write. Files written in the last hour are kept whatever
 * they are, so a file another process has just written or is about to read is never taken away.
 * Returns how many files were removed.
 */
export function removeStaleAnalyses(keep: ReadonlySet<string>, now = Date.now()): number {
  const folder = cacheFolder();
  if (!folder) return 0;
  let removed = 0;
  try {
    for (const name of readdirSync(folder)) {
      const key = name.endsWith('.json') ? name.slice(0, -'.json'.length) : undefined;
      if (key !== undefined && keep.has(key)) continue;
      const file = join(folder, name);
      try {
        if (now - statSync(file).mtimeMs < STALE_AFTER_MS) continue;
        rmSync(file, { force: true });
        removed++;
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  } catch {
    // An unreadable folder only keeps its files.
  }
  return removed;
}

/** The analysis of a briefing's texts: from the cache folder when its content was analysed before. */
export function analysisOf(b: Briefing, facts: string[]): Analysis {
  const { sentences: count, all } = textsOf(b, facts);
  const sentences = all.slice(0, count);
  const key = keyOf(all);
  const folder = cacheFolder();
  const file = folder && join(folder, `${key}.json`);
  let tokens: Token[][] | undefined;
  if (file) {
    try {
      tokens = decode(JSON.parse(readFileSync(file, 'utf8')) as Stored, all);
      if (tokens) analysisStats.fromDisk++;
    } catch {
      // Missing or unreadable: analysed below and written again.
    }
  }
  if (!tokens) {
    tokens = all.map((text) => analyze(text));
    analysisStats.analysed++;
    if (file) {
      try {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify(encode(all.map((text, i) => ({ text, tokens: tokens![i]! })))));
        renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs the next start an analysis.
      }
    }
  }
  const texts = new Map<string, Token[]>();
  for (let i = sentences.length; i < all.length; i++) texts.set(all[i]!, tokens[i]!);
  return { sentences: tokens.slice(0, sentences.length), texts };
}

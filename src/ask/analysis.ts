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

/**
 * The tokens of a briefing's analysed texts in two typed arrays and one table of strings, so that what a
 * question builds is mostly memory outside V8's heap (freed with the index, never walked by the collector):
 * per token, FIELDS integers (offsets, tag set, and ids of its form, norm, concept and stem in `words`).
 * A Token object is made only when something reads a text's tokens, and dies with the question.
 */
const FIELDS = 7;
const NONE = -1;

export class TokenStore {
  constructor(
    /** Distinct strings of the tokens (forms, norms, concepts, stems). */
    private readonly words: string[],
    private readonly tags: ReadonlyArray<ReadonlySet<string>>,
    /** Per text: its first token (one more entry: the end). */
    private readonly starts: Int32Array,
    /** Per token: start, end, tag set id (bit 16: generic), form, norm, concept, stem (NONE: none). */
    private readonly data: Int32Array,
  ) {}

  get texts(): number {
    return this.starts.length - 1;
  }

  /** The tokens of text `i`, made afresh. */
  tokens(i: number): Token[] {
    if (i < 0 || i >= this.texts) return [];
    const { data, words, tags } = this;
    const out: Token[] = [];
    for (let t = this.starts[i]!, end = this.starts[i + 1]!; t < end; t++) {
      const o = t * FIELDS;
      const concept = data[o + 5]!;
      const stem = data[o + 6]!;
      out.push({
        text: words[data[o + 3]!]!,
        norm: words[data[o + 4]!]!,
        concept: concept === NONE ? undefined : words[concept],
        stem: stem === NONE ? undefined : words[stem],
        generic: (data[o + 2]! & GENERIC_BIT) !== 0,
        start: data[o]!,
        end: data[o + 1]!,
        tags: tags[data[o + 2]! & TAG_MASK]!,
      });
    }
    return out;
  }

  /** Calls `f` with the concept of each token of text `i` that has one, in order. */
  forEachConcept(i: number, f: (concept: string) => void): void {
    if (i < 0 || i >= this.texts) return;
    const { data, words } = this;
    for (let t = this.starts[i]!, end = this.starts[i + 1]!; t < end; t++) {
      const concept = data[t * FIELDS + 5]!;
      if (concept !== NONE) f(words[concept]!);
    }
  }

  /**
   * The store of `count` texts whose tokens `tokensOf(i)` gives, one text at a time: a text's Token objects
   * are dropped as soon as they are stored, so they die young instead of living through the whole briefing.
   */
  static fromTokens(count: number, tokensOf: (i: number) => readonly Token[]): TokenStore {
    const ids = new Map<string, number>();
    const words: string[] = [];
    const id = (word: string): number => {
      let n = ids.get(word);
      if (n === undefined) {
        n = words.length;
        words.push(word);
        ids.set(word, n);
      }
      return n;
    };
    const tagIds = new Map<ReadonlySet<string>, number>();
    const tags: Array<ReadonlySet<string>> = [];
    const starts = new Int32Array(count + 1);
    let data = new Int32Array(FIELDS * 256);
    let o = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = o / FIELDS;
      const tokens = tokensOf(i);
      if (o + tokens.length * FIELDS > data.length) {
        const grown = new Int32Array(Math.max(data.length * 2, o + tokens.length * FIELDS));
        grown.set(data);
        data = grown;
      }
      for (const t of tokens) {
        let tag = tagIds.get(t.tags);
        if (tag === undefined) {
          tag = tags.length;
          tags.push(t.tags);
          tagIds.set(t.tags, tag);
        }
        data[o++] = t.start;
        data[o++] = t.end;
        data[o++] = tag | (t.generic ? GENERIC_BIT : 0);
        data[o++] = id(t.text);
        data[o++] = id(t.norm);
        data[o++] = t.concept === undefined ? NONE : id(t.concept);
        data[o++] = t.stem === undefined ? NONE : id(t.stem);
      }
    }
    starts[count] = o / FIELDS;
    return new TokenStore(words, tags, starts, data.slice(0, o));
  }

  /**
   * The file: a header of HEADER_INTS integers (magic, format, texts, tokens, bytes of the string table), the
   * string table (JSON: the words, then each tag set's tags joined by "|"), padded to 4 bytes, then `starts`
   * and `data`.
   */
  encode(): Buffer {
    const strings = Buffer.from(JSON.stringify([this.words, this.tags.map((set) => [...set].join('|'))]), 'utf8');
    const padded = (strings.length + 3) & ~3;
    const out = Buffer.alloc(HEADER_INTS * 4 + padded + this.starts.byteLength + this.data.byteLength);
    const header = [FILE_MAGIC, FILE_FORMAT, this.texts, this.data.length / FIELDS, strings.length];
    header.forEach((n, i) => out.writeInt32LE(n, i * 4));
    strings.copy(out, HEADER_INTS * 4);
    let at = HEADER_INTS * 4 + padded;
    for (const array of [this.starts, this.data]) {
      for (let i = 0; i < array.length; i++, at += 4) out.writeInt32LE(array[i]!, at);
    }
    return out;
  }

  /** A store read back from `encode`'s bytes, or undefined when they are not a whole, consistent store of `texts` texts. */
  static decode(bytes: Buffer, texts: number): TokenStore | undefined {
    if (bytes.length < HEADER_INTS * 4) return undefined;
    const [magic, format, textCount, tokenCount, stringBytes] = Array.from({ length: HEADER_INTS }, (_, i) => bytes.readInt32LE(i * 4));
    if (magic !== FILE_MAGIC || format !== FILE_FORMAT || textCount !== texts || tokenCount! < 0 || stringBytes! < 0) return undefined;
    const padded = (stringBytes! + 3) & ~3;
    const startsAt = HEADER_INTS * 4 + padded;
    const dataAt = startsAt + (textCount + 1) * 4;
    if (bytes.length !== dataAt + tokenCount! * FIELDS * 4) return undefined;
    const parsed = JSON.parse(bytes.toString('utf8', HEADER_INTS * 4, HEADER_INTS * 4 + stringBytes!)) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || !Array.isArray(parsed[0]) || !Array.isArray(parsed[1])) return undefined;
    const [rawWords, rawTags] = parsed as [unknown[], unknown[]];
    if (!rawWords.every((w) => typeof w === 'string') || !rawTags.every((t) => typeof t === 'string')) return undefined;
    const words = (rawWords as string[]).map(shared);
    const tags = (rawTags as string[]).map((k) => tagSet(k ? k.split('|') : []));
    // Copied into arrays of their own: aligned, and the file's buffer is not kept.
    const starts = new Int32Array(textCount + 1);
    for (let i = 0; i <= textCount; i++) starts[i] = bytes.readInt32LE(startsAt + i * 4);
    const data = new Int32Array(tokenCount! * FIELDS);
    for (let i = 0; i < data.length; i++) data[i] = bytes.readInt32LE(dataAt + i * 4);
    if (starts[0] !== 0 || starts[textCount] !== tokenCount) return undefined;
    for (let i = 0; i < textCount; i++) if (starts[i]! > starts[i + 1]!) return undefined;
    for (let o = 0; o < data.length; o += FIELDS) {
      const tag = data[o + 2]! & TAG_MASK;
      if (data[o + 2]! < 0 || tag >= tags.length || !isWord(data[o + 3]!, words, false) || !isWord(data[o + 4]!, words, false) || !isWord(data[o + 5]!, words, true) || !isWord(data[o + 6]!, words, true)) return undefined;
    }
    return new TokenStore(words, tags, starts, data);
  }
}

const GENERIC_BIT = 1 << 16;
const TAG_MASK = GENERIC_BIT - 1;
const HEADER_INTS = 5;
/** "ASKT" */
const FILE_MAGIC = 0x544b5341;
const FILE_FORMAT = 1;

function isWord(id: number, words: string[], optional: boolean): boolean {
  return (optional && id === NONE) || (id >= 0 && id < words.length);
}

export interface Analysis {
  /** Texts 0 to sentences - 1 are the article's sentences (sentence n at n - 1); then each fact text once. */
  store: TokenStore;
  sentences: number;
  /** Fact text → its number in `store`. */
  texts: Map<string, number>;
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

/**
 * One string per distinct word form across analyses: every file read makes new strings, and a token's form,
 * norm, concept and stem are shared by thousands of briefings.
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
/** The file format, in the folder's name: a folder of another format (JSON before) is removed, never read. */
const FOLDER_FORMAT = `b${FILE_FORMAT}`;
/** An analysis file's name ends so. */
export const ANALYSIS_SUFFIX = '.tokens';
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
  const folder = join(root, `${FOLDER_PREFIX}${FOLDER_FORMAT}-${analyserFingerprint()}`);
  if (prepared !== folder) {
    try {
      mkdirSync(folder, { recursive: true });
      // Analyses of another release are never read again, once that release has stopped writing them: a
      // rolling deploy runs two releases side by side on one cache folder for a while.
      const now = Date.now();
      for (const name of readdirSync(root)) {
        const other = join(root, name);
        if (name.startsWith(FOLDER_PREFIX) && other !== folder && now - statSync(other).mtimeMs > STALE_AFTER_MS) rmSync(other, { recursive: true, force: true });
      }
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
      const key = name.endsWith(ANALYSIS_SUFFIX) ? name.slice(0, -ANALYSIS_SUFFIX.length) : undefined;
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
  const { sentences, all } = textsOf(b, facts);
  const key = keyOf(all);
  const folder = cacheFolder();
  const file = folder && join(folder, `${key}${ANALYSIS_SUFFIX}`);
  let store: TokenStore | undefined;
  if (file) {
    try {
      store = TokenStore.decode(readFileSync(file), all.length);
      if (store) analysisStats.fromDisk++;
    } catch {
      // Missing or unreadable: analysed below and written again.
    }
  }
  if (!store) {
    store = TokenStore.fromTokens(all.length, (i) => analyze(all[i]!));
    analysisStats.analysed++;
    if (file) {
      try {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, store.encode());
        renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs the next start an analysis. The folder may have been
        // removed under us (by hand, or by another release): it is made again on the next write.
        prepared = undefined;
      }
    }
  }
  const texts = new Map<string, number>();
  for (let i = sentences; i < all.length; i++) texts.set(all[i]!, i);
  return { store, sentences, texts };
}

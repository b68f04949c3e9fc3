/**
 * Stage 1 (corpus.ts) kept on disk beside the startup cache, so that a restart does not read every
 * briefing's text again before its first answer: `ask-lexical-<code>.bin` in the cache folder.
 *
 * The file is tied to the library's content, not to file stamps: its header holds a hash of every text
 * stage 1 reads (each briefing's analysis key, see analysis.ts, which covers its sentences and fact texts,
 * with its id and its claims' kinds), recomputed from the loaded library. A file written for other
 * content, by another release, truncated or damaged (CRC-32) is ignored and stage 1 rebuilt, then written
 * to a temporary file and renamed, so a reader sees a whole old file or a whole new one. A rebuild is also
 * when analysis files that belong to no briefing of the library are removed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Library } from '../briefing/library.ts';
import { analysisKey, askCacheRoot, factTexts, removeStaleAnalyses, sourceFingerprint } from './analysis.ts';
import { LexicalBuilder, LexicalIndex, type LexicalData } from './corpus.ts';

const MAGIC = 'briefing-bot ask-lexical 1';
const PREFIX = 'ask-lexical-';

interface Header {
  magic: string;
  library: string;
  keys: number;
  postings: number;
  sentences: number;
  longestPhrase: number;
  crc: number;
}

export interface LexicalStats {
  built: number;
  read: number;
  removedAnalyses: number;
}

export const lexicalStats: LexicalStats = { built: 0, read: 0, removedAnalyses: 0 };

function codeFingerprint(): string {
  return sourceFingerprint(['corpus.ts', 'lexical-store.ts', 'names.ts', 'analyze.ts', 'lexicon.ts', 'briefing-index.ts', 'analysis.ts'], ['stemmer']);
}

function sections(data: LexicalData): Uint8Array[] {
  const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return [bytes(data.keys), bytes(data.sentenceCounts), bytes(data.counts), bytes(data.offsets), data.postings];
}

function checksum(parts: Uint8Array[]): number {
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  return crc;
}

/** The header line, padded with spaces so that the arrays after it start at a multiple of 8 bytes. */
function headerBytes(header: Header): Buffer {
  const text = JSON.stringify(header);
  const length = Math.ceil((Buffer.byteLength(text) + 1) / 8) * 8;
  return Buffer.from(`${text.padEnd(length - 1, ' ')}\n`);
}

export function writeLexical(file: string, library: string, data: LexicalData): void {
  const parts = sections(data);
  const header: Header = { magic: MAGIC, library, keys: data.keys.length, postings: data.postings.length, sentences: data.sentences, longestPhrase: data.longestPhrase, crc: checksum(parts) };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, Buffer.concat([headerBytes(header), ...parts]));
  renameSync(temp, file);
}

/** The stored index when the file is whole and was written for this content; undefined otherwise. */
export function readLexical(file: string, library: string): LexicalData | undefined {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    return undefined;
  }
  const end = buffer.indexOf(10);
  if (end < 0 || end > 4096 || (end + 1) % 8 !== 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(buffer.subarray(0, end).toString('utf8')) as Header;
  } catch {
    return undefined;
  }
  if (header.magic !== MAGIC || header.library !== library) return undefined;
  const k = header.keys;
  if (!Number.isInteger(k) || !Number.isInteger(header.postings) || k < 0 || header.postings < 0) return undefined;
  const expected = end + 1 + k * 8 + k * 4 * 3 + 4 + header.postings;
  if (buffer.length !== expected) return undefined;
  // Typed arrays need aligned offsets: a fresh copy when the buffer's own is not.
  const bytes = buffer.byteOffset % 8 === 0 ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length) : new Uint8Array(buffer);
  let at = bytes.byteOffset + end + 1;
  const take = <T>(make: (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number, width: number): T => {
    const out = make(bytes.buffer, at, length);
    at += length * width;
    return out;
  };
  const data: LexicalData = {
    keys: take((b, o, n) => new Float64Array(b, o, n), k, 8),
    sentenceCounts: take((b, o, n) => new Int32Array(b, o, n), k, 4),
    counts: take((b, o, n) => new Uint32Array(b, o, n), k, 4),
    offsets: take((b, o, n) => new Uint32Array(b, o, n), k + 1, 4),
    postings: take((b, o, n) => new Uint8Array(b, o, n), header.postings, 1),
    sentences: header.sentences,
    longestPhrase: header.longestPhrase,
  };
  if (checksum(sections(data)) !== header.crc) return undefined;
  if (data.offsets[k] !== header.postings) return undefined;
  return data;
}

/** Briefings read (hashed or indexed) per slice of a preparation between commands: a few tens of milliseconds. */
const SLICE = 40;

/**
 * Stage 1 of a library, made in slices: the content key (each briefing's analysis key, with its id and
 * claim kinds), then the file read, or stage 1 built, written and stale analyses removed. Without a
 * cache folder it is only built.
 */
class Preparation {
  private readonly root = askCacheRoot();
  private readonly hash = createHash('sha256').update(MAGIC);
  private readonly analysisKeys = new Set<string>();
  private hashed = 0;
  private key?: string;
  private builder?: LexicalBuilder;
  private result?: LexicalIndex;

  constructor(readonly library: Library) {}

  /** Does one slice of the work; true when stage 1 is ready. */
  step(slice = SLICE): boolean {
    if (this.result) return true;
    const { library } = this;
    if (this.root && this.key === undefined) {
      const end = Math.min(library.briefings.length, this.hashed + slice);
      for (; this.hashed < end; this.hashed++) {
        const b = library.briefings[this.hashed]!;
        const key = analysisKey(b, factTexts(b, (id) => library.nameOf(b, id)));
        this.analysisKeys.add(key);
        this.hash.update(b.id).update('\u0000').update(key);
        for (const c of b.claims) this.hash.update(c.kind);
        this.hash.update('\u0001');
      }
      if (this.hashed < library.briefings.length) return false;
      this.key = this.hash.digest('hex').slice(0, 32);
      const stored = readLexical(this.file(), this.key);
      if (stored) {
        lexicalStats.read++;
        this.result = new LexicalIndex(stored);
        this.analysisKeys.clear();
        return true;
      }
      return false;
    }
    this.builder ??= new LexicalBuilder(library);
    if (!this.builder.step(slice)) return false;
    this.result = new LexicalIndex(this.builder.finish());
    this.builder = undefined;
    lexicalStats.built++;
    if (this.root && this.key !== undefined) this.store(this.root, this.key, this.result);
    return true;
  }

  /** Stage 1 now: whatever is left of the work, at once. */
  finish(): LexicalIndex {
    while (!this.step(Infinity));
    return this.result!;
  }

  private file(): string {
    return join(this.root!, `${PREFIX}${codeFingerprint()}.bin`);
  }

  private store(root: string, key: string, index: LexicalIndex): void {
    // An older library finished late (a question asked of it after a reload): its file and its list of the
    // analyses in use would undo the newer library's.
    if (latest !== undefined && latest !== this.library) return;
    const file = this.file();
    try {
      writeLexical(file, key, index.data);
      // Another release's file is never read again.
      for (const name of readdirSync(root)) if (name.startsWith(PREFIX) && join(root, name) !== file && !name.endsWith('.tmp')) rmSync(join(root, name), { force: true });
    } catch {
      // A file that cannot be written only costs the next start a rebuild.
    }
    lexicalStats.removedAnalyses += removeStaleAnalyses(this.analysisKeys);
    this.analysisKeys.clear();
  }
}

const PREPARATIONS = new WeakMap<Library, Preparation>();
/** The library prepared last (the current one after a start or a reload). */
let latest: Library | undefined;

function preparationOf(library: Library): Preparation {
  let p = PREPARATIONS.get(library);
  if (!p) {
    p = new Preparation(library);
    PREPARATIONS.set(library, p);
  }
  return p;
}

/** Stage 1 of a library now: read, built, or finished from a preparation under way. */
export function lexicalIndexOf(library: Library): LexicalIndex {
  return preparationOf(library).finish();
}

/**
 * Prepares stage 1 between commands (a slice per turn of the event loop), so that the first question after
 * a start or a reload finds it ready; a question asked before completes it at once. Resolves when ready.
 */
export async function prepareLexical(library: Library): Promise<void> {
  latest = library;
  const preparation = preparationOf(library);
  while (!preparation.step()) {
    await new Promise((resolve) => setImmediate(resolve));
    // A reload brought a newer library: preparing this one would only cost time, and its file would be
    // written over the newer one's. A question still asked of it finishes it at once.
    if (latest !== library) return;
  }
}

/**
 * The startup cache: every briefing folder's validated, anchored briefing (in compact form) or its errors,
 * so that a restart reads one file instead of parsing and validating thousands of YAML files again.
 *
 * It must never serve anything but what loading the files would give:
 * - an entry is used only when both files of its folder have the size, modification time, change time and
 *   inode they had when the entry was written (the change time cannot be set back by anyone; an edit,
 *   a copy or a rename changes one of them);
 * - files changed less than two seconds before they were read are not cached, since a second edit within
 *   the file system's time resolution could go unnoticed (the "racy" case git knows);
 * - the whole cache is keyed on the loader's own source code and the versions of its parsers, and on the
 *   briefings folder, so a new release or another folder never reads an old cache;
 * - every line carries a CRC-32 of its text: a corrupt, truncated or hand-edited line is not used, and its
 *   folder is loaded from the files;
 * - it is written to a temporary file and renamed into place, so a reader sees the old cache or the new one.
 *
 * Format: UTF-8 text, ASCII only (non-ASCII escaped in the JSON), one line per folder:
 *   <crc32 hex>\t<json header>                      (first line: format, fingerprint, folder)
 *   <crc32 hex>\t<folder>\t<stamp>\t<json entry>    (["b", compact record] or ["e", errors])
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeSync, type BigIntStats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { COMPACT_FORMAT } from './compact.ts';
import type { Packed } from './packed.ts';

const CACHE_FORMAT = 1;
/** Files changed this recently before being read are not cached (see the file comment). */
const RACY_MS = 2000;

/** What identifies a folder's two files on disk: size, modification and change times (ns), inode. */
export function stampOf(stats: Array<BigIntStats | undefined>): string {
  return stats.map((s) => (s ? `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}` : 'missing')).join('|');
}

/** The newest modification or change time in a stamp, in ms since the epoch. */
function newestMs(stats: Array<BigIntStats | undefined>): number {
  let newest = 0;
  for (const s of stats) if (s) newest = Math.max(newest, Number(s.mtimeNs / 1_000_000n), Number(s.ctimeNs / 1_000_000n));
  return newest;
}

export function isRacy(stats: Array<BigIntStats | undefined>, readAtMs: number, racyMs = RACY_MS): boolean {
  return newestMs(stats) > readAtMs - racyMs;
}

let fingerprintMemo: string | undefined;

/**
 * A hash of everything that decides what a load produces: the loader's source files (src/briefing and
 * src/text), the parser versions, and the formats.
 */
export function codeFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const hash = createHash('sha256');
  hash.update(`cache ${CACHE_FORMAT} compact ${COMPACT_FORMAT}\n`);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, resolve(here, '..', 'text')]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.ts') || n.endsWith('.js') || n.endsWith('.mjs')).sort();
    } catch {
      // A packaging that moved the sources still gets a fingerprint from what remains.
    }
    for (const name of names) hash.update(`${name}\n`).update(readFileSync(join(dir, name)));
  }
  for (const pkg of ['js-yaml', 'zod', 'yaml']) {
    try {
      const version = (JSON.parse(readFileSync(resolve(here, '..', '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string }).version;
      hash.update(`${pkg}@${version}\n`);
    } catch {
      hash.update(`${pkg}@?\n`);
    }
  }
  fingerprintMemo = hash.digest('hex');
  return fingerprintMemo;
}

/**
 * The cache folder from the environment: BRIEFINGS_CACHE names it, or is `off`; by default it is `cache` in
 * DATA_DIR (./data, beside the digest database).
 */
export function cacheDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.BRIEFINGS_CACHE?.trim();
  if (setting && /^(off|false|no|0|none)$/i.test(setting)) return undefined;
  if (setting) return resolve(setting);
  return resolve(env.DATA_DIR?.trim() || './data', 'cache');
}

/** The cache file of a briefings folder within the cache folder. */
export function cacheFile(cacheDir: string, root: string): string {
  const key = createHash('sha256').update(resolve(root)).digest('hex').slice(0, 16);
  return join(cacheDir, `briefings-${key}.cache`);
}

interface Header {
  format: number;
  fingerprint: string;
  root: string;
}

/** Writes all of `bytes` (a write may take fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

/**
 * Reads the lines of a file in chunks with their byte offsets, so a cache of hundreds of MB never sits in
 * memory whole. The file is ASCII (see the writer), so latin1 decodes it exactly, and fastest.
 */
function* lines(file: string): Generator<{ line: string; offset: number }> {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    // The pieces of a line that spans chunks, joined once its end is found (a long line is never re-copied).
    let pieces: string[] = [];
    let lineStart = 0;
    let position = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let start = 0;
      for (let nl = chunk.indexOf(10, 0); nl >= 0 && nl < n; nl = chunk.indexOf(10, start)) {
        pieces.push(chunk.toString('latin1', start, nl));
        yield { line: pieces.length === 1 ? pieces[0]! : pieces.join(''), offset: lineStart };
        pieces = [];
        start = nl + 1;
        lineStart = position + start;
      }
      if (start < n) pieces.push(chunk.toString('latin1', start, n));
      position += n;
    }
    if (pieces.length) yield { line: pieces.join(''), offset: lineStart };
  } finally {
    closeSync(fd);
  }
}

export interface CacheRead {
  /** Why the file as a whole was not used (none yet, another version or folder, corrupt header). */
  miss?: string;
  /** Entry lines not used: corrupt, stale, or of folders that are gone. */
  unused: number;
}

/**
 * Reads the cache of `root`, handing each intact entry to `accept` (folder, stamp, entry JSON, and where the
 * line lies in the file, for copying it into the next cache), which says whether it used it.
 */
export function readCache(file: string, root: string, accept: (name: string, stamp: string, json: string, offset: number, length: number) => boolean): CacheRead {
  if (!existsSync(file)) return { miss: 'no cache yet', unused: 0 };
  let unused = 0;
  try {
    let header: Header | undefined;
    for (const { line, offset } of lines(file)) {
      const tab = line.indexOf('\t');
      const body = line.slice(tab + 1);
      if (tab !== 8 || checksum(body) !== line.slice(0, 8)) {
        if (!header) return { miss: 'corrupt header', unused };
        unused++;
        continue;
      }
      if (!header) {
        header = JSON.parse(body) as Header;
        if (header.format !== CACHE_FORMAT || header.fingerprint !== codeFingerprint()) return { miss: 'written by another version', unused };
        if (header.root !== resolve(root)) return { miss: 'written for another folder', unused };
        continue;
      }
      const fields = body.split('\t');
      const [name, stamp, json] = fields;
      if (fields.length !== 3 || !accept(name!, stamp!, json!, offset, line.length + 1)) unused++;
    }
    if (!header) return { miss: 'empty cache', unused };
  } catch (err) {
    return { miss: `unreadable: ${(err as Error).message}`, unused };
  }
  return { unused };
}

/** A hash of the folders and their stamps, in order: what a cached name index was built from. */
export function foldersSignature(folders: ReadonlyArray<{ name: string; stamp: string }>): string {
  const hash = createHash('sha256');
  for (const f of folders) hash.update(`${f.name}\t${f.stamp}\n`);
  return hash.digest('hex');
}

/**
 * The name index beside the cache, in binary: a JSON header line (signature of the folders it was built
 * from, code fingerprint, sections, CRC-32 of the payload), then each section's bytes. String lists are
 * UTF-8 joined by line breaks (folded names never hold one); integer lists are raw Int32 in the machine's
 * byte order (the fingerprint keys on nothing else, but a cache is local to its machine). Read back with one
 * copy per list: no parsing, next to no garbage.
 */
export function namesFile(file: string): string {
  return `${file}.names`;
}

interface NamesHeader {
  format: number;
  fingerprint: string;
  signature: string;
  crc: number;
  /** `latin1` when every character of a string list fits a byte: read back as compact one-byte strings. */
  sections: Array<{ name: string; kind: 'strings' | 'ints'; bytes: number; encoding?: 'latin1' | 'utf8' }>;
}

export function writeNames(file: string, signature: string, packed: Packed): void {
  const sections: NamesHeader['sections'] = [];
  const parts: Buffer[] = [];
  for (const [name, list] of Object.entries(packed.strings)) {
    const text = list.join('\n');
    const encoding = /[^\x00-\xff]/.test(text) ? 'utf8' : 'latin1';
    const bytes = Buffer.from(text, encoding);
    sections.push({ name, kind: 'strings', bytes: bytes.length, encoding });
    parts.push(bytes);
  }
  for (const [name, list] of Object.entries(packed.ints)) {
    sections.push({ name, kind: 'ints', bytes: list.byteLength });
    parts.push(Buffer.from(list.buffer, list.byteOffset, list.byteLength));
  }
  // Written part by part, with the CRC-32 carried over the parts: the payload is some 30 MB at 10,000
  // briefings, and joining it (twice, with the header) cost as much again at a cold start's peak.
  let crc = 0;
  for (const part of parts) crc = crc32(part, crc);
  const header: NamesHeader = { format: CACHE_FORMAT, fingerprint: codeFingerprint(), signature, crc, sections };
  const temp = `${namesFile(file)}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeAll(fd, Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'));
      for (const part of parts) writeAll(fd, part);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, namesFile(file));
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** The name index built for exactly these folders (same signature and code), or undefined. */
export function readNames(file: string, signature: string): Packed | undefined {
  try {
    const data = readFileSync(namesFile(file));
    const nl = data.indexOf(10);
    if (nl < 0) return undefined;
    const header = JSON.parse(data.toString('utf8', 0, nl)) as NamesHeader;
    if (header.format !== CACHE_FORMAT || header.fingerprint !== codeFingerprint() || header.signature !== signature) return undefined;
    const payload = data.subarray(nl + 1);
    if (crc32(payload) !== header.crc) return undefined;
    const packed: Packed = { strings: {}, ints: {} };
    let at = 0;
    for (const { name, kind, bytes, encoding } of header.sections) {
      if (at + bytes > payload.length) return undefined;
      if (kind === 'strings') {
        packed.strings[name] = bytes === 0 ? [] : payload.toString(encoding === 'latin1' ? 'latin1' : 'utf8', at, at + bytes).split('\n');
        at += bytes;
      } else {
        if (bytes % 4 !== 0) return undefined;
        const ints = new Int32Array(bytes / 4);
        new Uint8Array(ints.buffer).set(payload.subarray(at, at + bytes));
        packed.ints[name] = ints;
        at += bytes;
      }
    }
    return packed;
  } catch {
    return undefined;
  }
}

const NON_ASCII = /[\u007f-\uffff]/g;
const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A JSON text with every non-ASCII character escaped, so the file is ASCII and its lines split on bytes. */
export function asciiLine(json: string): string {
  return json.replace(NON_ASCII, escapeChar);
}

export function asciiJson(value: unknown): string {
  return asciiLine(JSON.stringify(value));
}

export interface CacheWriter {
  /** A new entry (entry JSON already ASCII, in pieces written one after the other); false when the folder's name cannot be cached. */
  add(name: string, stamp: string, ...json: string[]): boolean;
  /** An entry copied unchanged from the current cache file. */
  copy(offset: number, length: number): void;
  /** Puts the new cache in place of the old one. */
  finish(): void;
  /** Gives up: the new cache's temporary file is closed and removed, the old cache left as it was. */
  abort(): void;
}

/** Writes a new cache beside the old one (from which entries can be copied), then renames it into place. */
export function openCacheWriter(file: string, root: string): CacheWriter {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const out = openSync(temp, 'w');
  const old = existsSync(file) ? openSync(file, 'r') : undefined;
  // Lines are copied straight into one reused buffer: at 10,000 briefings they are 150 MB of text, and
  // joining them into strings first (the line, the line with its checksum, a chunk of lines) left most of
  // that as garbage in the old generation, which is what a cold start's peak memory was made of.
  const buffer = Buffer.allocUnsafe(1 << 20);
  let used = 0;
  const flush = (): void => {
    if (used > 0) writeAll(out, buffer.subarray(0, used));
    used = 0;
  };
  const push = (text: string): void => {
    if (used + text.length > buffer.length) flush();
    // The file is ASCII (see asciiLine), so a character is a byte.
    if (text.length > buffer.length) writeAll(out, Buffer.from(text, 'latin1'));
    else used += buffer.write(text, used, 'latin1');
  };
  const close = (): void => {
    closeSync(out);
    if (old !== undefined) closeSync(old);
  };
  try {
    const header = asciiJson({ format: CACHE_FORMAT, fingerprint: codeFingerprint(), root: resolve(root), written: new Date().toISOString() });
    push(`${checksum(header)}\t${header}\n`);
  } catch (err) {
    close();
    rmSync(temp, { force: true });
    throw err;
  }
  return {
    add(name, stamp, ...json) {
      // A folder name that is not plain printable ASCII cannot be a line of its own; such folders are not cached.
      if (/[^\x20-\x7e]/.test(name)) return false;
      const head = `${name}\t${stamp}\t`;
      let crc = crc32(head);
      for (const part of json) crc = crc32(part, crc);
      push(crc.toString(16).padStart(8, '0'));
      push('\t');
      push(head);
      for (const part of json) push(part);
      push('\n');
      return true;
    },
    copy(offset, length) {
      if (old === undefined) return;
      flush();
      const bytes = Buffer.allocUnsafe(length);
      readSync(old, bytes, 0, length, offset);
      writeAll(out, bytes);
    },
    finish() {
      try {
        flush();
        close();
        renameSync(temp, file);
      } catch (err) {
        rmSync(temp, { force: true });
        throw err;
      }
    },
    abort() {
      try {
        close();
      } catch {
        // Already closed (a failed finish): only the file is left to remove.
      }
      rmSync(temp, { force: true });
    },
  };
}

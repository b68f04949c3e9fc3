/**
 * Reading an article from a file or standard input, refusing what is not an article: empty input,
 * binary data, text that is not UTF-8 (or UTF-16 with a byte-order mark), and anything over the size limit.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { IngestError } from './draft.ts';

/** News articles are tens of kilobytes; this leaves room for long ones and refuses dumps. */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function readArticleBytes(path: string, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<Buffer> {
  if (path === '-') return readStream(stdin);
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new IngestError('not_a_file', `${path} is a folder, not an article file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof IngestError) throw err;
    throw new IngestError('unreadable', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (size > MAX_ARTICLE_BYTES) throw new IngestError('too_large', `${path} is ${mb(size)}; ingest reads articles up to ${mb(MAX_ARTICLE_BYTES)}.`);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

async function readStream(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > MAX_ARTICLE_BYTES) throw new IngestError('too_large', `standard input is over ${mb(MAX_ARTICLE_BYTES)}; ingest reads articles up to that size.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Bytes → text, or a clear error saying why the bytes are not an article. */
export function decodeArticle(bytes: Buffer, name = 'the input'): string {
  if (bytes.length > MAX_ARTICLE_BYTES) throw new IngestError('too_large', `${name} is ${mb(bytes.length)}; ingest reads articles up to ${mb(MAX_ARTICLE_BYTES)}.`);
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    if (bytes.includes(0)) throw new IngestError('binary', `${name} is binary data, not text (it contains NUL bytes).`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      throw new IngestError(
        'encoding',
        `${name} is not UTF-8 text (invalid byte 0x${bytes[at]?.toString(16).padStart(2, '0')} at offset ${at}); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8.`,
      );
    }
  }
  const controls = text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.01) throw new IngestError('binary', `${name} looks like binary data (${controls} control characters).`);
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new IngestError('empty', `${name} is empty.`);
  return text;
}

function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len;
  }
  return 0;
}

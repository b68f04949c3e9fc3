/**
 * The library-wide part of the answerer, cheap enough for 10,000 briefings (no NLP model): which briefings
 * hold each word's concept and each name, and in how many article sentences each concept occurs. It decides
 * which few briefings a question can be answered from; those are then analysed and scored precisely
 * (briefing-index.ts).
 *
 * Words are read here without a tagger: a word's concept is its Porter stem merged with its synonyms
 * (conceptOf), where the precise index lemmatises first ("said" is "say" there, "said" here). A question
 * looks up both forms of each of its words.
 *
 * Everything is held in typed arrays (about 25 MB at 10,000 briefings), so that it costs the garbage
 * collector nothing and can be written to disk and read back as is (lexical-store.ts): a key is a 53-bit
 * hash of the concept or name (a collision between two of a few hundred thousand keys has a chance of about
 * one in ten billion, and would only add a candidate, which stage 2 then scores precisely), and the
 * briefings holding it are delta-encoded variable-length integers.
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing } from '../briefing/model.ts';
import { conceptOf } from './analyze.ts';
import { KIND_CONCEPTS } from './briefing-index.ts';
import { phraseKey, phrasesOf } from './names.ts';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)?/gu;
const TERM = 1;
const PHRASE = 2;

/** A 53-bit hash of a key of one kind (two 32-bit multiplicative hashes). */
export function keyHash(kind: number, text: string): number {
  let a = 0x811c9dc5 ^ kind;
  let b = 0x9747b28c ^ Math.imul(kind, 0x5bd1e995);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 16;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  return (a >>> 0) * 2 ** 21 + (b >>> 11);
}

/** What stage 1 holds, all typed arrays (see lexical-store.ts for the file). */
export interface LexicalData {
  /** Key hashes, ascending. */
  keys: Float64Array;
  /** Per key: article sentences holding it (concepts only). */
  sentenceCounts: Int32Array;
  /** Per key: how many briefings hold it. */
  counts: Uint32Array;
  /** Per key: where its postings start in `postings` (one more entry: the end). */
  offsets: Uint32Array;
  /** Briefing positions per key, ascending, as variable-length deltas. */
  postings: Uint8Array;
  /** Article sentences in the library. */
  sentences: number;
  /** The longest name, in words. */
  longestPhrase: number;
}

const EMPTY = new Uint32Array(0);

export class LexicalIndex {
  constructor(readonly data: LexicalData) {}

  static build(library: Library): LexicalIndex {
    return new LexicalIndex(buildLexical(library));
  }

  get sentences(): number {
    return this.data.sentences;
  }

  get longestPhrase(): number {
    return this.data.longestPhrase;
  }

  private find(hash: number): number {
    const keys = this.data.keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === hash) return mid;
      if (k < hash) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private positions(at: number): Uint32Array {
    if (at < 0) return EMPTY;
    const { counts, offsets, postings } = this.data;
    const out = new Uint32Array(counts[at]!);
    let p = -1;
    for (let i = 0, o = offsets[at]!; i < out.length; i++) {
      let delta = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = postings[o++]!;
        delta += (byte & 127) * 2 ** shift;
        shift += 7;
      } while (byte & 128);
      p += delta;
      out[i] = p;
    }
    return out;
  }

  /** Article sentences whose words have this concept. */
  sentencesWith(concept: string): number {
    const at = this.find(keyHash(TERM, concept));
    return at < 0 ? 0 : this.data.sentenceCounts[at]!;
  }

  /** Positions (in the library) of the briefings whose text has this concept, ascending. */
  briefingsWith(concept: string | undefined): Uint32Array {
    return concept === undefined ? EMPTY : this.positions(this.find(keyHash(TERM, concept)));
  }

  /** Positions of the briefings that have a name under this key (see phraseKey), ascending. */
  briefingsNaming(key: string): Uint32Array {
    return this.positions(this.find(keyHash(PHRASE, key)));
  }

  /** How many briefings have a name under this key. */
  countNaming(key: string): number {
    const at = this.find(keyHash(PHRASE, key));
    return at < 0 ? 0 : this.data.counts[at]!;
  }
}

/** Integers in chunks of a million: no copy when it grows, and no room doubled for nothing. */
class Chunked {
  private readonly chunks: Int32Array[] = [];
  length = 0;
  push(x: number): void {
    const c = this.length >>> 20;
    if (c === this.chunks.length) this.chunks.push(new Int32Array(1 << 20));
    this.chunks[c]![this.length & 0xfffff] = x;
    this.length++;
  }
  at(i: number): number {
    return this.chunks[i >>> 20]![i & 0xfffff]!;
  }
}

function grown<T extends Float64Array | Int32Array>(a: T, size: number, fill: number): T {
  if (size <= a.length) return a;
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  if (fill !== 0) bigger.fill(fill);
  bigger.set(a);
  return bigger;
}

function varintLength(x: number): number {
  let n = 1;
  while (x >= 128) {
    x = Math.floor(x / 128);
    n++;
  }
  return n;
}

/**
 * Builds stage 1 a few briefings at a time (`step`), so that it can run between commands, or at once
 * (`finish`, which also completes a build already under way).
 */
export class LexicalBuilder {
  private readonly ids = new Map<number, number>();
  private hashes = new Float64Array(1 << 16);
  private seenIn = new Int32Array(1 << 16).fill(-1);
  private sentenceSeen = new Int32Array(1 << 16).fill(-1);
  private counts = new Int32Array(1 << 16);
  /** A word's concept id, memoised per word for this build only. */
  private readonly conceptOfWord = new Map<string, number>();
  private readonly pairs = new Chunked();
  private readonly bounds: Uint32Array;
  private sentence = 0;
  private longest = 0;
  private next = 0;
  private result?: LexicalData;

  constructor(readonly library: Library) {
    this.bounds = new Uint32Array(library.briefings.length + 1);
  }

  get done(): boolean {
    return this.next >= this.library.briefings.length;
  }

  /** Reads the next `count` briefings; true when all are read. */
  step(count: number): boolean {
    const end = Math.min(this.library.briefings.length, this.next + count);
    while (this.next < end) this.read(this.library.briefings[this.next]!, this.next++);
    return this.done;
  }

  finish(): LexicalData {
    this.step(Infinity);
    this.result ??= this.complete();
    return this.result;
  }

  private idOfHash(hash: number): number {
    let id = this.ids.get(hash);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(hash, id);
      this.hashes = grown(this.hashes, id + 1, 0);
      this.seenIn = grown(this.seenIn, id + 1, -1);
      this.sentenceSeen = grown(this.sentenceSeen, id + 1, -1);
      this.counts = grown(this.counts, id + 1, 0);
      this.hashes[id] = hash;
    }
    return id;
  }

  private idOfWord(word: string): number {
    let id = this.conceptOfWord.get(word);
    if (id === undefined) {
      const concept = conceptOf(word);
      id = concept === undefined ? -1 : this.idOfHash(keyHash(TERM, concept));
      this.conceptOfWord.set(word, id);
    }
    return id;
  }

  private add(id: number, position: number): void {
    if (id >= 0 && this.seenIn[id] !== position) {
      this.seenIn[id] = position;
      this.pairs.push(id);
    }
  }

  private addText(text: string, position: number, inSentence: boolean): void {
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
      const id = this.idOfWord(m[0]);
      if (id < 0) continue;
      this.add(id, position);
      if (inSentence && this.sentenceSeen[id] !== this.sentence) {
        this.sentenceSeen[id] = this.sentence;
        this.counts[id]!++;
      }
    }
  }

  private read(b: Briefing, position: number): void {
    this.bounds[position] = this.pairs.length;
    for (const s of b.article.sentences) {
      this.addText(s.text, position, true);
      this.sentence++;
    }
    for (const e of b.entities) {
      this.addText(e.name, position, false);
      for (const a of e.aliases) this.addText(a, position, false);
      if (e.role) this.addText(e.role, position, false);
    }
    for (const ev of b.events) this.addText(ev.title, position, false);
    for (const c of b.claims) {
      this.addText(c.text, position, false);
      if (c.quote) this.addText(c.quote, position, false);
      if (c.via) this.addText(c.via, position, false);
      for (const w of KIND_CONCEPTS[c.kind]) this.add(this.idOfWord(w), position);
      this.add(this.idOfWord('say'), position);
    }
    for (const p of phrasesOf(b)) {
      const key = phraseKey(p);
      if (key === undefined) continue;
      this.add(this.idOfHash(keyHash(PHRASE, key)), position);
      if (p.keys.length > this.longest) this.longest = p.keys.length;
    }
    this.bounds[position + 1] = this.pairs.length;
  }

  /** Keys in hash order; then each key's briefings, delta-encoded. */
  private complete(): LexicalData {
    const { hashes, counts, pairs, bounds } = this;
    const briefings = this.library.briefings.length;
    const size = this.ids.size;
    this.conceptOfWord.clear();
    this.ids.clear();
    const order = new Uint32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    order.sort((x, y) => hashes[x]! - hashes[y]!);
    const rank = new Uint32Array(size);
    const keys = new Float64Array(size);
    const sentenceCounts = new Int32Array(size);
    for (let r = 0; r < size; r++) {
      rank[order[r]!] = r;
      keys[r] = hashes[order[r]!]!;
      sentenceCounts[r] = counts[order[r]!]!;
    }
    const last = new Int32Array(size).fill(-1);
    const bytes = new Uint32Array(size);
    const perKey = new Uint32Array(size);
    for (let p = 0; p < briefings; p++) {
      for (let i = bounds[p]!; i < bounds[p + 1]!; i++) {
        const r = rank[pairs.at(i)]!;
        bytes[r]! += varintLength(p - last[r]!);
        last[r] = p;
        perKey[r]!++;
      }
    }
    const offsets = new Uint32Array(size + 1);
    for (let r = 0; r < size; r++) offsets[r + 1] = offsets[r]! + bytes[r]!;
    const postings = new Uint8Array(offsets[size]!);
    const write = offsets.slice(0, size);
    last.fill(-1);
    for (let p = 0; p < briefings; p++) {
      for (let i = bounds[p]!; i < bounds[p + 1]!; i++) {
        const r = rank[pairs.at(i)]!;
        let delta = p - last[r]!;
        last[r] = p;
        let o = write[r]!;
        while (delta >= 128) {
          postings[o++] = (delta & 127) | 128;
          delta = Math.floor(delta / 128);
        }
        postings[o++] = delta;
        write[r] = o;
      }
    }
    return { keys, sentenceCounts, counts: perKey, offsets, postings, sentences: this.sentence, longestPhrase: this.longest };
  }
}

function buildLexical(library: Library): LexicalData {
  return new LexicalBuilder(library).finish();
}

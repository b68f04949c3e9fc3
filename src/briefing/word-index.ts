/**
 * Finds words near a query word among many (tens of thousands at 10,000 briefings) without comparing the
 * query with each of them: a trigram index narrows the candidates, Levenshtein confirms them.
 *
 * - `similar(word, k)`: every word within edit distance k. Words are padded ("$$word$$"), so a word of n
 *   letters has n + 2 trigrams, and one edit destroys at most 3 of them: a word within distance k shares at
 *   least (distinct trigrams of the query) − 3k of them (the q-gram lemma). Candidates below that count are
 *   never compared; when the bound is 0 or less (very short queries), the words of compatible length are
 *   compared directly.
 * - `containing(fragment)`: every word that contains the fragment, through the fragment's own trigrams.
 *
 * Built once, then immutable: the postings are packed into typed arrays (a word id per trigram occurrence),
 * a few bytes per word rather than an array object per trigram.
 */
import { editDistance } from './names.ts';

const PAD = '$$';

function paddedGrams(word: string): Set<string> {
  const padded = PAD + word + PAD;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function innerGrams(fragment: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= fragment.length; i++) grams.add(fragment.slice(i, i + 3));
  return grams;
}

/** Collects words, then packs them into a WordIndex. */
export class WordIndexBuilder {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The word's id (the same for the same word). */
  add(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  build(): WordIndex {
    const gramIds = new Map<string, number>();
    const occurrences: number[] = [];
    const wordGrams: number[][] = this.words.map((word) => {
      const ids: number[] = [];
      for (const gram of paddedGrams(word)) {
        let g = gramIds.get(gram);
        if (g === undefined) {
          g = gramIds.size;
          gramIds.set(gram, g);
          occurrences.push(0);
        }
        occurrences[g]!++;
        ids.push(g);
      }
      return ids;
    });
    const start = new Int32Array(gramIds.size + 1);
    for (let g = 0; g < occurrences.length; g++) start[g + 1] = start[g]! + occurrences[g]!;
    const postings = new Int32Array(start[gramIds.size]!);
    const fill = start.slice(0, gramIds.size);
    wordGrams.forEach((grams, w) => {
      for (const g of grams) postings[fill[g]!++] = w;
    });
    const byLength = Int32Array.from(this.words.keys()).sort((a, b) => this.words[a]!.length - this.words[b]!.length || a - b);
    const maxLength = this.words.reduce((m, w) => Math.max(m, w.length), 0);
    const lengthStart = new Int32Array(maxLength + 2);
    for (const w of this.words) lengthStart[w.length + 1]!++;
    for (let l = 1; l < lengthStart.length; l++) lengthStart[l]! += lengthStart[l - 1]!;
    return new WordIndex(this.words, this.ids, gramIds, start, postings, byLength, lengthStart);
  }
}

export class WordIndex {
  private counts: Uint16Array;

  constructor(
    private readonly words: readonly string[],
    private readonly ids: ReadonlyMap<string, number>,
    private readonly gramIds: ReadonlyMap<string, number>,
    private readonly gramStart: Int32Array,
    private readonly postings: Int32Array,
    private readonly byLength: Int32Array,
    private readonly lengthStart: Int32Array,
  ) {
    this.counts = new Uint16Array(words.length);
  }

  get size(): number {
    return this.words.length;
  }

  word(id: number): string {
    return this.words[id]!;
  }

  id(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** Ids of every word within edit distance `maxDistance` of `word` (the word itself included when indexed). */
  similar(word: string, maxDistance: number): number[] {
    const k = Math.max(0, Math.floor(maxDistance));
    if (k === 0) {
      const id = this.ids.get(word);
      return id === undefined ? [] : [id];
    }
    const out: number[] = [];
    const check = (id: number): void => {
      const candidate = this.words[id]!;
      if (Math.abs(candidate.length - word.length) <= k && editDistance(word, candidate, k) <= k) out.push(id);
    };
    const grams = paddedGrams(word);
    const needed = grams.size - 3 * k;
    if (needed <= 0) {
      const from = Math.max(0, word.length - k);
      const to = Math.min(this.lengthStart.length - 2, word.length + k);
      if (from <= to) for (let i = this.lengthStart[from]!; i < this.lengthStart[to + 1]!; i++) check(this.byLength[i]!);
      return out;
    }
    for (const id of this.countAtLeast(grams, needed, word.length, k)) check(id);
    return out;
  }

  /** Ids of every word that contains `fragment` (of at least 3 characters; shorter ones are looked up whole). */
  containing(fragment: string): number[] {
    if (fragment.length < 3) {
      const id = this.ids.get(fragment);
      return id === undefined ? [] : [id];
    }
    const grams = innerGrams(fragment);
    return this.countAtLeast(grams, grams.size, fragment.length, Infinity).filter((id) => this.words[id]!.includes(fragment));
  }

  /** Ids of words holding at least `needed` of `grams`, within `slack` of `length` (ScanCount). */
  private countAtLeast(grams: Set<string>, needed: number, length: number, slack: number): number[] {
    const lists: Array<[number, number]> = [];
    for (const gram of grams) {
      const g = this.gramIds.get(gram);
      if (g !== undefined) lists.push([this.gramStart[g]!, this.gramStart[g + 1]!]);
    }
    // Not enough of the grams exist at all: nothing can qualify.
    if (lists.length < needed) return [];
    const counts = this.counts;
    const hits: number[] = [];
    const touched: number[] = [];
    for (const [from, to] of lists) {
      for (let i = from; i < to; i++) {
        const id = this.postings[i]!;
        const c = counts[id]!;
        if (c === 0) touched.push(id);
        counts[id] = c + 1;
        if (c + 1 === needed && Math.abs(this.words[id]!.length - length) <= slack) hits.push(id);
      }
    }
    for (const id of touched) counts[id] = 0;
    return hits;
  }
}

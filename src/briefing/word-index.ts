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

export class WordIndex {
  private readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly grams = new Map<string, number[]>();
  private readonly byLength: number[][] = [];
  private counts = new Uint16Array(0);

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** Adds a word (once); returns the word as stored, so callers can share one copy of it. */
  add(word: string): string {
    const known = this.ids.get(word);
    if (known !== undefined) return this.words[known]!;
    const id = this.words.length;
    this.words.push(word);
    this.ids.set(word, id);
    for (const gram of paddedGrams(word)) {
      const list = this.grams.get(gram);
      if (list) list.push(id);
      else this.grams.set(gram, [id]);
    }
    (this.byLength[word.length] ??= []).push(id);
    return word;
  }

  /** Every indexed word within edit distance `maxDistance` of `word` (the word itself included when indexed). */
  similar(word: string, maxDistance: number): string[] {
    const k = Math.max(0, Math.floor(maxDistance));
    if (k === 0) return this.ids.has(word) ? [word] : [];
    const grams = paddedGrams(word);
    const needed = grams.size - 3 * k;
    const out: string[] = [];
    const check = (id: number): void => {
      const candidate = this.words[id]!;
      if (Math.abs(candidate.length - word.length) <= k && editDistance(word, candidate, k) <= k) out.push(candidate);
    };
    if (needed <= 0) {
      for (let len = Math.max(0, word.length - k); len <= word.length + k; len++) for (const id of this.byLength[len] ?? []) check(id);
      return out;
    }
    for (const id of this.countAtLeast(grams, needed, word.length, k)) check(id);
    return out;
  }

  /** Every indexed word that contains `fragment` (of at least 3 characters; shorter ones are looked up whole). */
  containing(fragment: string): string[] {
    if (fragment.length < 3) return this.ids.has(fragment) ? [fragment] : [];
    const grams = innerGrams(fragment);
    const out: string[] = [];
    for (const id of this.countAtLeast(grams, grams.size, fragment.length, Infinity)) {
      const candidate = this.words[id]!;
      if (candidate.length >= fragment.length && candidate.includes(fragment)) out.push(candidate);
    }
    return out;
  }

  /** Ids of words holding at least `needed` of `grams`, within `slack` of `length` (ScanCount). */
  private countAtLeast(grams: Set<string>, needed: number, length: number, slack: number): number[] {
    if (this.counts.length < this.words.length) this.counts = new Uint16Array(Math.max(1024, this.words.length * 2));
    const counts = this.counts;
    const lists: number[][] = [];
    for (const gram of grams) {
      const list = this.grams.get(gram);
      if (list) lists.push(list);
    }
    // Not enough of the grams exist at all: nothing can qualify.
    if (lists.length < needed) return [];
    const hits: number[] = [];
    const touched: number[] = [];
    for (const list of lists) {
      for (const id of list) {
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

/**
 * Finds words near a query word among many (a hundred thousand at 10,000 briefings) without comparing the
 * query with each of them: a trigram index narrows the candidates, Levenshtein confirms them.
 *
 * - `similar(word, k)`: every word within edit distance k. Words are padded ("$$word$$"), so a word of n
 *   letters has n + 2 trigrams, and one edit destroys at most 3 of them: a word within distance k shares at
 *   least n + 2 − 3k of them, repeats counted (the q-gram lemma). Candidates below that count are
 *   never compared; when the bound is 0 or less (very short queries), the words of compatible length are
 *   compared directly.
 * - `containing(fragment)`: every word that contains the fragment, through the fragment's own trigrams.
 *
 * Immutable once built and made only of sorted string lists and typed arrays (a word's id is its rank), so it
 * costs a few bytes per word, has nothing for the garbage collector to trace, and is stored as is in the
 * startup cache.
 */
import { editDistance } from './names.ts';
import { groupBy, IntList, lowerBound, packedInts, packedStrings, rankStrings, type Packed } from './packed.ts';

const PAD = '$$';

/**
 * The padded trigrams of a word as a set in which a trigram's second and later occurrences are grams of their
 * own ("whw", "whw\u00012"): set intersections then count shared trigrams with their repeats, as the q-gram
 * lemma does. Without the repeats a word such as "xexexe" (8 trigrams, 6 distinct) gives a bound of 0 at two
 * edits, and every word of a similar length has to be compared.
 */
function paddedGrams(word: string): Set<string> {
  const padded = PAD + word + PAD;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const gram = padded.slice(i, i + 3);
    let nth = gram;
    for (let n = 2; grams.has(nth); n++) nth = `${gram}\u0001${n}`;
    grams.add(nth);
  }
  return grams;
}

function innerGrams(fragment: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= fragment.length; i++) grams.add(fragment.slice(i, i + 3));
  return grams;
}

/**
 * Levenshtein distances from one word of at most 32 UTF-16 units to many others, bit-parallel (Myers 1999, in
 * Hyyrö's form for whole strings): one pass of a few integer operations per character of the other word,
 * where the dynamic programme takes one step per pair of characters. A typo in a common surname has
 * thousands of candidates sharing enough trigrams, and checking them is where its time went.
 */
export class BitDistance {
  private readonly ascii = new Int32Array(128);
  private readonly other = new Map<number, number>();
  private readonly high: number;

  constructor(private readonly word: string) {
    if (word.length > 32 || word.length === 0) throw new Error('BitDistance takes words of 1 to 32 units');
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c < 128) this.ascii[c]! |= 1 << i;
      else this.other.set(c, (this.other.get(c) ?? 0) | (1 << i));
    }
    this.high = 1 << (word.length - 1);
  }

  static fits(word: string): boolean {
    return word.length > 0 && word.length <= 32;
  }

  distance(text: string): number {
    let pv = -1;
    let mv = 0;
    let score = this.word.length;
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      const eq = c < 128 ? this.ascii[c]! : (this.other.get(c) ?? 0);
      const xv = eq | mv;
      // Bits past the word's length carry garbage upwards only; ToInt32 drops the carry out of bit 31.
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & this.high) score++;
      else if (mh & this.high) score--;
      // The first row of the table grows by one per character: a +1 enters at the bottom.
      ph = (ph << 1) | 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }
}

export class WordIndex {
  private counts?: Uint16Array;
  /** Each word's length, by id: read for every posting scanned, so kept apart from the strings. */
  private lengths?: Uint16Array;

  private constructor(
    /** Sorted; a word's id is its position. */
    private readonly words: readonly string[],
    /** Sorted trigrams, and per trigram the ids of the words holding it. */
    private readonly grams: readonly string[],
    private readonly gramStart: Int32Array,
    private readonly postings: Int32Array,
    /** Word ids by length, and where each length starts. */
    private readonly byLength: Int32Array,
    private readonly lengthStart: Int32Array,
  ) {}

  /** Indexes the distinct words of `words`; ids are ranks in code-unit order. */
  static build(words: readonly string[]): WordIndex {
    const sorted = [...new Set(words)].sort();
    const gramTexts: string[] = [];
    const gramWord = new IntList();
    sorted.forEach((word, id) => {
      for (const gram of paddedGrams(word)) {
        gramTexts.push(gram);
        gramWord.push(id);
      }
    });
    const { sorted: grams, rank } = rankStrings(gramTexts);
    const gramOf = new IntList(rank.length);
    for (const r of rank) gramOf.push(r);
    const { start: gramStart, ids: postings } = groupBy(gramOf, gramWord, grams.length);
    const lengths = new IntList(sorted.length);
    const ids = new IntList(sorted.length);
    sorted.forEach((w, id) => {
      lengths.push(w.length);
      ids.push(id);
    });
    const maxLength = sorted.reduce((m, w) => Math.max(m, w.length), 0);
    const { start: lengthStart, ids: byLength } = groupBy(lengths, ids, maxLength + 1);
    return new WordIndex(sorted, grams, gramStart, postings, byLength, lengthStart);
  }

  /** The index as plain lists, each name prefixed (so it can sit beside others in one Packed). */
  pack(prefix: string): Packed {
    return {
      strings: { [`${prefix}words`]: this.words, [`${prefix}grams`]: this.grams },
      ints: {
        [`${prefix}gramStart`]: this.gramStart,
        [`${prefix}postings`]: this.postings,
        [`${prefix}byLength`]: this.byLength,
        [`${prefix}lengthStart`]: this.lengthStart,
      },
    };
  }

  static unpack(packed: Packed, prefix: string): WordIndex {
    const index = new WordIndex(
      packedStrings(packed, `${prefix}words`),
      packedStrings(packed, `${prefix}grams`),
      packedInts(packed, `${prefix}gramStart`),
      packedInts(packed, `${prefix}postings`),
      packedInts(packed, `${prefix}byLength`),
      packedInts(packed, `${prefix}lengthStart`),
    );
    const words = index.words.length;
    const fits =
      index.gramStart.length === index.grams.length + 1 &&
      index.gramStart[index.grams.length] === index.postings.length &&
      index.byLength.length === words &&
      index.lengthStart.length >= 2 &&
      index.lengthStart[index.lengthStart.length - 1] === words &&
      index.postings.every((w) => w >= 0 && w < words) &&
      index.byLength.every((w) => w >= 0 && w < words);
    if (!fits) throw new Error('malformed word index');
    return index;
  }

  get size(): number {
    return this.words.length;
  }

  word(id: number): string {
    return this.words[id]!;
  }

  id(word: string): number | undefined {
    const i = lowerBound(this.words, word);
    return this.words[i] === word ? i : undefined;
  }

  /** Ids of every word within edit distance `maxDistance` of `word` (the word itself included when indexed). */
  similar(word: string, maxDistance: number): number[] {
    const k = Math.max(0, Math.floor(maxDistance));
    if (k === 0) {
      const id = this.id(word);
      return id === undefined ? [] : [id];
    }
    const out: number[] = [];
    const bits = BitDistance.fits(word) ? new BitDistance(word) : undefined;
    const check = (id: number): void => {
      const candidate = this.words[id]!;
      if (Math.abs(candidate.length - word.length) <= k && (bits ? bits.distance(candidate) : editDistance(word, candidate, k)) <= k) out.push(id);
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
      const id = this.id(fragment);
      return id === undefined ? [] : [id];
    }
    const grams = innerGrams(fragment);
    return this.countAtLeast(grams, grams.size, fragment.length, Infinity).filter((id) => this.words[id]!.includes(fragment));
  }

  /**
   * Ids of words holding at least `needed` of `grams`, within `slack` of `length`. Prefix filtering: a word
   * with `needed` of the n grams holds one of the n − needed + 1 rarest, so only their lists are scanned
   * (ScanCount); a word found there is checked against the commoner lists by binary search (each list is in
   * id order), stopping as soon as it has enough or cannot get enough. Common trigrams ("$$a", "al-") have
   * lists of tens of thousands of words that are never walked.
   */
  private countAtLeast(grams: Set<string>, needed: number, length: number, slack: number): number[] {
    const lists: Array<[number, number]> = [];
    for (const gram of grams) {
      const g = lowerBound(this.grams, gram);
      if (this.grams[g] === gram) lists.push([this.gramStart[g]!, this.gramStart[g + 1]!]);
    }
    // Not enough of the grams exist at all: nothing can qualify.
    if (lists.length < needed) return [];
    lists.sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
    const scanned = lists.length - needed + 1;
    const counts = (this.counts ??= new Uint16Array(this.words.length));
    const lengths = (this.lengths ??= Uint16Array.from(this.words, (w) => w.length));
    const postings = this.postings;
    const touched: number[] = [];
    for (let l = 0; l < scanned; l++) {
      const [from, to] = lists[l]!;
      for (let i = from; i < to; i++) {
        const id = postings[i]!;
        if (counts[id] === 0) {
          const d = lengths[id]! - length;
          if (d > slack || -d > slack) continue;
          touched.push(id);
        }
        counts[id]!++;
      }
    }
    const hits: number[] = [];
    for (const id of touched) {
      let count = counts[id]!;
      counts[id] = 0;
      for (let l = scanned; l < lists.length && count < needed && count + (lists.length - l) >= needed; l++) {
        if (this.holds(lists[l]!, id)) count++;
      }
      if (count >= needed) hits.push(id);
    }
    return hits;
  }

  /**
   * Whether a posting list (a range of `postings`, ascending ids) holds the word. Its own loop rather than
   * packed.ts's lowerBound: it runs for every candidate of a misspelling, and the shared, polymorphic one
   * measured 15 % slower on those lookups.
   */
  private holds([from, to]: [number, number], id: number): boolean {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.postings[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < to && this.postings[lo] === id;
  }
}

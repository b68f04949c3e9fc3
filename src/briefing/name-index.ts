/**
 * Every folded name, alias and role of a library, indexed so that a lookup touches only what can match.
 *
 * The unit is the distinct folded text (a "key"), not the entry: "russia" or "russian defense minister" recur
 * in thousands of briefings, and a query scores each distinct text once, then expands the keys that match
 * to their entries. Keys are found by whole text and by prefix (they are sorted: binary search), by word, and
 * (through the word index) by words within a few typos. The scoring itself stays in names.ts: this only
 * finds the keys it would not score 0.
 *
 * Immutable and made of sorted string lists and typed arrays (CSR: a start offset per key or word, then the
 * ids back to back), without hash maps: at 10,000 briefings that is some 450,000 entries and 200,000 keys,
 * which as objects and maps cost tens of megabytes more and a second more to build. The startup cache keeps
 * it (pack/unpack), so a warm start does not build it at all.
 */
import type { Briefing, Entity } from './model.ts';
import { editDistance, foldName } from './names.ts';
import { groupBy, IntList, lowerBound, packedInts, packedStrings, rankStrings, type Packed } from './packed.ts';
import { WordIndex } from './word-index.ts';

/** The typos `nameScore` forgives in one word: 1 up to 4 letters, 2 above. */
export function allowedTypos(word: string): number {
  return word.length <= 4 ? 1 : 2;
}

/** The order names are listed in (the default locale's, as `localeCompare` without arguments). */
export const collator = new Intl.Collator();

const KIND_BITS: Record<Entity['kind'], number> = { person: 1, organisation: 2, country: 4, place: 8, group: 16 };

export function kindBits(kinds?: ReadonlyArray<Entity['kind']>): number {
  return kinds ? kinds.reduce((bits, k) => bits | KIND_BITS[k], 0) : 31;
}

export function kindBit(kind: Entity['kind']): number {
  return KIND_BITS[kind];
}

/** One entity bearing a name, alias or role: where it is in the library. */
export interface NameEntry {
  briefing: Briefing;
  entity: Entity;
}

export type PackedNameIndex = Packed;

/** What the index is built from: per entity its name and how many aliases it has (a briefing is one). */
export interface NameHolder {
  entities: ReadonlyArray<{ name: string; aliases: readonly string[] | number }>;
}

/**
 * A briefing's names as a parsing thread hands them back: enough to build the index (and pack it for the
 * startup cache) without the briefing.
 */
export interface NameSource {
  entities: Array<{ name: string; aliases: number }>;
  /** The folded names, flat, as `foldedTexts` gives them. */
  folded: string[];
}

/** The folded names of a briefing's entities, flat: per entity its name, its aliases, then its role ('' for none). */
export function foldedTexts(b: Briefing, fold: (text: string) => string = foldName): string[] {
  const out: string[] = [];
  for (const e of b.entities) {
    out.push(fold(e.name));
    for (const alias of e.aliases) out.push(fold(alias));
    out.push(e.role ? fold(e.role) : '');
  }
  return out;
}

const aliasCount = (aliases: readonly string[] | number): number => (typeof aliases === 'number' ? aliases : aliases.length);

export class NameIndex {
  private distinct?: Array<{ name: string; kinds: number }>;
  /** Scratch per word id and per key for one query at a time (zero between queries). */
  private wordScratch?: Int32Array;
  private keyScratch?: Uint8Array;

  private constructor(
    private readonly briefings: readonly Briefing[],
    /** Per key, sorted by text (a text that is both a name and a role has two keys, the name first). */
    private readonly keyText: readonly string[],
    private readonly keyIsRole: Int32Array,
    /** Per key, its entries (ordinals, ascending: library order). */
    private readonly keyEntryStart: Int32Array,
    private readonly keyEntries: Int32Array,
    /** Per entry: the briefing's position and the entity's index in it. */
    private readonly entryBriefing: Int32Array,
    private readonly entryEntity: Int32Array,
    /** Per entry: where its entity's name sorts among all names (locale collation; equal names, equal rank). */
    private readonly entryNameRank: Int32Array,
    /** Per word of the word index: the keys holding it. */
    private readonly wordKeyStart: Int32Array,
    private readonly wordKeys: Int32Array,
    /** Per key: its words (ids, in order, repeats kept), for scoring without splitting strings. */
    private readonly keyWordStart: Int32Array,
    private readonly keyWords: Int32Array,
    private readonly words: WordIndex,
  ) {}

  /**
   * `folded(b)` gives the folded names of b's entities, flat: per entity its name, its aliases, then its role
   * ('' when it has none). Built from name sources rather than briefings, the index is only for packing
   * (`entry` needs the briefings).
   */
  static build<B extends NameHolder>(briefings: readonly B[], folded: (b: B) => string[]): NameIndex {
    // Entries in library order, each with its text ('\u0001' marks a role, so a role sorts after the same name).
    const texts: string[] = [];
    const entryBriefing = new IntList();
    const entryEntity = new IntList();
    briefings.forEach((b, position) => {
      const names = folded(b);
      let at = 0;
      b.entities.forEach((e, entity) => {
        const add = (text: string | undefined, isRole: boolean): void => {
          if (!text) return;
          texts.push(isRole ? `${text}\u0001` : text);
          entryBriefing.push(position);
          entryEntity.push(entity);
        };
        for (let i = 0, n = aliasCount(e.aliases); i <= n; i++) add(names[at++], false);
        add(names[at++], true);
      });
    });
    const { sorted, rank } = rankStrings(texts);
    const keyOf = new IntList(rank.length);
    const ordinals = new IntList(rank.length);
    rank.forEach((r, ordinal) => {
      keyOf.push(r);
      ordinals.push(ordinal);
    });
    const { start: keyEntryStart, ids: keyEntries } = groupBy(keyOf, ordinals, sorted.length);
    const keyIsRole = new Int32Array(sorted.length);
    const keyText = sorted.map((t, key) => {
      if (!t.endsWith('\u0001')) return t;
      keyIsRole[key] = 1;
      return t.slice(0, -1);
    });
    // Words of every key, then per word the keys holding it, and per key its words.
    const split = keyText.map((t) => t.split(' '));
    const words = WordIndex.build(split.flat());
    const wordOf = new IntList();
    const keyIds = new IntList();
    const keyOfWord = new IntList();
    const wordIds = new IntList();
    split.forEach((list, key) => {
      const seen = new Set<number>();
      for (const w of list) {
        const id = words.id(w)!;
        keyOfWord.push(key);
        wordIds.push(id);
        if (seen.has(id)) continue;
        seen.add(id);
        wordOf.push(id);
        keyIds.push(key);
      }
    });
    const { start: wordKeyStart, ids: wordKeys } = groupBy(wordOf, keyIds, words.size);
    const { start: keyWordStart, ids: keyWords } = groupBy(keyOfWord, wordIds, keyText.length);
    // Matches are listed by name; with thousands of them (a role many briefings share), comparing names with
    // the collator each time costs milliseconds, so every name's place is computed once here.
    const names = [...new Set(briefings.flatMap((b) => b.entities.map((e) => e.name)))].sort(collator.compare);
    const nameRank = new Map<string, number>();
    names.forEach((name, i) => nameRank.set(name, i > 0 && collator.compare(names[i - 1]!, name) === 0 ? nameRank.get(names[i - 1]!)! : i));
    const entryNameRank = new Int32Array(entryBriefing.length);
    for (let o = 0; o < entryBriefing.length; o++) entryNameRank[o] = nameRank.get(briefings[entryBriefing.get(o)]!.entities[entryEntity.get(o)]!.name)!;
    return new NameIndex(briefings as readonly NameHolder[] as readonly Briefing[], keyText, keyIsRole, keyEntryStart, keyEntries, entryBriefing.toArray(), entryEntity.toArray(), entryNameRank, wordKeyStart, wordKeys, keyWordStart, keyWords, words);
  }

  pack(): PackedNameIndex {
    const words = this.words.pack('word.');
    return {
      strings: { keyText: this.keyText, ...words.strings },
      ints: {
        keyIsRole: this.keyIsRole,
        keyEntryStart: this.keyEntryStart,
        keyEntries: this.keyEntries,
        entryBriefing: this.entryBriefing,
        entryEntity: this.entryEntity,
        entryNameRank: this.entryNameRank,
        wordKeyStart: this.wordKeyStart,
        wordKeys: this.wordKeys,
        keyWordStart: this.keyWordStart,
        keyWords: this.keyWords,
        ...words.ints,
      },
    };
  }

  /** The index as packed for `briefings` (the same list, in the same order); throws if it does not fit them. */
  static unpack(packed: PackedNameIndex, briefings: readonly Briefing[]): NameIndex {
    const index = new NameIndex(
      briefings,
      packedStrings(packed, 'keyText'),
      packedInts(packed, 'keyIsRole'),
      packedInts(packed, 'keyEntryStart'),
      packedInts(packed, 'keyEntries'),
      packedInts(packed, 'entryBriefing'),
      packedInts(packed, 'entryEntity'),
      packedInts(packed, 'entryNameRank'),
      packedInts(packed, 'wordKeyStart'),
      packedInts(packed, 'wordKeys'),
      packedInts(packed, 'keyWordStart'),
      packedInts(packed, 'keyWords'),
      WordIndex.unpack(packed, 'word.'),
    );
    index.check();
    return index;
  }

  /** Every offset and id within bounds, every entry naming an existing entity: a packed index that fits. */
  private check(): void {
    const keys = this.keyText.length;
    const entries = this.entryBriefing.length;
    const fits =
      this.keyIsRole.length === keys &&
      this.keyEntryStart.length === keys + 1 &&
      this.keyEntryStart[keys] === this.keyEntries.length &&
      this.keyEntries.length === entries &&
      this.entryEntity.length === entries &&
      this.entryNameRank.length === entries &&
      this.wordKeyStart.length === this.words.size + 1 &&
      this.wordKeyStart[this.words.size] === this.wordKeys.length &&
      this.keyEntries.every((o) => o >= 0 && o < entries) &&
      this.wordKeys.every((k) => k >= 0 && k < keys) &&
      this.keyWordStart.length === keys + 1 &&
      this.keyWordStart[keys] === this.keyWords.length &&
      this.keyWords.every((w) => w >= 0 && w < this.words.size) &&
      this.entryBriefing.every((p, o) => p >= 0 && p < this.briefings.length && this.entryEntity[o]! >= 0 && this.entryEntity[o]! < this.briefings[p]!.entities.length);
    if (!fits) throw new Error('the packed name index does not fit these briefings');
  }

  get keyCount(): number {
    return this.keyText.length;
  }

  get entryCount(): number {
    return this.entryBriefing.length;
  }

  get wordCount(): number {
    return this.words.size;
  }

  text(key: number): string {
    return this.keyText[key]!;
  }

  isRole(key: number): boolean {
    return this.keyIsRole[key] === 1;
  }

  /** Ordinals of the key's entries, ascending (library order). */
  entriesOf(key: number): Int32Array {
    return this.keyEntries.subarray(this.keyEntryStart[key]!, this.keyEntryStart[key + 1]!);
  }

  entry(ordinal: number): NameEntry {
    const briefing = this.briefings[this.entryBriefing[ordinal]!]!;
    return { briefing, entity: briefing.entities[this.entryEntity[ordinal]!]! };
  }

  /** The briefing position of an entry, without building the entry. */
  briefingOf(ordinal: number): number {
    return this.entryBriefing[ordinal]!;
  }

  /** Where the entry's entity name sorts among all names (equal names, equal rank). */
  nameRankOf(ordinal: number): number {
    return this.entryNameRank[ordinal]!;
  }

  /** The entity's index in its briefing, without building the entry. */
  entityOf(ordinal: number): number {
    return this.entryEntity[ordinal]!;
  }

  /** The name key and the role key of exactly this folded text. */
  exactly(folded: string): number[] {
    const out: number[] = [];
    for (let key = lowerBound(this.keyText, folded); key < this.keyText.length && this.keyText[key] === folded; key++) out.push(key);
    return out;
  }

  /** Keys holding a word (by its id in the word index). */
  withWordId(word: number): Int32Array {
    return this.wordKeys.subarray(this.wordKeyStart[word]!, this.wordKeyStart[word + 1]!);
  }

  /** Ids of indexed words within `maxDistance` edits of `word`. */
  similarWords(word: string, maxDistance: number): number[] {
    return this.words.similar(word, maxDistance);
  }

  /** Keys whose folded text starts with `prefix`, in folded order. */
  withPrefix(prefix: string): number[] {
    const out: number[] = [];
    for (let key = lowerBound(this.keyText, prefix); key < this.keyText.length && this.keyText[key]!.startsWith(prefix); key++) out.push(key);
    return out;
  }

  /** Keys containing `fragment` as a substring. */
  containing(fragment: string): number[] {
    // A fragment without spaces lies inside one word; with spaces, its longest piece narrows the candidates.
    const piece = fragment.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const out: number[] = [];
    if (piece.length >= 3) {
      const candidates = new Set<number>();
      for (const word of this.words.containing(piece)) for (const key of this.withWordId(word)) candidates.add(key);
      for (const key of candidates) if (this.keyText[key]!.includes(fragment)) out.push(key);
    } else {
      for (let key = 0; key < this.keyText.length; key++) if (this.keyText[key]!.includes(fragment)) out.push(key);
    }
    return out;
  }

  /**
   * The keys that score above 0 for a folded query with no exact key, with their score: what `nameScore`
   * (names and aliases) or `roleScore` (roles) gives each, computed from the word index instead of string by
   * string. Candidates are texts holding a word within a typo of every query word (exact words included) and
   * names starting with the query; the distance of each near word is computed once, and a text's score comes
   * from its word ids. The name-index tests check this against the scoring functions on every name.
   */
  scored(folded: string, allowed: (word: string) => number): Array<{ key: number; score: number }> {
    const qWords = folded.split(' ');
    const distinct = [...new Set(qWords)];
    // Every query word must be near some word of a text that scores (prefix matches apart), so the keys near
    // any one query word hold every candidate: those of the longest word, the fewest to find and to score
    // ("al" in "al lokozant" is within a typo of thousands of words). The other words' distances are computed
    // only for the words of those candidates, each once.
    let pivot = 0;
    for (let q = 1; q < distinct.length; q++) if (distinct[q]!.length > distinct[pivot]!.length) pivot = q;
    const near = distinct.map(() => new Map<number, number>());
    const limits = distinct.map((w) => allowed(w));
    const pivotWord = distinct[pivot]!;
    // The pivot's near words, whose keys are the candidates, by id in a scratch array (distance + 1; thousands
    // of lookups for a common word, no map); the other query words' distances are memoised as met.
    const pivotDistance = (this.wordScratch ??= new Int32Array(this.words.size));
    const isCandidate = (this.keyScratch ??= new Uint8Array(this.keyText.length));
    const nearPivot = this.words.similar(pivotWord, limits[pivot]!);
    const candidates: number[] = [];
    const addCandidate = (key: number): void => {
      if (isCandidate[key] === 1) return;
      isCandidate[key] = 1;
      candidates.push(key);
    };
    for (const id of nearPivot) {
      pivotDistance[id] = editDistance(pivotWord, this.words.word(id), limits[pivot]!) + 1;
      for (const key of this.withWordId(id)) addCandidate(key);
    }
    const FAR = 0x7fffffff;
    const distance = (q: number, word: number): number => {
      if (q === pivot) return pivotDistance[word]! > 0 ? pivotDistance[word]! - 1 : FAR;
      const known = near[q]!.get(word);
      if (known !== undefined) return known;
      const k = limits[q]!;
      const d = editDistance(distinct[q]!, this.words.word(word), k);
      const kept = d <= k ? d : FAR;
      near[q]!.set(word, kept);
      return kept;
    };
    if (folded.length >= 3) for (const key of this.withPrefix(folded)) if (!this.isRole(key)) addCandidate(key);
    try {
      return this.scoreCandidates(folded, qWords, distinct, candidates, near.length, distance);
    } finally {
      for (const id of nearPivot) pivotDistance[id] = 0;
      for (const key of candidates) isCandidate[key] = 0;
    }
  }

  private scoreCandidates(folded: string, qWords: string[], distinct: string[], candidates: number[], queryWords: number, distance: (q: number, word: number) => number): Array<{ key: number; score: number }> {
    const index = new Map(distinct.map((w, i) => [w, i]));
    const queryWord = qWords.map((w) => index.get(w)!);
    const best = new Int32Array(distinct.length);
    const out: Array<{ key: number; score: number }> = [];
    for (const key of candidates) {
      const from = this.keyWordStart[key]!;
      const to = this.keyWordStart[key + 1]!;
      best.fill(0x7fffffff);
      for (let i = from; i < to; i++) {
        const word = this.keyWords[i]!;
        for (let q = 0; q < queryWords; q++) {
          const d = distance(q, word);
          if (d < best[q]!) best[q] = d;
        }
      }
      let allExact = true;
      let allNear = true;
      let total = 0;
      for (const q of queryWord) {
        const d = best[q]!;
        if (d !== 0) allExact = false;
        if (d === 0x7fffffff) allNear = false;
        else total += d;
      }
      const cWords = to - from;
      let score: number;
      if (this.isRole(key)) score = allExact ? 0.9 * (qWords.length / cWords) + 0.05 : 0;
      else if (allExact) score = 0.9 * (qWords.length / cWords) + 0.05;
      else if (folded.length >= 3 && this.keyText[key]!.startsWith(folded)) score = 0.6;
      else score = allNear ? Math.max(0.05, 0.75 - 0.1 * total) : 0;
      if (score > 0) out.push({ key, score });
    }
    return out;
  }

  /** Every distinct entity name with the kinds of entity bearing it, in code-unit order (for completion). */
  names(): Array<{ name: string; kinds: number }> {
    return (this.distinct ??= distinctNames(this.briefings));
  }
}

/** Every distinct entity name of `briefings` with the kinds of entity bearing it, in code-unit order. */
export function distinctNames(briefings: readonly Briefing[]): Array<{ name: string; kinds: number }> {
  const kinds = new Map<string, number>();
  for (const b of briefings) for (const e of b.entities) kinds.set(e.name, (kinds.get(e.name) ?? 0) | KIND_BITS[e.kind]);
  return [...kinds].map(([name, bits]) => ({ name, kinds: bits })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The name index of a library after a live reload: the previous full index (its entries of replaced or
 * removed briefings masked) with a small index of the new and changed briefings beside it. Building the full
 * index at 10,000 briefings takes seconds with the event loop blocked; this takes the changed briefings' share.
 *
 * It answers exactly what a full index of the new library would (the Library tests compare them):
 * - keys, entries and words are numbered base first, then the overlay's; a text that is a key in both is two
 *   keys, which the Library merges per entity as it merges a name and an alias;
 * - an entry's briefing is its position in the new library, or -1 when masked (the Library skips those);
 * - a name's collation rank is on one scale for both: a base rank r becomes r × (n + 1) for n overlay names,
 *   an overlay name equal to a base name takes that name's, and one between two base names a value between
 *   theirs, in the overlay's own order.
 */
import type { Briefing } from './model.ts';
import { collator, distinctNames, type NameEntry, type NameIndex } from './name-index.ts';

/** What the Library asks of a name index (NameIndex and LayeredNames). */
export interface NameLookup {
  exactly(folded: string): number[];
  scored(folded: string, allowed: (word: string) => number): Array<{ key: number; score: number }>;
  entriesOf(key: number): Int32Array;
  entry(ordinal: number): NameEntry;
  /** The entry's briefing position in the library, -1 when the entry is masked. */
  briefingOf(ordinal: number): number;
  entityOf(ordinal: number): number;
  nameRankOf(ordinal: number): number;
  isRole(key: number): boolean;
  text(key: number): string;
  withWordId(word: number): Int32Array;
  similarWords(word: string, maxDistance: number): number[];
  withPrefix(prefix: string): number[];
  containing(fragment: string): number[];
  names(): Array<{ name: string; kinds: number }>;
}

/** The base's distinct names in collation order with their ranks, derived from its entries (no sorting). */
export interface RankedNames {
  names: string[];
  ranks: Int32Array;
}

export function rankedNames(base: NameIndex): RankedNames {
  const byRank = new Map<number, string>();
  for (let o = 0; o < base.entryCount; o++) {
    const r = base.nameRankOf(o);
    if (!byRank.has(r)) byRank.set(r, base.entry(o).entity.name);
  }
  const ranks = Int32Array.from(byRank.keys()).sort();
  return { names: Array.from(ranks, (r) => byRank.get(r)!), ranks };
}

const shift = (list: ArrayLike<number>, by: number): Int32Array => {
  const out = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list[i]! + by;
  return out;
};

export class LayeredNames implements NameLookup {
  private readonly keys: number;
  private readonly entries: number;
  private readonly words: number;
  private readonly scale: number;
  /** Per overlay rank (of the overlay's own index): the rank on the common scale. */
  private readonly overlayRank: Float64Array;
  private distinct?: Array<{ name: string; kinds: number }>;

  constructor(
    private readonly base: NameIndex,
    /** Per base briefing position: its position in the new library, -1 when replaced or removed. */
    private readonly baseToNew: Int32Array,
    private readonly overlay: NameIndex,
    /** Per overlay briefing position: its position in the new library. */
    private readonly overlayToNew: Int32Array,
    baseNames: RankedNames,
    private readonly briefings: readonly Briefing[],
  ) {
    this.keys = base.keyCount;
    this.entries = base.entryCount;
    this.words = base.wordCount;
    let overlayNames = 0;
    for (let o = 0; o < overlay.entryCount; o++) overlayNames = Math.max(overlayNames, overlay.nameRankOf(o) + 1);
    this.scale = overlayNames + 1;
    this.overlayRank = new Float64Array(overlayNames).fill(NaN);
    for (let o = 0; o < overlay.entryCount; o++) {
      const j = overlay.nameRankOf(o);
      if (!Number.isNaN(this.overlayRank[j]!)) continue;
      const name = overlay.entry(o).entity.name;
      // The first base name not before this one.
      let lo = 0;
      let hi = baseNames.names.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (collator.compare(baseNames.names[mid]!, name) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo < baseNames.names.length && collator.compare(baseNames.names[lo]!, name) === 0) this.overlayRank[j] = baseNames.ranks[lo]! * this.scale;
      else this.overlayRank[j] = (lo === 0 ? -1 : baseNames.ranks[lo - 1]!) * this.scale + 1 + j;
    }
  }

  /** How many briefings the overlay holds (the Library merges everything into one index past a point). */
  get overlaySize(): number {
    return this.overlayToNew.length;
  }

  exactly(folded: string): number[] {
    return [...this.base.exactly(folded), ...this.overlay.exactly(folded).map((k) => k + this.keys)];
  }

  scored(folded: string, allowed: (word: string) => number): Array<{ key: number; score: number }> {
    const out = this.base.scored(folded, allowed);
    for (const { key, score } of this.overlay.scored(folded, allowed)) out.push({ key: key + this.keys, score });
    return out;
  }

  entriesOf(key: number): Int32Array {
    return key < this.keys ? this.base.entriesOf(key) : shift(this.overlay.entriesOf(key - this.keys), this.entries);
  }

  entry(ordinal: number): NameEntry {
    return ordinal < this.entries ? this.base.entry(ordinal) : this.overlay.entry(ordinal - this.entries);
  }

  briefingOf(ordinal: number): number {
    return ordinal < this.entries ? this.baseToNew[this.base.briefingOf(ordinal)]! : this.overlayToNew[this.overlay.briefingOf(ordinal - this.entries)]!;
  }

  entityOf(ordinal: number): number {
    return ordinal < this.entries ? this.base.entityOf(ordinal) : this.overlay.entityOf(ordinal - this.entries);
  }

  nameRankOf(ordinal: number): number {
    return ordinal < this.entries ? this.base.nameRankOf(ordinal) * this.scale : this.overlayRank[this.overlay.nameRankOf(ordinal - this.entries)]!;
  }

  isRole(key: number): boolean {
    return key < this.keys ? this.base.isRole(key) : this.overlay.isRole(key - this.keys);
  }

  text(key: number): string {
    return key < this.keys ? this.base.text(key) : this.overlay.text(key - this.keys);
  }

  withWordId(word: number): Int32Array {
    return word < this.words ? this.base.withWordId(word) : shift(this.overlay.withWordId(word - this.words), this.keys);
  }

  similarWords(word: string, maxDistance: number): number[] {
    return [...this.base.similarWords(word, maxDistance), ...this.overlay.similarWords(word, maxDistance).map((w) => w + this.words)];
  }

  withPrefix(prefix: string): number[] {
    return [...this.base.withPrefix(prefix), ...this.overlay.withPrefix(prefix).map((k) => k + this.keys)];
  }

  containing(fragment: string): number[] {
    return [...this.base.containing(fragment), ...this.overlay.containing(fragment).map((k) => k + this.keys)];
  }

  names(): Array<{ name: string; kinds: number }> {
    return (this.distinct ??= distinctNames(this.briefings));
  }
}

/**
 * Every folded name, alias and role of a library, indexed so that a lookup touches only the entries that can
 * match: by whole folded text, by word, by prefix, and (through the word index) by words within a few typos.
 * The scoring itself stays in names.ts; this only finds the candidates it would not score 0.
 */
import type { Entity } from './model.ts';
import type { NameEntry } from './briefing-index.ts';
import { WordIndex } from './word-index.ts';

/** The typos `nameScore` forgives in one word: 1 up to 4 letters, 2 above. */
export function allowedTypos(word: string): number {
  return word.length <= 4 ? 1 : 2;
}

const KIND_BITS: Record<Entity['kind'], number> = { person: 1, organisation: 2, country: 4, place: 8, group: 16 };

export function kindBits(kinds?: ReadonlyArray<Entity['kind']>): number {
  return kinds ? kinds.reduce((bits, k) => bits | KIND_BITS[k], 0) : 31;
}

export class NameIndex {
  private readonly exact = new Map<string, NameEntry[]>();
  private readonly byWord = new Map<string, NameEntry[]>();
  private readonly words = new WordIndex();
  /** Every entry, ordered by folded text, for prefix ranges. */
  private readonly sorted: NameEntry[];
  private distinct?: Array<{ name: string; kinds: number }>;

  constructor(readonly entries: NameEntry[]) {
    for (const entry of entries) {
      const list = this.exact.get(entry.folded);
      if (list) list.push(entry);
      else this.exact.set(entry.folded, [entry]);
      for (const word of new Set(entry.folded.split(' '))) {
        const stored = this.words.add(word);
        const withWord = this.byWord.get(stored);
        if (withWord) withWord.push(entry);
        else this.byWord.set(stored, [entry]);
      }
    }
    this.sorted = entries.slice().sort((a, b) => (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0));
  }

  /** Entries whose folded text is exactly `folded`, in library order. */
  exactly(folded: string): NameEntry[] | undefined {
    return this.exact.get(folded);
  }

  withWord(word: string): NameEntry[] {
    return this.byWord.get(word) ?? [];
  }

  /** Indexed words within `maxDistance` edits of `word`. */
  similarWords(word: string, maxDistance: number): string[] {
    return this.words.similar(word, maxDistance);
  }

  /** Entries whose folded text starts with `prefix`, in folded order. */
  withPrefix(prefix: string): NameEntry[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.folded < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: NameEntry[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.folded.startsWith(prefix); i++) out.push(this.sorted[i]!);
    return out;
  }

  /** Entries with a word containing `fragment` (no spaces): the candidates for a substring match. */
  withWordContaining(fragment: string): NameEntry[] {
    const out: NameEntry[] = [];
    for (const word of this.words.containing(fragment)) out.push(...this.withWord(word));
    return out;
  }

  /**
   * Entries that `nameScore` or `roleScore` can score above 0 for a folded query that matched nothing exactly:
   * names holding a word within a typo of every query word (exact words included), roles holding every query
   * word, and names that start with the query.
   */
  candidates(folded: string): Set<NameEntry> {
    const out = new Set<NameEntry>();
    const qWords = [...new Set(folded.split(' '))];
    // Typos (and whole words): every query word must be near some word of the name, so the rarest query
    // word's neighbours bound the candidates.
    let narrowest: NameEntry[] | undefined;
    for (const w of qWords) {
      const near: NameEntry[] = [];
      for (const word of this.similarWords(w, allowedTypos(w))) near.push(...this.withWord(word));
      if (!narrowest || near.length < narrowest.length) narrowest = near;
      if (near.length === 0) break;
    }
    for (const e of narrowest ?? []) out.add(e);
    if (folded.length >= 3) for (const e of this.withPrefix(folded)) if (!e.isRole) out.add(e);
    return out;
  }

  /** Every distinct entity name with the kinds of entity bearing it, in code-unit order (for completion). */
  names(): Array<{ name: string; kinds: number }> {
    if (!this.distinct) {
      const kinds = new Map<string, number>();
      for (const e of this.entries) kinds.set(e.entity.name, (kinds.get(e.entity.name) ?? 0) | KIND_BITS[e.entity.kind]);
      this.distinct = [...kinds].map(([name, bits]) => ({ name, kinds: bits })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return this.distinct;
  }
}

/**
 * Every folded name, alias and role of a library, indexed so that a lookup touches only what can match.
 *
 * The unit is the distinct folded text (a "key"), not the entry: "russia" or "russian defense minister" recur
 * in thousands of briefings, and a query scores each distinct text once, then expands the keys that match
 * to their entries. Keys are found by whole text, by word, by prefix, and (through the word index) by words
 * within a few typos. The scoring itself stays in names.ts: this only finds the keys it would not score 0.
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

export function kindBit(kind: Entity['kind']): number {
  return KIND_BITS[kind];
}

/** One distinct folded text, as a name (or alias) or as a role, and the entries bearing it in library order. */
export interface NameKey {
  folded: string;
  isRole: boolean;
  /** Ordinals into NameIndex.entries, ascending (library order). */
  entries: number[];
}

export class NameIndex {
  private readonly keys: NameKey[] = [];
  private readonly nameKeys = new Map<string, NameKey>();
  private readonly roleKeys = new Map<string, NameKey>();
  private readonly byWord = new Map<string, NameKey[]>();
  private readonly words = new WordIndex();
  /** Every key, ordered by folded text, for prefix ranges. */
  private readonly sorted: NameKey[];
  private distinct?: Array<{ name: string; kinds: number }>;

  constructor(readonly entries: NameEntry[]) {
    entries.forEach((entry, ordinal) => {
      const table = entry.isRole ? this.roleKeys : this.nameKeys;
      let key = table.get(entry.folded);
      if (!key) {
        key = { folded: entry.folded, isRole: entry.isRole, entries: [] };
        table.set(entry.folded, key);
        this.keys.push(key);
        for (const word of new Set(entry.folded.split(' '))) {
          const stored = this.words.add(word);
          const withWord = this.byWord.get(stored);
          if (withWord) withWord.push(key);
          else this.byWord.set(stored, [key]);
        }
      }
      key.entries.push(ordinal);
    });
    this.sorted = this.keys.slice().sort((a, b) => (a.folded < b.folded ? -1 : a.folded > b.folded ? 1 : 0));
  }

  /** The name key and the role key of exactly this folded text. */
  exactly(folded: string): NameKey[] {
    const out: NameKey[] = [];
    const name = this.nameKeys.get(folded);
    const role = this.roleKeys.get(folded);
    if (name) out.push(name);
    if (role) out.push(role);
    return out;
  }

  withWord(word: string): NameKey[] {
    return this.byWord.get(word) ?? [];
  }

  /** Indexed words within `maxDistance` edits of `word`. */
  similarWords(word: string, maxDistance: number): string[] {
    return this.words.similar(word, maxDistance);
  }

  /** Keys whose folded text starts with `prefix`, in folded order. */
  withPrefix(prefix: string): NameKey[] {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.folded < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: NameKey[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.folded.startsWith(prefix); i++) out.push(this.sorted[i]!);
    return out;
  }

  /** Keys containing `fragment` as a substring. */
  containing(fragment: string): NameKey[] {
    // A fragment without spaces lies inside one word; with spaces, its longest piece narrows the candidates.
    const piece = fragment.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const candidates = piece.length >= 3 ? this.words.containing(piece).flatMap((w) => this.withWord(w)) : this.keys;
    return [...new Set(candidates)].filter((k) => k.folded.includes(fragment));
  }

  /**
   * Keys that `nameScore` or `roleScore` can score above 0 for a folded query with no exact key: texts
   * holding a word within a typo of every query word (exact words included, so roles holding every query
   * word are among them), and names that start with the query.
   */
  candidates(folded: string): Set<NameKey> {
    const out = new Set<NameKey>();
    // Every query word must be near some word of the text, so the query word with the fewest neighbouring
    // keys bounds the candidates.
    let narrowest: Set<NameKey> | undefined;
    for (const w of new Set(folded.split(' '))) {
      const near = new Set<NameKey>();
      for (const word of this.similarWords(w, allowedTypos(w))) for (const key of this.withWord(word)) near.add(key);
      if (!narrowest || near.size < narrowest.size) narrowest = near;
      if (near.size === 0) break;
    }
    for (const key of narrowest ?? []) out.add(key);
    if (folded.length >= 3) for (const key of this.withPrefix(folded)) if (!key.isRole) out.add(key);
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

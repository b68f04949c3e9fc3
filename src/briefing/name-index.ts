/**
 * Every folded name, alias and role of a library, indexed so that a lookup touches only what can match.
 *
 * The unit is the distinct folded text (a "key"), not the entry: "russia" or "russian defense minister" recur
 * in thousands of briefings, and a query scores each distinct text once, then expands the keys that match
 * to their entries. Keys are found by whole text, by word, by prefix, and (through the word index) by words
 * within a few typos. The scoring itself stays in names.ts: this only finds the keys it would not score 0.
 *
 * Built once per Library and immutable, so every list is packed into typed arrays (CSR: a start offset per
 * key or word, then the ids back to back): at 10,000 briefings that is some 450,000 entries and 200,000 keys,
 * which as arrays of objects cost tens of megabytes more.
 */
import type { Briefing, Entity } from './model.ts';
import { WordIndexBuilder, type WordIndex } from './word-index.ts';

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

/** One entity bearing a name, alias or role: where it is in the library. */
export interface NameEntry {
  briefing: Briefing;
  entity: Entity;
}

/** Packs lists of ids built one at a time into CSR arrays. */
class Lists {
  private readonly lists: number[][] = [];

  push(list: number, id: number): void {
    (this.lists[list] ??= []).push(id);
  }

  pack(count: number): { start: Int32Array; ids: Int32Array } {
    const start = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) start[i + 1] = start[i]! + (this.lists[i]?.length ?? 0);
    const ids = new Int32Array(start[count]!);
    for (let i = 0; i < count; i++) ids.set(this.lists[i] ?? [], start[i]!);
    return { start, ids };
  }
}

function range(start: Int32Array, ids: Int32Array, i: number): Int32Array {
  return ids.subarray(start[i]!, start[i + 1]!);
}

export class NameIndex {
  /** Per entry (library order): the briefing's position and the entity's index in it. */
  private readonly entryBriefing: Int32Array;
  private readonly entryEntity: Int32Array;
  /** Per key: its folded text, whether it is a role, its entries. */
  private readonly keyText: string[] = [];
  private readonly keyIsRole: Uint8Array;
  private readonly keyEntryStart: Int32Array;
  private readonly keyEntries: Int32Array;
  private readonly nameKeys = new Map<string, number>();
  private readonly roleKeys = new Map<string, number>();
  private readonly words: WordIndex;
  /** Per word of the word index: the keys holding it. */
  private readonly wordKeyStart: Int32Array;
  private readonly wordKeys: Int32Array;
  /** Key ids ordered by folded text, for prefix ranges. */
  private readonly sorted: Int32Array;
  private distinct?: Array<{ name: string; kinds: number }>;

  /**
   * `folded(b)` gives, per entity of b in order, its folded name, aliases and role (role last, or null when it
   * has none), as `foldedNames` computes them.
   */
  constructor(
    private readonly briefings: readonly Briefing[],
    folded: (b: Briefing) => Array<{ names: string[]; role: string | null }>,
  ) {
    const entryBriefing: number[] = [];
    const entryEntity: number[] = [];
    const keyIsRole: number[] = [];
    const keyEntries = new Lists();
    const wordKeys = new Lists();
    const words = new WordIndexBuilder();
    const keyOf = (text: string, isRole: boolean): number => {
      const table = isRole ? this.roleKeys : this.nameKeys;
      let key = table.get(text);
      if (key === undefined) {
        key = this.keyText.length;
        table.set(text, key);
        this.keyText.push(text);
        keyIsRole.push(isRole ? 1 : 0);
        for (const word of new Set(text.split(' '))) wordKeys.push(words.add(word), key);
      }
      return key;
    };
    briefings.forEach((b, position) => {
      folded(b).forEach(({ names, role }, entity) => {
        const add = (text: string, isRole: boolean): void => {
          if (!text) return;
          const key = keyOf(text, isRole);
          const ordinal = entryBriefing.length;
          entryBriefing.push(position);
          entryEntity.push(entity);
          keyEntries.push(key, ordinal);
        };
        for (const name of names) add(name, false);
        if (role !== null) add(role, true);
      });
    });
    this.entryBriefing = Int32Array.from(entryBriefing);
    this.entryEntity = Int32Array.from(entryEntity);
    this.keyIsRole = Uint8Array.from(keyIsRole);
    ({ start: this.keyEntryStart, ids: this.keyEntries } = keyEntries.pack(this.keyText.length));
    this.words = words.build();
    ({ start: this.wordKeyStart, ids: this.wordKeys } = wordKeys.pack(words.words.length));
    const text = this.keyText;
    this.sorted = Int32Array.from(text.keys()).sort((a, b) => (text[a]! < text[b]! ? -1 : text[a]! > text[b]! ? 1 : 0));
  }

  get keyCount(): number {
    return this.keyText.length;
  }

  text(key: number): string {
    return this.keyText[key]!;
  }

  isRole(key: number): boolean {
    return this.keyIsRole[key] === 1;
  }

  /** Ordinals of the key's entries, ascending (library order). */
  entriesOf(key: number): Int32Array {
    return range(this.keyEntryStart, this.keyEntries, key);
  }

  entry(ordinal: number): NameEntry {
    const briefing = this.briefings[this.entryBriefing[ordinal]!]!;
    return { briefing, entity: briefing.entities[this.entryEntity[ordinal]!]! };
  }

  /** The briefing position of an entry, without building the entry. */
  briefingOf(ordinal: number): number {
    return this.entryBriefing[ordinal]!;
  }

  /** The name key and the role key of exactly this folded text. */
  exactly(folded: string): number[] {
    const out: number[] = [];
    const name = this.nameKeys.get(folded);
    const role = this.roleKeys.get(folded);
    if (name !== undefined) out.push(name);
    if (role !== undefined) out.push(role);
    return out;
  }

  /** Keys holding a word. */
  withWordId(word: number): Int32Array {
    return range(this.wordKeyStart, this.wordKeys, word);
  }

  /** Ids of indexed words within `maxDistance` edits of `word`. */
  similarWords(word: string, maxDistance: number): number[] {
    return this.words.similar(word, maxDistance);
  }

  /** Keys whose folded text starts with `prefix`, in folded order. */
  withPrefix(prefix: string): number[] {
    const text = this.keyText;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (text[this.sorted[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < this.sorted.length && text[this.sorted[i]!]!.startsWith(prefix); i++) out.push(this.sorted[i]!);
    return out;
  }

  /** Keys containing `fragment` as a substring. */
  containing(fragment: string): number[] {
    // A fragment without spaces lies inside one word; with spaces, its longest piece narrows the candidates.
    const piece = fragment.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const candidates = new Set<number>();
    if (piece.length >= 3) {
      for (const word of this.words.containing(piece)) for (const key of this.withWordId(word)) candidates.add(key);
    } else {
      for (let key = 0; key < this.keyText.length; key++) candidates.add(key);
    }
    return [...candidates].filter((key) => this.keyText[key]!.includes(fragment));
  }

  /**
   * Keys that `nameScore` or `roleScore` can score above 0 for a folded query with no exact key: texts
   * holding a word within a typo of every query word (exact words included, so roles holding every query
   * word are among them), and names that start with the query.
   */
  candidates(folded: string, allowed: (word: string) => number): Set<number> {
    // Every query word must be near some word of the text, so the query word with the fewest neighbouring
    // keys bounds the candidates.
    let narrowest: Set<number> | undefined;
    for (const w of new Set(folded.split(' '))) {
      const near = new Set<number>();
      for (const word of this.similarWords(w, allowed(w))) for (const key of this.withWordId(word)) near.add(key);
      if (!narrowest || near.size < narrowest.size) narrowest = near;
      if (near.size === 0) break;
    }
    const out = narrowest ?? new Set<number>();
    if (folded.length >= 3) for (const key of this.withPrefix(folded)) if (!this.isRole(key)) out.add(key);
    return out;
  }

  /** Every distinct entity name with the kinds of entity bearing it, in code-unit order (for completion). */
  names(): Array<{ name: string; kinds: number }> {
    if (!this.distinct) {
      const kinds = new Map<string, number>();
      for (const b of this.briefings) for (const e of b.entities) kinds.set(e.name, (kinds.get(e.name) ?? 0) | KIND_BITS[e.kind]);
      this.distinct = [...kinds].map(([name, bits]) => ({ name, kinds: bits })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return this.distinct;
  }
}

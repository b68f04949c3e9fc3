/**
 * The loaded briefings and the lookups commands need: by id, by entity name (fuzzy, across briefings),
 * display names for ids, and per-briefing indexes of facts. Read-only once built; a reload builds a new
 * Library and swaps it in (the per-briefing indexes of unchanged briefings are reused).
 *
 * Every lookup touches only what can match (see name-index.ts and briefing-index.ts): at 10,000 briefings a
 * name, a typo or an unknown name is answered without scanning the 400,000 names.
 */
import { UserError } from '../reply/reply.ts';
import { briefingIndex, type BriefingIndex, type NameEntry } from './briefing-index.ts';
import { loadBriefings, type LoadOptions, type LoadStats } from './load.ts';
import type { PlacedEvent } from './chronology.ts';
import type { Briefing, BriefingError, Claim, Entity, TimelineEvent } from './model.ts';
import { kindBits, NameIndex } from './name-index.ts';
import { editDistance, foldName, nameScore, roleScore } from './names.ts';
import { OUTLET } from './schema.ts';
import { WordIndex } from './word-index.ts';

export interface TitledEvent {
  briefing: Briefing;
  event: TimelineEvent;
  folded: string;
}

export interface EntityMatch {
  briefing: Briefing;
  entity: Entity;
  score: number;
}

/** Scores at or above this count as a match; below, the name is unknown and we suggest instead. */
const MATCH_THRESHOLD = 0.5;

// One collator for every name comparison: `localeCompare` builds one per call, which dominates sorting
// thousands of matches.
const collator = new Intl.Collator();

export class Library {
  private readonly byId = new Map<string, Briefing>();
  private readonly position = new Map<Briefing, number>();
  private readonly names: NameIndex;
  private timeline?: PlacedEvent[];
  private titles?: { words: WordIndex; byWord: Map<string, TitledEvent[]> };

  constructor(
    readonly briefings: Briefing[],
    readonly errors: BriefingError[] = [],
    /** How the briefings were loaded (from files or from the startup cache), when Library.load did it. */
    readonly stats?: LoadStats,
  ) {
    // Folded names recur across briefings (countries, organisations, roles): fold each distinct one once.
    const folded = new Map<string, string>();
    const fold = (name: string): string => {
      let f = folded.get(name);
      if (f === undefined) {
        f = foldName(name);
        folded.set(name, f);
      }
      return f;
    };
    const entries: NameEntry[] = [];
    briefings.forEach((b, i) => {
      this.byId.set(b.id, b);
      this.position.set(b, i);
      entries.push(...briefingIndex(b, fold).names);
    });
    this.names = new NameIndex(entries);
  }

  static load(dir: string, options: LoadOptions = {}): Library {
    const { briefings, errors, stats } = loadBriefings(dir, options);
    return new Library(briefings, errors, stats);
  }

  get(id: string): Briefing | undefined {
    return this.byId.get(id);
  }

  /** The briefings a command covers: one by id, or all. Unknown ids get suggestions. */
  scope(id?: string): Briefing[] {
    if (id === undefined) return this.briefings;
    const b = this.byId.get(id) ?? this.byId.get(id.toLowerCase());
    if (b) return [b];
    const wanted = id.toLowerCase();
    const near = Math.max(3, id.length / 2);
    const suggestions = this.briefings
      .map((x) => {
        const d = editDistance(wanted, x.id, near);
        return { id: x.id, d: d > near && x.id.includes(wanted) ? editDistance(wanted, x.id) : d };
      })
      .filter((x) => x.d <= near || x.id.includes(wanted))
      .sort((a, b2) => a.d - b2.d)
      .slice(0, 3)
      .map((x) => x.id);
    throw new UserError('unknown_briefing', `No briefing "${id}".`, suggestions);
  }

  /** True when `scope` is the library's own list of every briefing (what `scope()` returns without an id). */
  isWhole(scope: Briefing[]): boolean {
    return scope === this.briefings;
  }

  /** Lookups within one briefing (facts by id, claims by claimant, events by entity, counts). */
  index(briefing: Briefing): BriefingIndex {
    return briefingIndex(briefing);
  }

  /** Order of a briefing in the library (ties in chronology and groups follow it). */
  positionOf(briefing: Briefing): number {
    return this.position.get(briefing) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Every event of the library in chronological order (ties: library order, then the briefing's). Built once. */
  chronology(): PlacedEvent[] {
    if (!this.timeline) {
      const all = this.briefings.flatMap((b) => briefingIndex(b).chronology);
      this.timeline = all.sort((a, b) => this.compareEvents(a, b));
    }
    return this.timeline;
  }

  /** Chronological order of two placed events of this library. */
  compareEvents(a: PlacedEvent, b: PlacedEvent): number {
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    if (a.briefing !== b.briefing) return this.positionOf(a.briefing) - this.positionOf(b.briefing);
    return a.seq - b.seq;
  }

  /**
   * Events whose folded title contains every one of `words` (folded, at least 3 letters each; a word may be
   * part of a title word: "attack" finds "attacks"), in library order. No words, no events.
   */
  eventsTitled(words: string[], briefings: Briefing[] = this.briefings): TitledEvent[] {
    if (words.length === 0) return [];
    if (!this.titles) {
      const titleWords = new WordIndex();
      const byWord = new Map<string, TitledEvent[]>();
      for (const b of this.briefings) {
        for (const { event, folded } of briefingIndex(b).eventTitles) {
          const titled = { briefing: b, event, folded };
          for (const word of new Set(folded.split(' '))) {
            const stored = titleWords.add(word);
            const list = byWord.get(stored);
            if (list) list.push(titled);
            else byWord.set(stored, [titled]);
          }
        }
      }
      this.titles = { words: titleWords, byWord };
    }
    const { words: titleWords, byWord } = this.titles;
    // The events holding the rarest of the words bound the answer; the others are checked on them.
    let narrowest: TitledEvent[] | undefined;
    for (const w of words) {
      const found = new Set<TitledEvent>();
      for (const word of titleWords.containing(w)) for (const t of byWord.get(word)!) found.add(t);
      if (!narrowest || found.size < narrowest.length) narrowest = [...found];
      if (found.size === 0) return [];
    }
    const inScope = this.inScope(briefings);
    return narrowest!
      .filter((t) => inScope(t.briefing) && words.every((w) => t.folded.includes(w)))
      .sort((a, b) => this.positionOf(a.briefing) - this.positionOf(b.briefing) || a.briefing.events.indexOf(a.event) - b.briefing.events.indexOf(b.event));
  }

  entity(briefing: Briefing, id: string): Entity | undefined {
    return briefingIndex(briefing).entities.get(id);
  }

  /** Display name of an entity id or of the outlet. */
  nameOf(briefing: Briefing, id: string): string {
    if (id === OUTLET) return briefing.source.outlet ? `${briefing.source.outlet} (the article's analysis)` : "The article's analysis";
    const index = briefingIndex(briefing);
    const entity = index.entities.get(id);
    if (entity) return entity.name;
    const event = index.events.get(id);
    if (event) return event.title;
    const claim = index.claims.get(id);
    return claim ? claim.text : id;
  }

  claimantName(briefing: Briefing, claim: Claim): string {
    return this.nameOf(briefing, claim.claimant);
  }

  private inScope(briefings: Briefing[]): (b: Briefing) => boolean {
    if (this.isWhole(briefings)) return () => true;
    if (briefings.length === 1) {
      const only = briefings[0];
      return (b) => b === only;
    }
    const set = new Set(briefings);
    return (b) => set.has(b);
  }

  /** Entities whose name, alias or role matches, best first; one per entity. */
  findEntities(query: string, briefings: Briefing[] = this.briefings): EntityMatch[] {
    const folded = foldName(query);
    if (!folded) return [];
    const inScope = this.inScope(briefings);
    const best = new Map<Entity, EntityMatch>();
    const consider = (e: NameEntry, score: number): void => {
      if (score < MATCH_THRESHOLD || !inScope(e.briefing)) return;
      const prev = best.get(e.entity);
      if (!prev || prev.score < score) best.set(e.entity, { briefing: e.briefing, entity: e.entity, score });
    };
    const exact = this.names.exactly(folded);
    if (exact) for (const e of exact) consider(e, 1);
    else for (const e of this.names.candidates(folded)) consider(e, e.isRole ? roleScore(folded, e.folded) : nameScore(folded, e.folded));
    const matches = [...best.values()].sort((a, b) => b.score - a.score || collator.compare(a.entity.name, b.entity.name));
    // Keep the top tier: a clear best match should not drag in every weaker one.
    const top = matches[0]?.score ?? 0;
    return matches.filter((m) => m.score >= top - 0.3);
  }

  /**
   * Closest known names for an unknown one: a name or alias within about a third of the query's length in
   * edits, whole or by one of its words. Candidates are the names sharing a word within that many edits of a
   * query word (so a name typed without its spaces is not found through its parts).
   */
  suggestNames(query: string, limit = 3, briefings: Briefing[] = this.briefings): string[] {
    const folded = foldName(query);
    if (!folded) return [];
    const inScope = this.inScope(briefings);
    const threshold = Math.max(1.5, folded.length / 3);
    const candidates = new Set<NameEntry>();
    for (const w of new Set(folded.split(' '))) {
      const near = Math.floor(Math.max(1.5, w.length / 3));
      for (const word of this.names.similarWords(w, near)) for (const e of this.names.withWord(word)) if (!e.isRole) candidates.add(e);
    }
    const scored = new Map<string, number>();
    for (const e of candidates) {
      if (!inScope(e.briefing)) continue;
      const d = Math.min(editDistance(folded, e.folded, 8), ...e.folded.split(' ').map((w) => editDistance(folded, w, 8) + 0.5));
      const name = e.entity.name;
      if (d <= threshold && (scored.get(name) ?? Infinity) > d) scored.set(name, d);
    }
    return [...scored.entries()]
      .sort((a, b) => a[1] - b[1] || collator.compare(a[0], b[0]))
      .slice(0, limit)
      .map(([name]) => name);
  }

  /**
   * Entity names for autocomplete: those with a name, alias or role starting with the typed text first, then
   * those containing it, each group in alphabetical order; at most `limit`.
   */
  completeNames(prefix: string, limit = 25, kinds?: Array<Entity['kind']>): string[] {
    const folded = foldName(prefix);
    const bits = kindBits(kinds);
    const ofKind = (e: NameEntry): boolean => (kindBits([e.entity.kind]) & bits) !== 0;
    if (!folded) {
      const out: string[] = [];
      for (const n of this.names.names()) {
        if (out.length >= limit) break;
        if ((n.kinds & bits) !== 0) out.push(n.name);
      }
      return out;
    }
    const starts = new Set<string>();
    for (const e of this.names.withPrefix(folded)) if (ofKind(e)) starts.add(e.entity.name);
    const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const first = [...starts].sort(byCodeUnit);
    if (first.length >= limit) return first.slice(0, limit);
    // A fragment without spaces lies inside one word; with spaces, its longest piece narrows the candidates.
    const piece = folded.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const contains = new Set<string>();
    const candidates = piece.length >= 3 ? this.names.withWordContaining(piece) : this.names.entries;
    for (const e of candidates) {
      if (ofKind(e) && !starts.has(e.entity.name) && e.folded.includes(folded)) contains.add(e.entity.name);
    }
    return [...first, ...[...contains].sort(byCodeUnit)].slice(0, limit);
  }
}

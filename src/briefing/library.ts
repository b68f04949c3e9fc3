/**
 * The loaded briefings and the lookups commands need: by id, by entity name (fuzzy, across briefings),
 * display names for ids, a chronology of every event, claims by claimant and by subject. Read-only once
 * built; a reload builds a new Library and swaps it in (what was computed per briefing is reused).
 *
 * Every lookup touches only what can match: at 10,000 briefings a name, a typo or an unknown name is answered
 * from the name index (name-index.ts) without scanning the 450,000 names, a date range by binary search in
 * the chronology, and a list reply counts its matches without building them.
 */
import { UserError } from '../reply/reply.ts';
import { eventOrder, type PlacedEvent } from './chronology.ts';
import { ClaimIndex, type ClaimFilter, type ClaimSelection } from './claim-index.ts';
import { loadBriefings, type LoadOptions, type LoadStats } from './load.ts';
import { isDisputedStatus, type Briefing, type BriefingError, type Claim, type Entity, type TimelineEvent } from './model.ts';
import { allowedTypos, collator, foldedTexts, kindBit, kindBits, NameIndex, type PackedNameIndex } from './name-index.ts';
import { editDistance, foldName } from './names.ts';
import { groupBy, IntList } from './packed.ts';
import { OUTLET } from './schema.ts';
import { LayeredNames, rankedNames, type NameLookup, type RankedNames } from './layered-names.ts';
import { WordIndex } from './word-index.ts';

export interface EntityMatch {
  briefing: Briefing;
  entity: Entity;
  score: number;
}

export interface TitledEvent {
  briefing: Briefing;
  event: TimelineEvent;
}

/** Counts of claims (in the whole library, or of one status). */
export interface ClaimCounts {
  claims: number;
  /** Distinct claimants, counted per briefing (the same name in two briefings is two sources). */
  claimants: number;
  /** Disputed, denied or contradicted. */
  disputed: number;
}

interface TimelineIndex {
  /** Every event, in chronological order (an event's position is its rank). */
  events: PlacedEvent[];
  datedBefore: Int32Array;
  undated: number;
  /** Per rank: first and last day (yyyymmdd), -1 when undated. */
  start: Int32Array;
  end: Int32Array;
  /** Entities numbered across the library: briefing position → number of its first entity. */
  entityBase: Int32Array;
  /** Per entity number: the ranks of its events (CSR). */
  entityEventStart: Int32Array;
  entityEvents: Int32Array;
}

/** Scores at or above this count as a match; below, the name is unknown and we suggest instead. */
const MATCH_THRESHOLD = 0.5;

const foldedNames = new WeakMap<Briefing, string[]>();

/**
 * A folding function for building one index: the same country, organisation or role recurs in thousands of
 * briefings, so each distinct text is folded once and the folded string shared.
 */
function foldShared(): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let f = memo.get(text);
    if (f === undefined) {
      f = foldName(text);
      memo.set(text, f);
    }
    return f;
  };
}

/**
 * The folded names of a briefing's entities, flat: per entity its name, its aliases, then its role ('' for
 * none). Computed once per briefing, so a Library rebuilt on reload does not fold everything again.
 */
function foldedNamesOf(b: Briefing, fold: (text: string) => string): string[] {
  let known = foldedNames.get(b);
  if (!known) {
    known = foldedTexts(b, fold);
    foldedNames.set(b, known);
  }
  return known;
}

/**
 * A full name index and what a reload layers on it: the briefings it was built over (by object: a reloaded
 * briefing is a new object), and its names in rank order, derived when first needed.
 */
interface NameBase {
  index: NameIndex;
  briefings: readonly Briefing[];
  members: Set<Briefing>;
  ranked?: RankedNames;
}

/** Past this many new or changed briefings since the last full index (or this share of the library), a reload builds a full one. */
const OVERLAY_MAX = 256;
const OVERLAY_SHARE = 0.05;

const foldedTitles = new WeakMap<Briefing, { titles: string[]; words: string[][] }>();

/**
 * The folded titles of a briefing's events and each title's distinct words, computed once per briefing (a
 * reloaded library reuses them).
 */
function foldedTitlesOf(b: Briefing): { titles: string[]; words: string[][] } {
  let known = foldedTitles.get(b);
  if (!known) {
    const titles = b.events.map((event) => foldName(event.title));
    known = { titles, words: titles.map((title) => [...new Set(title.split(' '))]) };
    foldedTitles.set(b, known);
  }
  return known;
}

export class Library {
  private readonly byId = new Map<string, Briefing>();
  private readonly position = new Map<Briefing, number>();
  private readonly names: NameLookup;
  /** The full index this library's names are, or are layered on. */
  private readonly nameBase: NameBase;
  /** Entities numbered across the library: briefing position → number of its first entity (then the total). */
  private readonly entityBase: Int32Array;
  /** Scratch per entity number for collecting matches without a map (-1 when unused; reset after each use). */
  private entitySlot?: Int32Array;
  private timeline?: TimelineIndex;
  private claimIndex?: ClaimIndex;
  private totals?: Map<string, ClaimCounts & { briefings: Briefing[] }>;
  private titles?: { words: WordIndex; start: Int32Array; events: Int32Array; all: TitledEvent[]; folded: string[] };
  /** The title words of the library this one replaced, if it had indexed them (see titleIndex). */
  private previousTitleWords?: WordIndex;

  constructor(
    readonly briefings: Briefing[],
    readonly errors: BriefingError[] = [],
    /** How the briefings were loaded (from files or from the startup cache), when Library.load did it. */
    readonly stats?: LoadStats,
    /** The name index of exactly these briefings, as the startup cache kept it; rebuilt if it does not fit. */
    packedNames?: PackedNameIndex,
    /**
     * The library this one replaces (a live reload): its name index is kept, with the entries of briefings
     * that are gone masked, and only the briefings it does not hold (new objects: added or changed) are
     * indexed, unless they are many. Lookups answer as over a fresh index.
     */
    previous?: Library,
  ) {
    this.entityBase = new Int32Array(briefings.length + 1);
    briefings.forEach((b, i) => {
      this.byId.set(b.id, b);
      this.position.set(b, i);
      this.entityBase[i + 1] = this.entityBase[i]! + b.entities.length;
    });
    let names: NameIndex | undefined;
    if (packedNames) {
      try {
        names = NameIndex.unpack(packedNames, briefings);
      } catch {
        // Built below, as if there had been no cache.
      }
    }
    this.namesFromCache = names !== undefined;
    this.previousTitleWords = previous?.titles?.words ?? previous?.previousTitleWords;
    const layered = !names && previous ? this.layerOn(previous.nameBase) : undefined;
    if (layered) {
      this.names = layered.names;
      this.nameBase = layered.base;
      return;
    }
    if (!names) {
      // One memo for the whole build: roles, countries and organisations recur across thousands of briefings.
      const fold = foldShared();
      names = NameIndex.build(briefings, (b) => foldedNamesOf(b, fold));
    }
    this.names = names;
    this.nameBase = { index: names, briefings, members: new Set(briefings) };
  }

  /** This library's names as the base's with an overlay of the briefings it lacks, unless they are too many. */
  private layerOn(base: NameBase): { names: LayeredNames; base: NameBase } | undefined {
    const added = this.briefings.filter((b) => !base.members.has(b));
    if (added.length > Math.max(OVERLAY_MAX, this.briefings.length * OVERLAY_SHARE)) return undefined;
    const baseToNew = Int32Array.from(base.briefings, (b) => this.position.get(b) ?? -1);
    const fold = foldShared();
    const overlay = NameIndex.build(added, (b) => foldedNamesOf(b, fold));
    const overlayToNew = Int32Array.from(added, (b) => this.position.get(b)!);
    base.ranked ??= rankedNames(base.index);
    return { names: new LayeredNames(base.index, baseToNew, overlay, overlayToNew, base.ranked, this.briefings), base };
  }

  /** Whether entries of this index can be masked or out of library order (a reloaded library's). */
  private get layered(): boolean {
    return this.names instanceof LayeredNames;
  }

  /** Whether the name index came from the startup cache rather than being built. */
  readonly namesFromCache: boolean;

  /** The name index in the form the startup cache keeps. */
  packNames(): PackedNameIndex {
    if (this.names instanceof NameIndex) return this.names.pack();
    const fold = foldShared();
    return NameIndex.build(this.briefings, (b) => foldedNamesOf(b, fold)).pack();
  }

  /**
   * Loads a folder of briefings (see loadBriefings); with a cache folder, the name index comes from the cache
   * when every briefing did, and is added to it otherwise.
   */
  static load(dir: string, options: LoadOptions = {}): Library {
    const loaded = loadBriefings(dir, options);
    const library = new Library(loaded.briefings, loaded.errors, loaded.stats, loaded.names);
    if (!library.namesFromCache && loaded.saveNames) {
      const t0 = performance.now();
      try {
        loaded.saveNames(library.packNames());
      } catch (err) {
        loaded.stats.cacheMiss = `${loaded.stats.cacheMiss ? `${loaded.stats.cacheMiss}; ` : ''}name index not written: ${(err as Error).message}`;
      }
      loaded.stats.cacheWriteMs = (loaded.stats.cacheWriteMs ?? 0) + performance.now() - t0;
    }
    return library;
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

  /** Order of a briefing in the library (ties in chronology and groups follow it). */
  positionOf(briefing: Briefing): number {
    return this.position.get(briefing) ?? Number.MAX_SAFE_INTEGER;
  }

  // ------------------------------------------------------------------------------------------- facts

  entity(briefing: Briefing, id: string): Entity | undefined {
    return briefing.entities.find((e) => e.id === id);
  }

  /** Display name of an entity id or of the outlet. */
  nameOf(briefing: Briefing, id: string): string {
    if (id === OUTLET) return briefing.source.outlet ? `${briefing.source.outlet} (the article's analysis)` : "The article's analysis";
    const entity = briefing.entities.find((e) => e.id === id);
    if (entity) return entity.name;
    const event = briefing.events.find((e) => e.id === id);
    if (event) return event.title;
    const claim = briefing.claims.find((c) => c.id === id);
    return claim ? claim.text : id;
  }

  claimantName(briefing: Briefing, claim: Claim): string {
    return this.nameOf(briefing, claim.claimant);
  }

  /** The events an entity takes part in or that happen at it (actors and place), in chronological order. */
  eventsOf(briefing: Briefing, entityId: string): PlacedEvent[] {
    const out: PlacedEvent[] = [];
    for (const p of eventOrder(briefing)) if (p.event.place === entityId || p.event.actors.includes(entityId)) out.push(p);
    return out;
  }

  /** Every event of the library in chronological order (ties: library order, then the briefing's). Built once. */
  chronology(): PlacedEvent[] {
    return this.timelineIndex().events;
  }

  /** Chronological order of two placed events of this library. */
  compareEvents(a: PlacedEvent, b: PlacedEvent): number {
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    if (a.briefing !== b.briefing) return this.positionOf(a.briefing) - this.positionOf(b.briefing);
    return a.seq - b.seq;
  }

  private timelineIndex(): TimelineIndex {
    if (!this.timeline) {
      const events = this.briefings.flatMap((b) => eventOrder(b)).sort((a, b) => this.compareEvents(a, b));
      const n = events.length;
      // datedBefore[i]: how many of events[0..i) have a date, to count a date range without walking it.
      const datedBefore = new Int32Array(n + 1);
      // Dates by rank, side by side: a range filter over thousands of events reads two arrays, not objects.
      const start = new Int32Array(n).fill(-1);
      const end = new Int32Array(n).fill(-1);
      const entityBase = this.entityBase;
      const entityOf = new IntList();
      const rankOf = new IntList();
      events.forEach((p, rank) => {
        datedBefore[rank + 1] = datedBefore[rank]! + (p.start === undefined ? 0 : 1);
        if (p.start !== undefined) {
          start[rank] = p.start;
          end[rank] = p.end!;
        }
        const base = entityBase[this.positionOf(p.briefing)]!;
        const involved = new Set([...p.event.actors, ...(p.event.place ? [p.event.place] : [])]);
        p.briefing.entities.forEach((e, j) => {
          if (!involved.has(e.id)) return;
          entityOf.push(base + j);
          rankOf.push(rank);
        });
      });
      // Per entity (numbered across the library), the ranks of its events, ascending: chronological.
      const { start: entityEventStart, ids: entityEvents } = groupBy(entityOf, rankOf, entityBase[this.briefings.length]!);
      this.timeline = { events, datedBefore, undated: n - datedBefore[n]!, start, end, entityBase, entityEventStart, entityEvents };
    }
    return this.timeline;
  }

  /**
   * The events the given entities (numbers from `matchedEntities`) take part in (as actors or place), without repeats: how many there are
   * (overlapping [from, to] when given, yyyymmdd) and the first `limit` in chronological order, plus how many
   * undated events the range leaves out. Read from a per-entity index of the chronology, so a name that
   * thousands of briefings share costs integers, not a walk over their events.
   */
  eventsInvolving(entities: ArrayLike<number>, from: number | undefined, to: number | undefined, limit: number): { total: number; events: PlacedEvent[]; undated: number } {
    const t = this.timelineIndex();
    // Copied straight from the index (no view per entity: a name thousands of briefings share has thousands).
    let size = 0;
    for (let i = 0; i < entities.length; i++) size += t.entityEventStart[entities[i]! + 1]! - t.entityEventStart[entities[i]!]!;
    const ranks = new Int32Array(size);
    let at = 0;
    for (let i = 0; i < entities.length; i++) {
      const gid = entities[i]!;
      for (let j = t.entityEventStart[gid]!; j < t.entityEventStart[gid + 1]!; j++) ranks[at++] = t.entityEvents[j]!;
    }
    if (entities.length > 1) ranks.sort();
    const ranged = from !== undefined || to !== undefined;
    let total = 0;
    let undated = 0;
    const shown: PlacedEvent[] = [];
    for (let i = 0; i < ranks.length; i++) {
      const rank = ranks[i]!;
      if (i > 0 && ranks[i - 1] === rank) continue;
      if (ranged) {
        if (t.start[rank]! < 0) {
          undated++;
          continue;
        }
        if ((from !== undefined && t.end[rank]! < from) || (to !== undefined && t.start[rank]! > to)) continue;
      }
      total++;
      if (shown.length < limit) shown.push(t.events[rank]!);
    }
    return { total, events: shown, undated };
  }

  /**
   * The library's dated events overlapping [from, to] (yyyymmdd bounds, either open): how many there are and
   * the first `limit` in chronological order, plus how many undated events the range leaves out. Only the
   * edges of the range are walked: a date covers at most a year, so an event overlapping the range starts at
   * most a year before it.
   */
  eventsBetween(from: number | undefined, to: number | undefined, limit: number): { total: number; events: PlacedEvent[]; undated: number } {
    const { events, datedBefore, undated } = this.timelineIndex();
    const firstWithKey = (key: number): number => {
      let lo = 0;
      let hi = events.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (events[mid]!.key < key) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    // Keys of dated events are start × 1000 minus less than 1 (see chronology.ts).
    const lo = from === undefined ? 0 : firstWithKey((from - 10000) * 1000 - 1);
    const hi = to === undefined ? events.length : firstWithKey(to * 1000 + 1);
    const overlapping = (p: PlacedEvent): boolean => p.start !== undefined && (from === undefined || p.end! >= from) && (to === undefined || p.start <= to);
    let total = datedBefore[hi]! - datedBefore[Math.min(lo, hi)]!;
    // Events starting in the year before `from` count only if they reach into the range.
    for (let i = lo; from !== undefined && i < hi && (events[i]!.start === undefined || events[i]!.start! < from); i++) {
      if (events[i]!.start !== undefined && !overlapping(events[i]!)) total--;
    }
    const shown: PlacedEvent[] = [];
    for (let i = lo; i < hi && shown.length < limit; i++) if (overlapping(events[i]!)) shown.push(events[i]!);
    return { total: Math.max(0, total), events: shown, undated };
  }

  /**
   * Claim counts of the whole library, in all or of one status, of every claimant or of the articles' own
   * analysis (the outlet); counted once, with the briefings holding such claims (in library order).
   */
  claimTotals(status?: Claim['status'], outletOnly = false): ClaimCounts & { briefings: Briefing[] } {
    if (!this.totals) {
      const totals = new Map<string, ClaimCounts & { briefings: Briefing[] }>();
      const count = (key: string, b: Briefing, claims: Claim[]): void => {
        if (claims.length === 0) return;
        const t = totals.get(key) ?? { claims: 0, claimants: 0, disputed: 0, briefings: [] };
        t.claims += claims.length;
        t.claimants += new Set(claims.map((c) => c.claimant)).size;
        t.disputed += claims.filter((c) => isDisputedStatus(c.status)).length;
        t.briefings.push(b);
        totals.set(key, t);
      };
      for (const b of this.briefings) {
        const outlet = b.claims.filter((c) => c.claimant === OUTLET);
        count('all', b, b.claims);
        count('outlet', b, outlet);
        for (const s of new Set(b.claims.map((c) => c.status))) {
          count(`all ${s}`, b, b.claims.filter((c) => c.status === s));
          count(`outlet ${s}`, b, outlet.filter((c) => c.status === s));
        }
      }
      this.totals = totals;
    }
    const key = `${outletOnly ? 'outlet' : 'all'}${status ? ` ${status}` : ''}`;
    return this.totals.get(key) ?? { claims: 0, claimants: 0, disputed: 0, briefings: [] };
  }

  /**
   * Events whose folded title contains every one of `words` (folded, at least 3 letters each; a word may be
   * part of a title word: "attack" finds "attacks"), in library order. No words, no events.
   */
  eventsTitled(words: string[], briefings: Briefing[] = this.briefings): TitledEvent[] {
    const all = this.titleIndex().all;
    return this.eventNumbersTitled(words, briefings).map((i) => all[i]!);
  }

  /** eventsTitled as event numbers (place among all events in library order), ascending. */
  eventNumbersTitled(words: string[], briefings: Briefing[] = this.briefings): number[] {
    if (words.length === 0) return [];
    const titles = this.titleIndex();
    // The events holding the rarest of the words bound the answer; the others are checked on them.
    let narrowest: Set<number> | undefined;
    for (const w of words) {
      const found = new Set<number>();
      for (const word of titles.words.containing(w)) for (let i = titles.start[word]!; i < titles.start[word + 1]!; i++) found.add(titles.events[i]!);
      if (!narrowest || found.size < narrowest.size) narrowest = found;
      if (found.size === 0) return [];
    }
    const inScope = this.inScope(briefings);
    return [...narrowest!].sort((a, b) => a - b).filter((i) => inScope(titles.all[i]!.briefing) && words.every((w) => titles.folded[i]!.includes(w)));
  }

  /**
   * Claims by and about entities (numbers from matchedEntities) and events (from eventNumbersTitled), of a
   * status, within a scope: how many, from how many claimants, how many disputed, and the first `limit`.
   */
  selectClaims(filter: Omit<ClaimFilter, 'inScope' | 'positions'>, briefings: Briefing[], limit: number): ClaimSelection {
    const index = (this.claimIndex ??= new ClaimIndex(this.briefings, this.entityBase));
    const whole = this.isWhole(briefings);
    const positions = whole ? undefined : [...new Set(briefings.map((b) => this.position.get(b)).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
    return index.select({ ...filter, inScope: this.positionInScope(briefings), positions }, limit);
  }

  private titleIndex(): NonNullable<Library['titles']> {
    if (!this.titles) {
      const all: TitledEvent[] = [];
      const folded: string[] = [];
      const titleWords: string[][] = [];
      const vocabulary = new Set<string>();
      for (const b of this.briefings) {
        const known = foldedTitlesOf(b);
        for (const [e, event] of b.events.entries()) {
          titleWords.push(known.words[e]!);
          for (const w of known.words[e]!) vocabulary.add(w);
          all.push({ briefing: b, event });
          folded.push(known.titles[e]!);
        }
      }
      // A reload rarely brings a title word the library did not have: the previous library's word index then
      // serves (its words that no title holds any more lead to no event), and its trigram build is skipped.
      const previous = this.previousTitleWords;
      this.previousTitleWords = undefined;
      const covered = previous !== undefined && [...vocabulary].every((w) => previous.id(w) !== undefined);
      const words = covered ? previous : WordIndex.build([...vocabulary]);
      const wordOf = new IntList();
      const eventOf = new IntList();
      titleWords.forEach((list, event) => {
        for (const w of list) {
          wordOf.push(words.id(w)!);
          eventOf.push(event);
        }
      });
      const { start, ids: events } = groupBy(wordOf, eventOf, words.size);
      this.titles = { words, start, events, all, folded };
    }
    return this.titles;
  }

  // ------------------------------------------------------------------------------------------- names

  private inScope(briefings: Briefing[]): (b: Briefing) => boolean {
    if (this.isWhole(briefings)) return () => true;
    if (briefings.length === 1) {
      const only = briefings[0];
      return (b) => b === only;
    }
    const set = new Set(briefings);
    return (b) => set.has(b);
  }

  /** Same as inScope, on an entry's briefing position (no entry object built for entries out of scope). */
  private positionInScope(briefings: Briefing[]): (position: number) => boolean {
    if (this.isWhole(briefings)) return () => true;
    const positions = new Set(briefings.map((b) => this.position.get(b)).filter((p) => p !== undefined));
    return (p) => positions.has(p);
  }

  /** Entities whose name, alias or role matches, best first; one per entity. */
  findEntities(query: string, briefings: Briefing[] = this.briefings): EntityMatch[] {
    return this.findEntitiesTop(query, Infinity, briefings).matches;
  }

  /**
   * The first `limit` entities findEntities would list, and how many it would list: only those shown become
   * objects, so a name thousands of briefings share ("bomber") costs integers, not thousands of matches sorted.
   */
  findEntitiesTop(query: string, limit: number, briefings: Briefing[] = this.briefings): { matches: EntityMatch[]; total: number } {
    const found = this.matchedEntities(query, briefings);
    const n = found.entities.length;
    // Best score first, then by name (the collation rank the name index computed), equal names in library order.
    const before = (i: number, j: number): boolean =>
      found.scores[i] !== found.scores[j] ? found.scores[i]! > found.scores[j]! : found.nameRanks[i] !== found.nameRanks[j] ? found.nameRanks[i]! < found.nameRanks[j]! : found.orders[i]! < found.orders[j]!;
    let chosen: number[];
    if (n <= limit) chosen = Array.from({ length: n }, (_, i) => i).sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
    else {
      // The best `limit`, kept in order by insertion: a few comparisons per match.
      chosen = [];
      for (let i = 0; i < n; i++) {
        if (chosen.length === limit && !before(i, chosen[limit - 1]!)) continue;
        let at = Math.min(chosen.length, limit - 1);
        if (chosen.length < limit) chosen.push(i);
        while (at > 0 && before(i, chosen[at - 1]!)) {
          chosen[at] = chosen[at - 1]!;
          at--;
        }
        chosen[at] = i;
      }
    }
    const matches = chosen.map((i) => {
      const gid = found.entities[i]!;
      const position = this.positionOfEntity(gid);
      const briefing = this.briefings[position]!;
      return { briefing, entity: briefing.entities[gid - this.entityBase[position]!]!, score: found.scores[i]! };
    });
    return { matches, total: n };
  }

  /**
   * What findEntities matches, as entity numbers (library-wide, see entityBase) in library order, each with
   * its best score, its name's collation rank and its first entry: parallel typed arrays, no object per match.
   */
  matchedEntities(query: string, briefings: Briefing[] = this.briefings): { entities: Int32Array; scores: Float64Array; nameRanks: Float64Array; orders: Int32Array } {
    const folded = foldName(query);
    const none = { entities: new Int32Array(0), scores: new Float64Array(0), nameRanks: new Float64Array(0), orders: new Int32Array(0) };
    if (!folded) return none;
    const inScope = this.positionInScope(briefings);
    const whole = this.isWhole(briefings);
    const layered = this.layered;
    // A key reaches the scope when one of its entries is in it (and, after a reload, not masked).
    const reaches = (key: number): boolean => {
      if (whole && !layered) return true;
      for (const ordinal of this.names.entriesOf(key)) {
        const position = this.names.briefingOf(ordinal);
        if (position >= 0 && inScope(position)) return true;
      }
      return false;
    };
    // An exact match in scope settles it; a name exact only in other briefings still gets fuzzy matches here.
    let keys = this.names
      .exactly(folded)
      .filter(reaches)
      .map((key) => ({ key, score: 1 }));
    if (keys.length === 0) keys = this.names.scored(folded, allowedTypos).filter((s) => s.score >= MATCH_THRESHOLD && reaches(s.key));
    if (keys.length === 0) return none;
    // Only the top tier (within 0.3 of the best), so a clear best match does not drag in every weaker one.
    let top = 0;
    for (const k of keys) if (k.score > top) top = k.score;
    if (top - 0.3 > 0) keys = keys.filter((k) => k.score >= top - 0.3);
    let size = 0;
    for (const { key } of keys) size += this.names.entriesOf(key).length;
    const entities = new Int32Array(size);
    const scores = new Float64Array(size);
    const nameRanks = new Float64Array(size);
    // Equal names are listed in library order: by entity number (the order of a fresh index's entries).
    const orders = new Int32Array(size);
    const slot = (this.entitySlot ??= new Int32Array(this.entityBase[this.briefings.length]!).fill(-1));
    let n = 0;
    for (const { key, score } of keys) {
      for (const ordinal of this.names.entriesOf(key)) {
        const position = this.names.briefingOf(ordinal);
        if (position < 0 || !inScope(position)) continue;
        const gid = this.entityBase[position]! + this.names.entityOf(ordinal);
        const at = slot[gid]!;
        if (at < 0) {
          slot[gid] = n;
          entities[n] = gid;
          scores[n] = score;
          nameRanks[n] = this.names.nameRankOf(ordinal);
          orders[n] = gid;
          n++;
        } else if (scores[at]! < score) scores[at] = score;
      }
    }
    if (keys.length === 1 && !layered) {
      for (let i = 0; i < n; i++) slot[entities[i]!] = -1;
      // One key's entries are in library order already (not so after a reload: the overlay's come last).
      return { entities: entities.subarray(0, n), scores: scores.subarray(0, n), nameRanks: nameRanks.subarray(0, n), orders: orders.subarray(0, n) };
    }
    // Several keys' entries merged: library order is the entity numbers ascending (a native numeric sort),
    // each number finding its data through the slot it was given.
    const sorted = entities.slice(0, n).sort();
    const out = { entities: sorted, scores: new Float64Array(n), nameRanks: new Float64Array(n), orders: new Int32Array(n) };
    for (let i = 0; i < n; i++) {
      const gid = sorted[i]!;
      const from = slot[gid]!;
      slot[gid] = -1;
      out.scores[i] = scores[from]!;
      out.nameRanks[i] = nameRanks[from]!;
      out.orders[i] = orders[from]!;
    }
    return out;
  }

  /** The briefing position of an entity number. */
  private positionOfEntity(gid: number): number {
    let lo = 0;
    let hi = this.briefings.length;
    // The last position whose first entity number is at most gid: the briefing holding it (one without
    // entities shares its number with the next, which is later).
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.entityBase[mid]! <= gid) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The entity number of a briefing's entity by its id (-1 when the briefing has none by that id). */
  entityNumberOf(briefing: Briefing, id: string): number {
    const position = this.position.get(briefing);
    const index = position === undefined ? -1 : briefing.entities.findIndex((e) => e.id === id);
    return index < 0 ? -1 : this.entityBase[position!]! + index;
  }

  /**
   * Closest known names for an unknown one: a name or alias within about a third of the query's length in
   * edits, whole or by one of its words. Candidates are the names sharing a word within that many edits of a
   * query word (so a name typed without its spaces is not found through its parts).
   */
  suggestNames(query: string, limit = 3, briefings: Briefing[] = this.briefings): string[] {
    const folded = foldName(query);
    if (!folded) return [];
    const inScope = this.positionInScope(briefings);
    const threshold = Math.max(1.5, folded.length / 3);
    const keys = new Set<number>();
    for (const w of new Set(folded.split(' '))) {
      const near = Math.floor(Math.max(1.5, w.length / 3));
      for (const word of this.names.similarWords(w, near)) for (const key of this.names.withWordId(word)) if (!this.names.isRole(key)) keys.add(key);
    }
    const scored = new Map<string, number>();
    for (const key of keys) {
      const text = this.names.text(key);
      const d = Math.min(editDistance(folded, text, 8), ...text.split(' ').map((w) => editDistance(folded, w, 8) + 0.5));
      if (d > threshold) continue;
      for (const ordinal of this.names.entriesOf(key)) {
        const position = this.names.briefingOf(ordinal);
        if (position < 0 || !inScope(position)) continue;
        const name = this.names.entry(ordinal).entity.name;
        if ((scored.get(name) ?? Infinity) > d) scored.set(name, d);
      }
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
    if (!folded) {
      const out: string[] = [];
      for (const n of this.names.names()) {
        if (out.length >= limit) break;
        if ((n.kinds & bits) !== 0) out.push(n.name);
      }
      return out;
    }
    const namesOf = (keys: number[], into: Set<string>, skip?: Set<string>): void => {
      for (const key of keys) {
        for (const ordinal of this.names.entriesOf(key)) {
          if (this.names.briefingOf(ordinal) < 0) continue;
          const { entity } = this.names.entry(ordinal);
          if ((kindBit(entity.kind) & bits) !== 0 && !skip?.has(entity.name)) into.add(entity.name);
        }
      }
    };
    const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const starts = new Set<string>();
    namesOf(this.names.withPrefix(folded), starts);
    const first = [...starts].sort(byCodeUnit);
    if (first.length >= limit) return first.slice(0, limit);
    const contains = new Set<string>();
    namesOf(this.names.containing(folded), contains, starts);
    return [...first, ...[...contains].sort(byCodeUnit)].slice(0, limit);
  }
}

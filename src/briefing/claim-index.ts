/**
 * The claims of a library as integers, for `claims by:` and `claims about:` over names that thousands of
 * briefings share ("U.N. commission of inquiry"): which claims each entity made and which are about it or
 * about an event, with each claim's status and claimant, in typed arrays. A question then merges a few
 * integer lists and counts over them; only the claims it shows become objects.
 *
 * Numbers: an entity's is its place among all entities in library order (Library's entityBase), an event's
 * its place among all events, a claim's its place among all claims.
 */
import type { Briefing, Claim } from './model.ts';
import { isDisputedStatus } from './model.ts';
import { groupBy, IntList, lowerBound } from './packed.ts';
import { CLAIM_STATUSES, OUTLET } from './schema.ts';

export interface ClaimFilter {
  /** Entity numbers (ascending) of the claimants wanted, and whether the articles' own analysis is one. */
  by?: { entities: ArrayLike<number>; outlet: boolean };
  /** Entity and event numbers (ascending) the claims must be about, and whether the outlet is one. */
  about?: { entities: ArrayLike<number>; events: ArrayLike<number>; outlet: boolean };
  status?: Claim['status'];
  /** Whether a briefing position is in the question's scope. */
  inScope: (position: number) => boolean;
  /** Positions of the briefings in scope, ascending, or undefined for every briefing. */
  positions?: readonly number[];
}

export interface ClaimSelection {
  total: number;
  /** Distinct claimants, counted per briefing. */
  sources: number;
  disputed: number;
  /** The first `limit` claims, in library order. */
  shown: Array<{ briefing: Briefing; claim: Claim }>;
}

const STATUS_CODE = new Map<string, number>(CLAIM_STATUSES.map((s, i) => [s, i]));
const DISPUTED = CLAIM_STATUSES.map((s) => isDisputedStatus(s));

export class ClaimIndex {
  private readonly claimBase: Int32Array;
  private readonly briefingOf: Int32Array;
  private readonly status: Uint8Array;
  /** Per claim: its claimant as a number, the same for the same claimant of one briefing (an entity's number, or one past the entities). */
  private readonly claimant: Int32Array;
  private readonly isOutlet: Uint8Array;
  private readonly byStart: Int32Array;
  private readonly byClaims: Int32Array;
  private readonly aboutStart: Int32Array;
  private readonly aboutClaims: Int32Array;
  private readonly aboutEventStart: Int32Array;
  private readonly aboutEventClaims: Int32Array;
  private readonly outletAbout: Int32Array;
  /** Scratch per claimant number, for counting distinct claimants (0 when unused; reset after each use). */
  private readonly seen: Uint8Array;

  constructor(
    private readonly briefings: readonly Briefing[],
    entityBase: Int32Array,
  ) {
    const claimBase = new Int32Array(briefings.length + 1);
    briefings.forEach((b, i) => (claimBase[i + 1] = claimBase[i]! + b.claims.length));
    const n = claimBase[briefings.length]!;
    const entityTotal = entityBase[briefings.length]!;
    this.claimBase = claimBase;
    this.briefingOf = new Int32Array(n);
    this.status = new Uint8Array(n);
    this.claimant = new Int32Array(n);
    this.isOutlet = new Uint8Array(n);
    const byEntity = new IntList();
    const byClaim = new IntList();
    const aboutEntity = new IntList();
    const aboutClaim = new IntList();
    const aboutEvent = new IntList();
    const aboutEventClaim = new IntList();
    const outletAbout = new IntList();
    let nextClaimant = entityTotal;
    let eventBase = 0;
    briefings.forEach((b, position) => {
      const entityNumber = new Map<string, number>(b.entities.map((e, i) => [e.id, entityBase[position]! + i]));
      const eventNumber = new Map<string, number>(b.events.map((e, i) => [e.id, eventBase + i]));
      const others = new Map<string, number>();
      b.claims.forEach((claim, i) => {
        const c = claimBase[position]! + i;
        this.briefingOf[c] = position;
        this.status[c] = STATUS_CODE.get(claim.status) ?? 0;
        let who = entityNumber.get(claim.claimant);
        if (who === undefined) {
          who = others.get(claim.claimant) ?? nextClaimant++;
          others.set(claim.claimant, who);
        } else {
          byEntity.push(who);
          byClaim.push(c);
        }
        this.claimant[c] = who;
        if (claim.claimant === OUTLET) this.isOutlet[c] = 1;
        let outletNoted = false;
        for (const id of new Set(claim.about)) {
          const entity = entityNumber.get(id);
          if (entity !== undefined) {
            aboutEntity.push(entity);
            aboutClaim.push(c);
          }
          const event = eventNumber.get(id);
          if (event !== undefined) {
            aboutEvent.push(event);
            aboutEventClaim.push(c);
          }
          if (id === OUTLET && !outletNoted) {
            outletAbout.push(c);
            outletNoted = true;
          }
        }
      });
      eventBase += b.events.length;
    });
    ({ start: this.byStart, ids: this.byClaims } = groupBy(byEntity, byClaim, entityTotal));
    ({ start: this.aboutStart, ids: this.aboutClaims } = groupBy(aboutEntity, aboutClaim, entityTotal));
    ({ start: this.aboutEventStart, ids: this.aboutEventClaims } = groupBy(aboutEvent, aboutEventClaim, eventBase));
    this.outletAbout = outletAbout.toArray();
    this.seen = new Uint8Array(nextClaimant);
  }

  /** The claims a filter selects: counted in full, the first `limit` listed (library order). */
  select(filter: ClaimFilter, limit: number): ClaimSelection {
    const candidates = this.candidates(filter);
    const wanted = filter.status === undefined ? -1 : (STATUS_CODE.get(filter.status) ?? -2);
    const by = filter.about ? filter.by : undefined;
    const out: ClaimSelection = { total: 0, sources: 0, disputed: 0, shown: [] };
    const touched: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      if (i > 0 && candidates[i - 1] === c) continue;
      if (wanted !== -1 && this.status[c] !== wanted) continue;
      if (by && !((by.outlet && this.isOutlet[c] === 1) || contains(by.entities, this.claimant[c]!))) continue;
      out.total++;
      if (DISPUTED[this.status[c]!]) out.disputed++;
      const who = this.claimant[c]!;
      if (this.seen[who] === 0) {
        this.seen[who] = 1;
        touched.push(who);
        out.sources++;
      }
      if (out.shown.length < limit) {
        const position = this.briefingOf[c]!;
        const briefing = this.briefings[position]!;
        out.shown.push({ briefing, claim: briefing.claims[c - this.claimBase[position]!]! });
      }
    }
    for (const who of touched) this.seen[who] = 0;
    return out;
  }

  /** Claim numbers that may match, ascending (repeats possible); the claimant and status are checked after. */
  private candidates(filter: ClaimFilter): Int32Array {
    const lists: Int32Array[] = [];
    const of = (start: Int32Array, ids: Int32Array, numbers: ArrayLike<number>): void => {
      for (let i = 0; i < numbers.length; i++) lists.push(ids.subarray(start[numbers[i]!]!, start[numbers[i]! + 1]!));
    };
    const inScope = (list: Int32Array): Int32Array => list.filter((c) => filter.inScope(this.briefingOf[c]!));
    if (filter.about) {
      of(this.aboutStart, this.aboutClaims, filter.about.entities);
      of(this.aboutEventStart, this.aboutEventClaims, filter.about.events);
      if (filter.about.outlet) lists.push(inScope(this.outletAbout));
    } else if (filter.by) {
      of(this.byStart, this.byClaims, filter.by.entities);
      if (filter.by.outlet) lists.push(this.outletClaims(filter));
    } else {
      lists.push(this.allClaims(filter));
    }
    if (lists.length === 1) return lists[0]!;
    let size = 0;
    for (const list of lists) size += list.length;
    const merged = new Int32Array(size);
    let at = 0;
    for (const list of lists) {
      merged.set(list, at);
      at += list.length;
    }
    return merged.sort();
  }

  private allClaims(filter: ClaimFilter): Int32Array {
    const positions = filter.positions ?? this.briefings.map((_, i) => i);
    const out = new IntList();
    for (const p of positions) for (let c = this.claimBase[p]!; c < this.claimBase[p + 1]!; c++) out.push(c);
    return out.toArray();
  }

  private outletClaims(filter: ClaimFilter): Int32Array {
    const out = new IntList();
    const positions = filter.positions ?? this.briefings.map((_, i) => i);
    for (const p of positions) for (let c = this.claimBase[p]!; c < this.claimBase[p + 1]!; c++) if (this.isOutlet[c] === 1) out.push(c);
    return out.toArray();
  }
}

/** Whether ascending `list` holds `value`. */
function contains(list: ArrayLike<number>, value: number): boolean {
  const at = lowerBound(list, value);
  return at < list.length && list[at] === value;
}

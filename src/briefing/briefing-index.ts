/**
 * Lookups within one briefing, built once per Briefing object and kept as long as it lives (a WeakMap), so a
 * Library rebuilt after a reload reuses the indexes of every briefing that did not change.
 *
 * They answer, without scanning the briefing: a fact by id, an entity's claims, the claims about something,
 * an entity's events in chronological order, and the counts replies quote.
 */
import { eventOrder, type PlacedEvent } from './chronology.ts';
import type { Briefing, Claim, Entity, TimelineEvent } from './model.ts';
import { foldName } from './names.ts';

/** One name, alias or role of an entity, folded for matching. */
export interface NameEntry {
  folded: string;
  /** Roles are descriptions, not names: they match whole words only, never as typos. */
  isRole: boolean;
  briefing: Briefing;
  entity: Entity;
}

export interface BriefingIndex {
  entities: Map<string, Entity>;
  events: Map<string, TimelineEvent>;
  claims: Map<string, Claim>;
  /** Claims by claimant id (the outlet included), in briefing order. */
  claimsBy: Map<string, Claim[]>;
  /** Claims by what they are about (entity, event or claim id), in briefing order. */
  claimsAbout: Map<string, Claim[]>;
  /** Every event in chronological order. */
  chronology: PlacedEvent[];
  /** Events an entity takes part in or that happen at it (actors and place), in chronological order. */
  eventsOf: Map<string, PlacedEvent[]>;
  names: NameEntry[];
  /** Folded event titles, for `claims about:` matching events by words of their title. */
  eventTitles: Array<{ event: TimelineEvent; folded: string }>;
  counts: BriefingCounts;
}

export interface BriefingCounts {
  claims: number;
  /** Claims that are disputed, denied or contradicted. */
  disputed: number;
  /** Distinct claimants. */
  claimants: number;
  byStatus: Map<Claim['status'], { claims: number; claimants: number }>;
  undatedEvents: number;
}

/** Disputed, denied or contradicted: a status that says something stands against the claim. */
export function isDisputedStatus(status: Claim['status']): boolean {
  return status !== 'unverified' && status !== 'corroborated';
}

export function isDisputed(claim: Claim): boolean {
  return isDisputedStatus(claim.status);
}

const indexes = new WeakMap<Briefing, BriefingIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The briefing's index. `fold` lets a caller building many indexes at once share folded strings between
 * briefings (the same country or role recurs in thousands).
 */
export function briefingIndex(briefing: Briefing, fold: (name: string) => string = foldName): BriefingIndex {
  const known = indexes.get(briefing);
  if (known) return known;
  const entities = new Map<string, Entity>();
  const names: NameEntry[] = [];
  for (const entity of briefing.entities) {
    entities.set(entity.id, entity);
    const add = (display: string, isRole: boolean): void => {
      const folded = fold(display);
      if (folded) names.push({ folded, isRole, briefing, entity });
    };
    add(entity.name, false);
    for (const alias of entity.aliases) add(alias, false);
    if (entity.role) add(entity.role, true);
  }

  const events = new Map<string, TimelineEvent>();
  for (const e of briefing.events) events.set(e.id, e);
  const chronology = eventOrder(briefing);
  const eventsOf = new Map<string, PlacedEvent[]>();
  let undatedEvents = 0;
  for (const placed of chronology) {
    const { event } = placed;
    if (!event.date) undatedEvents++;
    for (const actor of event.actors) push(eventsOf, actor, placed);
    if (event.place && !event.actors.includes(event.place)) push(eventsOf, event.place, placed);
  }
  // An entity listed twice among an event's actors still takes part in it once.
  for (const [id, list] of eventsOf) if (new Set(list).size !== list.length) eventsOf.set(id, [...new Set(list)]);

  const claims = new Map<string, Claim>();
  const claimsBy = new Map<string, Claim[]>();
  const claimsAbout = new Map<string, Claim[]>();
  const byStatus = new Map<Claim['status'], { claims: number; claimants: number }>();
  const statusClaimants = new Map<Claim['status'], Set<string>>();
  let disputed = 0;
  for (const claim of briefing.claims) {
    claims.set(claim.id, claim);
    push(claimsBy, claim.claimant, claim);
    for (const about of new Set(claim.about)) push(claimsAbout, about, claim);
    if (isDisputed(claim)) disputed++;
    const counts = byStatus.get(claim.status) ?? { claims: 0, claimants: 0 };
    counts.claims++;
    byStatus.set(claim.status, counts);
    const set = statusClaimants.get(claim.status) ?? new Set<string>();
    set.add(claim.claimant);
    statusClaimants.set(claim.status, set);
  }
  for (const [status, set] of statusClaimants) byStatus.get(status)!.claimants = set.size;

  const index: BriefingIndex = {
    entities,
    events,
    claims,
    claimsBy,
    claimsAbout,
    chronology,
    eventsOf,
    names,
    eventTitles: briefing.events.map((event) => ({ event, folded: fold(event.title) })),
    counts: { claims: briefing.claims.length, disputed, claimants: claimsBy.size, byStatus, undatedEvents },
  };
  indexes.set(briefing, index);
  return index;
}

/**
 * Chronological order with honest precision: dated events by the interval they cover,
 * undated ones kept next to the events the briefing says they come after or before.
 */
import type { Briefing, TimelineEvent } from './model.ts';
import { dateInterval } from './partial-date.ts';

export interface PlacedEvent {
  briefing: Briefing;
  event: TimelineEvent;
  /** Sort key; undated events with no anchor sort last. */
  key: number;
  /** Position of the event in its briefing's list, which breaks ties between equal keys. */
  seq: number;
  /** First and last day the date covers (yyyymmdd), for range filters; undefined when undated. */
  start?: number;
  end?: number;
}

function eventKeys(briefing: Briefing): Map<string, number> {
  const byId = new Map(briefing.events.map((e) => [e.id, e]));
  const keys = new Map<string, number>();
  const visiting = new Set<string>();
  const keyOf = (e: TimelineEvent): number => {
    const known = keys.get(e.id);
    if (known !== undefined) return known;
    let key = Number.POSITIVE_INFINITY;
    if (e.date) {
      const [start, end] = dateInterval(e.date);
      // Same start: the wider (less precise) date first.
      key = start * 1000 - Math.min(999, end - start) / 1000;
    } else if (!visiting.has(e.id)) {
      visiting.add(e.id);
      const afters = e.after.map((id) => byId.get(id)).filter((x) => x !== undefined).map(keyOf).filter(Number.isFinite);
      const befores = e.before.map((id) => byId.get(id)).filter((x) => x !== undefined).map(keyOf).filter(Number.isFinite);
      if (afters.length > 0) key = Math.max(...afters) + 1;
      else if (befores.length > 0) key = Math.min(...befores) - 1;
      visiting.delete(e.id);
    }
    keys.set(e.id, key);
    return key;
  };
  for (const e of briefing.events) keyOf(e);
  return keys;
}

const orders = new WeakMap<Briefing, PlacedEvent[]>();

/** One briefing's events in chronological order (stable for ties); computed once per briefing. */
export function eventOrder(briefing: Briefing): PlacedEvent[] {
  const known = orders.get(briefing);
  if (known) return known;
  const keys = eventKeys(briefing);
  const placed = briefing.events.map((event, seq): PlacedEvent => {
    const [start, end] = event.date ? dateInterval(event.date) : [undefined, undefined];
    return { briefing, event, key: keys.get(event.id)!, seq, start, end };
  });
  placed.sort(byKey);
  orders.set(briefing, placed);
  return placed;
}

function byKey(a: PlacedEvent, b: PlacedEvent): number {
  return a.key === b.key ? a.seq - b.seq : a.key < b.key ? -1 : 1;
}

/**
 * Every event of the given briefings in chronological order; ties keep the order of `briefings`, then of
 * each briefing's events.
 */
export function chronological(briefings: Briefing[]): PlacedEvent[] {
  if (briefings.length === 1) return eventOrder(briefings[0]!).slice();
  const position = new Map(briefings.map((b, i) => [b, i]));
  return briefings.flatMap(eventOrder).sort((a, b) => (a.key === b.key ? position.get(a.briefing)! - position.get(b.briefing)! || a.seq - b.seq : a.key < b.key ? -1 : 1));
}

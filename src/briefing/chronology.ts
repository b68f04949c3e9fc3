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

/** Every event of the given briefings in chronological order (stable for ties). */
export function chronological(briefings: Briefing[]): PlacedEvent[] {
  const placed: PlacedEvent[] = [];
  for (const b of briefings) {
    const keys = eventKeys(b);
    for (const event of b.events) placed.push({ briefing: b, event, key: keys.get(event.id)! });
  }
  return placed.sort((a, b) => (a.key === b.key ? 0 : a.key < b.key ? -1 : 1));
}

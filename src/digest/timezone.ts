/** IANA time zones through Intl: validation, "did you mean", and dates shown in a channel's zone. */
import { suggest } from '../commands/suggest.ts';

/** The zone as Intl spells it ("europe/paris" → "Europe/Paris"), or undefined when Intl doesn't know it. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  // Node 20's Intl refuses offsets such as "+02:00" already; say so explicitly for other runtimes.
  if (!trimmed || /^[+-]\d/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let zones: string[] | undefined;

/** Every IANA zone this runtime knows, and UTC. */
export function timeZoneNames(): readonly string[] {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zones;
}

export function suggestTimeZones(name: string): string[] {
  const zones = timeZoneNames();
  const folded = name.trim().toLowerCase().replace(/\s+/g, '_');
  const lower = zones.map((z) => z.toLowerCase());
  const byCity = zones.filter((z) => z.toLowerCase().split('/').at(-1) === folded.split('/').at(-1));
  if (byCity.length) return byCity.slice(0, 3);
  return suggest(folded, lower).map((s) => zones[lower.indexOf(s)]!);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Tue 4 Mar 2025, 09:30 CET" in the given zone. */
export function formatInZone(date: Date | number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

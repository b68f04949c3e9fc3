import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { CronSchedule, findCloseRuns, parseSchedule } from '../../src/digest/schedule.ts';
import { canonicalTimeZone, formatInZone, suggestTimeZones } from '../../src/digest/timezone.ts';
import { UserError } from '../../src/reply/reply.ts';

const iso = (d: Date): string => d.toISOString();
const runs = (expr: string, tz: string, from: string, n: number): string[] => CronSchedule.create(expr, tz).nextRuns(Date.parse(from), n).map(iso);

describe('schedules', () => {
  it('turns presets into cron expressions', () => {
    expect(parseSchedule('daily 08:00', 'UTC')).toEqual({ cron: '0 8 * * *', label: 'daily 08:00' });
    expect(parseSchedule('Weekdays 9:30', 'UTC')).toEqual({ cron: '30 9 * * 1-5', label: 'weekdays 09:30' });
    expect(parseSchedule('weekly mon 08:00', 'UTC')).toEqual({ cron: '0 8 * * 1', label: 'weekly mon 08:00' });
    expect(parseSchedule('weekly thursday, mon at 6pm', 'UTC')).toEqual({ cron: '0 18 * * 1,4', label: 'weekly mon,thu 18:00' });
    expect(parseSchedule('hourly', 'UTC').cron).toBe('0 * * * *');
  });

  it('accepts node-cron expressions of 5 and 6 fields', () => {
    expect(parseSchedule('0 8 * * 1-5', 'Europe/Paris')).toEqual({ cron: '0 8 * * 1-5', label: '0 8 * * 1-5' });
    expect(parseSchedule('30 0 8 * * mon-fri', 'UTC').cron).toBe('30 0 8 * * mon-fri');
  });

  it('refuses what is not a schedule, saying what would be', () => {
    const message = (text: string): string => {
      try {
        parseSchedule(text, 'UTC');
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      throw new Error(`"${text}" was accepted`);
    };
    expect(message('daily 25:00')).toMatch(/not a schedule.*daily 08:00/);
    expect(message('sometimes')).toMatch(/preset.*cron expression/);
    expect(message('61 8 * * *')).toMatch(/not a valid cron expression.*minute/);
    expect(message('weekly funday 08:00')).toMatch(/not a schedule/);
    expect(message('')).toMatch(/Give a schedule/);
  });

  it("uses node-cron's own matcher and leaves no task behind", () => {
    const before = cron.getTasks().size;
    const s = CronSchedule.create('0 8 * * 1-5', 'UTC');
    expect(cron.getTasks().size).toBe(before);
    // Friday 7 March 2025 09:00 → Monday 10 March 08:00.
    expect(iso(s.next(Date.parse('2025-03-07T09:00:00Z')))).toBe('2025-03-10T08:00:00.000Z');
    // Strictly after: a run at exactly `after` is not returned again.
    expect(iso(s.next(Date.parse('2025-03-10T08:00:00Z')))).toBe('2025-03-11T08:00:00.000Z');
  });

  it('keeps local time across the Europe/Paris spring-forward (30 March 2025)', () => {
    expect(runs('0 8 * * *', 'Europe/Paris', '2025-03-28T00:00:00Z', 4)).toEqual([
      '2025-03-28T07:00:00.000Z',
      '2025-03-29T07:00:00.000Z',
      '2025-03-30T06:00:00.000Z',
      '2025-03-31T06:00:00.000Z',
    ]);
  });

  it('keeps local time across the Europe/Paris fall-back (26 October 2025)', () => {
    expect(runs('0 8 * * *', 'Europe/Paris', '2025-10-25T00:00:00Z', 3)).toEqual(['2025-10-25T06:00:00.000Z', '2025-10-26T07:00:00.000Z', '2025-10-27T07:00:00.000Z']);
  });

  it('skips a local time that does not exist and runs an ambiguous one once (node-cron semantics)', () => {
    // 02:30 does not exist in Paris on 30 March 2025: no run that day.
    expect(runs('30 2 * * *', 'Europe/Paris', '2025-03-29T00:00:00Z', 2)).toEqual(['2025-03-29T01:30:00.000Z', '2025-03-31T00:30:00.000Z']);
    // 02:30 happens twice on 26 October 2025: one run.
    expect(runs('30 2 * * *', 'Europe/Paris', '2025-10-25T12:00:00Z', 2)).toEqual(['2025-10-26T01:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('follows other zones too (America/New_York, 9 March 2025)', () => {
    expect(runs('30 9 * * 1-5', 'America/New_York', '2025-03-07T00:00:00Z', 2)).toEqual(['2025-03-07T14:30:00.000Z', '2025-03-10T13:30:00.000Z']);
  });

  it('lists runs in a window, oldest first', () => {
    const s = CronSchedule.create('0 * * * *', 'UTC');
    expect(s.runsBetween(Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-01-01T03:00:00Z'))).toEqual({
      runs: [1, 2, 3].map((h) => Date.parse(`2025-01-01T0${h}:00:00Z`)),
      truncated: false,
    });
    expect(s.runsBetween(0, Date.parse('2025-01-01T00:00:00Z'), 5).truncated).toBe(true);
  });
});

describe('minimum interval', () => {
  const from = Date.parse('2025-01-15T12:00:00Z');
  const close = (expr: string, tz: string, minS: number) => findCloseRuns(CronSchedule.create(expr, tz), from, minS * 1000);

  it('refuses runs closer than the minimum and names them', () => {
    const found = close('*/30 * * * *', 'UTC', 3600);
    expect(found?.gapMs).toBe(30 * 60_000);
    expect(found?.second.getTime()).toBeGreaterThan(found!.first.getTime());
    expect(close('0 9-17 * * *', 'UTC', 7200)?.gapMs).toBe(3600_000);
  });

  it('allows runs exactly the minimum apart, and daily ones', () => {
    expect(close('0 8,9 * * *', 'UTC', 3600)).toBeUndefined();
    expect(close('0 8 * * *', 'Europe/Paris', 3600)).toBeUndefined();
    expect(close('0 8 * * 1-5', 'Europe/Paris', 86_400)).toBeUndefined();
  });

  it('catches gaps that only shrink on a DST night', () => {
    // 01:00 and 03:00 are two hours apart, except on 30 March 2025 in Paris when 02:00 does not exist.
    expect(close('0 1,3 * * *', 'UTC', 7200)).toBeUndefined();
    const found = close('0 1,3 * * *', 'Europe/Paris', 7200);
    expect(found && iso(found.first)).toBe('2025-03-30T00:00:00.000Z');
    expect(found?.gapMs).toBe(3600_000);
  });

  it('catches a close pair across a day boundary', () => {
    expect(close('0 0,23 * * *', 'UTC', 3600 * 2)?.gapMs).toBe(3600_000);
  });
});

describe('time zones', () => {
  it('validates and canonicalises IANA names with Intl', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('+02:00')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
  });

  it('suggests near names', () => {
    expect(suggestTimeZones('Europe/Pari')).toContain('Europe/Paris');
    expect(suggestTimeZones('paris')).toContain('Europe/Paris');
  });

  it('shows an instant in the zone, with its abbreviation', () => {
    expect(formatInZone(Date.parse('2025-03-04T08:30:00Z'), 'Europe/Paris')).toBe('Tue 4 Mar 2025, 09:30 CET');
    expect(formatInZone(Date.parse('2025-07-04T08:30:00Z'), 'Europe/Paris')).toBe('Fri 4 Jul 2025, 10:30 CEST');
  });
});

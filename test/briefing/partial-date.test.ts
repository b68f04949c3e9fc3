import { describe, expect, it } from 'vitest';
import { compareDates, formatHuman, formatIso, overlaps, parsePartialDate } from '../../src/briefing/partial-date.ts';

const d = (s: string) => parsePartialDate(s)!;

describe('partial dates', () => {
  it('keeps the precision the text gives', () => {
    expect(d('2022')).toEqual({ year: 2022, precision: 'year' });
    expect(d('2022-03')).toEqual({ year: 2022, month: 3, precision: 'month' });
    expect(d('2024-03-22')).toEqual({ year: 2024, month: 3, day: 22, precision: 'day' });
  });

  it('prints a month as a month and a day as a day', () => {
    expect(formatHuman(d('2022-03'))).toBe('March 2022');
    expect(formatHuman(d('2024-03-22'))).toBe('22 March 2024');
    expect(formatHuman(d('2022'))).toBe('2022');
    expect(formatIso(d('2022-03'))).toBe('2022-03');
  });

  it('rejects what is not a date', () => {
    for (const bad of ['2022-13', '2023-02-29', 'March 2022', '22', '2022-3', '']) expect(parsePartialDate(bad)).toBeUndefined();
    expect(parsePartialDate('2024-02-29')).toBeDefined();
  });

  it('orders by the interval covered, the wider date first on a tie', () => {
    const sorted = ['2024-03-22', '2022-10', '2022', '2022-03', '2024-02'].map(d).sort(compareDates).map(formatIso);
    expect(sorted).toEqual(['2022', '2022-03', '2022-10', '2024-02', '2024-03-22']);
  });

  it('tests a month against a range as the whole month', () => {
    expect(overlaps(d('2022-03'), d('2022-03-31'))).toBe(true);
    expect(overlaps(d('2022-03'), d('2022-04'))).toBe(false);
    expect(overlaps(d('2022'), undefined, d('2022-01-01'))).toBe(true);
  });
});

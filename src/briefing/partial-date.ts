/**
 * ISO 8601 dates of reduced precision ("2022", "2022-03", "2022-03-22").
 * A month stays a month: it is compared as the interval it covers and never printed as a day.
 */

export type Precision = 'year' | 'month' | 'day';

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
  precision: Precision;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function parsePartialDate(value: string): PartialDate | undefined {
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year, precision: 'year' };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month, precision: 'month' };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, precision: 'day' };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatIso(date: PartialDate): string {
  const y = String(date.year).padStart(4, '0');
  if (date.precision === 'year') return y;
  const m = String(date.month).padStart(2, '0');
  if (date.precision === 'month') return `${y}-${m}`;
  return `${y}-${m}-${String(date.day).padStart(2, '0')}`;
}

/** "2022", "March 2022", "22 March 2024". */
export function formatHuman(date: PartialDate): string {
  if (date.precision === 'year') return String(date.year);
  const month = MONTHS[date.month! - 1]!;
  if (date.precision === 'month') return `${month} ${date.year}`;
  return `${date.day} ${month} ${date.year}`;
}

/** First and last day covered, as comparable numbers (yyyymmdd). */
export function dateInterval(date: PartialDate): [number, number] {
  const m1 = date.month ?? 1;
  const m2 = date.month ?? 12;
  const d1 = date.day ?? 1;
  const d2 = date.day ?? daysInMonth(date.year, m2);
  return [date.year * 10000 + m1 * 100 + d1, date.year * 10000 + m2 * 100 + d2];
}

/** Orders by start of interval; on a tie, the less precise (wider) date first. */
export function compareDates(a: PartialDate, b: PartialDate): number {
  const [as, ae] = dateInterval(a);
  const [bs, be] = dateInterval(b);
  return as - bs || be - ae;
}

/** True when the date's interval overlaps [from, to] (either bound optional). */
export function overlaps(date: PartialDate, from?: PartialDate, to?: PartialDate): boolean {
  const [s, e] = dateInterval(date);
  if (from && e < dateInterval(from)[0]) return false;
  if (to && s > dateInterval(to)[1]) return false;
  return true;
}

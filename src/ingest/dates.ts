/**
 * Date expressions resolved against the publication date, at the precision the text supports.
 *
 * chrono-node finds the expressions and tells which components the text states (its "known" values);
 * we never take a component chrono only implied. A bare year ("in 2013", "since 2006") is added to chrono
 * as a parser of its own. Then:
 * - stated: the text gives the year ("March 2022", "in 2013", "Jan. 5, 2016").
 * - inferred: some part comes from the publication date: a weekday ("on Tuesday"), a month or a
 *   month and day without a year ("in September", "Jan. 6"), or a relative phrase ("last month",
 *   "six months ago", "last week"). The date_note says what was said and what it was resolved against.
 * A weekday, month or month-day resolves to the latest one on or before publication, unless its clause
 * speaks of the future ("plans to hold talks on Jan. 25"), then to the next one. A week ("last week",
 * "a week ago") gives only its month, and only when the whole week lies in one month: a day would be invented.
 * Times of day alone, durations and dates relative to other events are not dates.
 */
import * as chrono from 'chrono-node';
import { daysInMonth, formatIso, type PartialDate } from '../briefing/partial-date.ts';

export interface DateMention {
  /** Offsets in the text given to findDates. */
  start: number;
  end: number;
  text: string;
  date: PartialDate;
  basis: 'stated' | 'inferred';
  note?: string;
}

/** A date expression that cannot be placed: the publication date is unknown and the text gives no year. */
export interface UnresolvedDate {
  start: number;
  end: number;
  text: string;
  note: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// A bare year after a word that introduces a time ("in 2013", "since 2006", "early 2015", "the 2014 war").
const YEAR_PATTERN = /\b(?:in|since|by|from|until|till|before|after|during|of|early|late|mid|around|through|throughout|between|and|or|to|the|year|spring|summer|autumn|fall|winter|end|fiscal|financial|calendar|budget|season)[- ](?:(?:early|late|mid|the)[- ])?((?:19|20)\d{2})\b(?![-,.:/]?\d)(?!s\b)/i;
// A bare year before a singular noun ("an explosive 2016 scandal"); "2000 people" is a count, not a year.
const YEAR_BEFORE_NOUN = /(?:^|[\s(])((?:19|20)\d{2}) (?!(?:to|and|or|of|in|on|at|for|the|an?|by|with|from|as|than|per|people|men|women|children|police|staff|personnel|cattle|sheep|fish|feet|km|kg|mph|votes?)\b)([a-z]{3,}[a-rt-z])\b/;

function parser(): chrono.Chrono {
  const custom = chrono.casual.clone();
  custom.parsers.push({
    pattern: () => YEAR_PATTERN,
    // chrono drops a result whose text is only digits, so the result keeps its introducing word.
    extract: (context, match) => context.createParsingResult(match.index ?? 0, match[0], { year: Number(match[1]) }),
  });
  custom.parsers.push({
    pattern: () => YEAR_BEFORE_NOUN,
    extract: (context, match) => {
      const at = (match.index ?? 0) + match[0].indexOf(match[1]!);
      // Not "March 2022 failed" (chrono reads the month) nor a year before a verb.
      const before = context.text.slice(Math.max(0, at - 12), at);
      if (/(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s*$/i.test(before) || /(?:ed|ing)$/.test(match[2]!)) return null;
      return context.createParsingResult(at, `${match[1]} ${match[2]}`, { year: Number(match[1]) });
    },
  });
  return custom;
}

const CHRONO = parser();

const FUTURE = /\b(?:will|plans?|planned|planning|is due|are due|due to|scheduled|slated|expected to|set to|set for|next|upcoming|later this|intends?|aims? to|would (?:begin|start|hold|meet|take place)|prepar\w* for|ahead of|in preparation for|pending)\b/i;

type Ref = { year: number; month: number; day: number };

function toUtc(d: Ref): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

function fromUtc(ms: number): Ref {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function describe(published: PartialDate): string {
  const ref = { year: published.year, month: published.month!, day: published.day! };
  return `${formatIso(published)}, a ${WEEKDAYS[new Date(toUtc(ref)).getUTCDay()]}`;
}

/**
 * Finds the dates in `text` (one sentence), `clause` helping to tell past from future.
 * `published` must be a full date for anything relative to be resolved.
 */
export function findDates(text: string, published: PartialDate | undefined): { dates: DateMention[]; unresolved: UnresolvedDate[] } {
  const full = published?.precision === 'day' ? published : undefined;
  const refDate = full ? new Date(Date.UTC(full.year, full.month! - 1, full.day!, 12)) : new Date(Date.UTC(2000, 0, 1, 12));
  const results = CHRONO.parse(text, { instant: refDate, timezone: 0 }, { forwardDate: false });
  const dates: DateMention[] = [];
  const unresolved: UnresolvedDate[] = [];
  for (const r of results) {
    const said = r.text.replace(/[\s,;:.]+$/, '');
    const start = r.index;
    const end = r.index + said.length;
    const known = (c: chrono.Component): boolean => r.start.isCertain(c);
    // Only the words leading to the date tell its tense ("talks he plans to hold on Jan. 25"), not a
    // future in reported content elsewhere in the sentence ("denied on Friday that he was planning to resign").
    const clause = clauseAround(text, start, end);
    const lead = clause.slice(0, Math.max(0, clause.indexOf(said))).split(/\s+/).slice(-7).join(' ');
    const future = FUTURE.test(lead) || FUTURE.test(said);
    const relative = /\b(?:ago|last|next|this|yesterday|today|tomorrow|tonight|previous|past|coming)\b/i.test(said);
    // "in the months since", "within days": durations, not dates.
    if (/^(?:in|within|for|over) (?:the )?(?:coming |past |next )?(?:days|weeks|months|years)$/i.test(said)) continue;
    // "for several years", "a week before the blast": durations and dates relative to other events.
    if (/\b(?:days?|weeks?|months?|years?|decades?)\b/i.test(said) && !/\b(?:ago|last|next|this|previous|past|coming)\b/i.test(said)) continue;
    if (/\b(?:before|after|earlier|later|prior)\b/i.test(said) && /\b(?:days?|weeks?|months?|years?)\b/i.test(said)) continue;
    // "over the last few days", "the past two weeks": a stretch of time, not a date ("six months ago" is one).
    if (/\b(?:days|weeks|months|years|decades)\b/i.test(said) && !/\bago\b/i.test(said)) continue;
    // "may" and "march" in lower case are verbs; "now" is no date of an event.
    if (/^(?:may|march)$/.test(said) || /^(?:now|right now|just now)$/i.test(said)) continue;
    if (!known('year') && !known('month') && !known('day') && !known('weekday') && !/\bweek\b/i.test(said)) continue; // a time of day alone
    const base = { start, end, text: said };
    const note = (how: string): string => `The article says "${said.trim()}"; ${how} against the publication date ${full ? describe(full) : ''}.`;

    if (known('year') && !relative) {
      const year = r.start.get('year')!;
      if (known('month')) {
        const month = r.start.get('month')!;
        if (known('day')) dates.push({ ...base, date: { year, month, day: r.start.get('day')!, precision: 'day' }, basis: 'stated' });
        else dates.push({ ...base, date: { year, month, precision: 'month' }, basis: 'stated' });
      } else dates.push({ ...base, date: { year, precision: 'year' }, basis: 'stated' });
      continue;
    }
    if (!full) {
      unresolved.push({ ...base, note: `The article says "${said.trim()}" without a year, and its publication date is unknown.` });
      continue;
    }
    const ref: Ref = { year: full.year, month: full.month!, day: full.day! };
    if (/\bweeks?\b/i.test(said)) {
      const week = weekRange(said, r.start.date(), ref);
      if (week && week[0].year === week[1].year && week[0].month === week[1].month) {
        dates.push({ ...base, date: { year: week[0].year, month: week[0].month, precision: 'month' }, basis: 'inferred', note: note('a week lies within one month, resolved') });
      }
      continue;
    }
    if (relative) {
      // "last month", "six months ago", "last year", "yesterday": chrono's known components carry the precision,
      // but never finer than the unit named ("the end of last month" is that month, not its last day).
      const unit = /\bmonths?\b/i.test(said) ? 'month' : /\byears?\b/i.test(said) ? 'year' : undefined;
      if (unit === 'month' && known('month')) {
        dates.push({ ...base, date: { year: r.start.get('year')!, month: r.start.get('month')!, precision: 'month' }, basis: 'inferred', note: note('resolved') });
      } else if (unit === 'year' && known('year')) {
        dates.push({ ...base, date: { year: r.start.get('year')!, precision: 'year' }, basis: 'inferred', note: note('resolved') });
      } else if (known('day') && known('month')) {
        dates.push({ ...base, date: { year: r.start.get('year')!, month: r.start.get('month')!, day: r.start.get('day')!, precision: 'day' }, basis: 'inferred', note: note('resolved') });
      } else if (known('month')) {
        dates.push({ ...base, date: { year: r.start.get('year')!, month: r.start.get('month')!, precision: 'month' }, basis: 'inferred', note: note('resolved') });
      } else if (known('year')) {
        dates.push({ ...base, date: { year: r.start.get('year')!, precision: 'year' }, basis: 'inferred', note: note('resolved') });
      } else if (known('weekday')) {
        const d = resolveWeekday(r.start.get('weekday')!, ref, /\bnext\b/i.test(said) || future, /\blast\b/i.test(said));
        dates.push({ ...base, date: { ...d, precision: 'day' }, basis: 'inferred', note: note('the weekday resolved') });
      }
      continue;
    }
    if (known('month')) {
      const month = r.start.get('month')!;
      if (known('day')) {
        const day = r.start.get('day')!;
        const year = resolveYear(month, day, ref, future);
        if (day <= daysInMonth(year, month)) {
          dates.push({ ...base, date: { year, month, day, precision: 'day' }, basis: 'inferred', note: note(`the year taken as the ${future ? 'next' : 'latest'} ${monthDay(month, day)} ${future ? 'after' : 'up to'} publication,`) });
        }
      } else {
        const year = resolveYear(month, undefined, ref, future);
        dates.push({ ...base, date: { year, month, precision: 'month' }, basis: 'inferred', note: note(`the year taken as that of the ${future ? 'next' : 'latest'} such month ${future ? 'after' : 'up to'} publication,`) });
      }
      continue;
    }
    if (known('weekday')) {
      const d = resolveWeekday(r.start.get('weekday')!, ref, future, false);
      dates.push({ ...base, date: { ...d, precision: 'day' }, basis: 'inferred', note: note(`the ${future ? 'next' : 'latest'} ${WEEKDAYS[r.start.get('weekday')!]} ${future ? 'after' : 'up to'} publication, resolved`) });
    }
  }
  return { dates, unresolved };
}

function monthDay(month: number, day: number): string {
  return new Date(Date.UTC(2000, month - 1, day)).toLocaleString('en-GB', { month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** The year of a month (and day) without one: the latest up to publication, or the next after it. */
function resolveYear(month: number, day: number | undefined, ref: Ref, future: boolean): number {
  const key = (y: number): number => y * 10000 + month * 100 + (day ?? (future ? 31 : 1));
  const refKey = ref.year * 10000 + ref.month * 100 + ref.day;
  if (future) return key(ref.year) >= refKey || (day === undefined && month === ref.month) ? ref.year : ref.year + 1;
  return key(ref.year) <= refKey ? ref.year : ref.year - 1;
}

function resolveWeekday(weekday: number, ref: Ref, future: boolean, previousWeek: boolean): Ref {
  const refMs = toUtc(ref);
  const refDay = new Date(refMs).getUTCDay();
  const day = 86_400_000;
  if (future) {
    const ahead = (weekday - refDay + 7) % 7 || 7;
    return fromUtc(refMs + ahead * day);
  }
  let back = (refDay - weekday + 7) % 7;
  if (previousWeek && back === 0) back = 7;
  return fromUtc(refMs - back * day);
}

/** The calendar week (Monday to Sunday) a week expression names. */
function weekRange(said: string, chronoDate: Date, ref: Ref): [Ref, Ref] | undefined {
  const day = 86_400_000;
  const refMs = toUtc(ref);
  const mondayOf = (ms: number): number => ms - ((new Date(ms).getUTCDay() + 6) % 7) * day;
  let monday: number;
  if (/\blast week\b|\bprevious week\b/i.test(said)) monday = mondayOf(refMs) - 7 * day;
  else if (/\bthis week\b/i.test(said)) monday = mondayOf(refMs);
  else if (/\bnext week\b/i.test(said)) monday = mondayOf(refMs) + 7 * day;
  else if (/\bago\b/i.test(said)) {
    // "a week ago", "two weeks ago": that day, give or take three days.
    const at = Date.UTC(chronoDate.getUTCFullYear(), chronoDate.getUTCMonth(), chronoDate.getUTCDate());
    return [fromUtc(at - 3 * day), fromUtc(at + 3 * day)];
  } else return undefined;
  return [fromUtc(monday), fromUtc(monday + 6 * day)];
}

/** The clause around a date expression, for telling past from future. */
function clauseAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const from = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':'));
  const toRel = after.search(/[,;:]/);
  return text.slice(from + 1, toRel < 0 ? text.length : end + toRel);
}

import { describe, expect, it } from 'vitest';
import { formatIso, type PartialDate } from '../../src/briefing/partial-date.ts';
import { findDates } from '../../src/ingest/dates.ts';

// Wednesday 13 January 2016.
const published: PartialDate = { year: 2016, month: 1, day: 13, precision: 'day' };
const values = (text: string, pub: PartialDate | undefined = published): string[] => findDates(text, pub).dates.map((d) => formatIso(d.date));

describe('findDates', () => {
  it('resolves weekdays to the latest one up to publication, the same day included', () => {
    expect(values('The bomber struck on Tuesday.')).toEqual(['2016-01-12']);
    expect(values('Police said on Wednesday.')).toEqual(['2016-01-13']);
    expect(values('Talks began on Sunday.')).toEqual(['2016-01-10']);
    expect(values('Pyongyang announced last Wednesday it had tested a bomb.')).toEqual(['2016-01-06']);
  });

  it('looks forward when the words before the date speak of the future', () => {
    expect(values('The envoy plans to hold talks on Jan. 25.')).toEqual(['2016-01-25']);
    expect(values('The ministers will meet on Friday.')).toEqual(['2016-01-15']);
    // A future in reported content elsewhere does not move the date.
    expect(values('He denied on Tuesday that he was planning to resign.')).toEqual(['2016-01-12']);
  });

  it('gives a month or month-day without a year the latest year up to publication', () => {
    expect(values('A ceasefire was agreed in September.')).toEqual(['2015-09']);
    expect(values('The council adopted it on Dec. 18.')).toEqual(['2015-12-18']);
    expect(values('She arrived on Jan. 6.')).toEqual(['2016-01-06']);
    expect(values('In October and November, Iran launched missiles.')).toEqual(['2015-10', '2015-11']);
  });

  it('keeps stated years at their precision and marks them stated', () => {
    const { dates } = findDates('There has been no contact since October 2022, and none since 2006; talks in March 2022 failed.', published);
    expect(dates.map((d) => [formatIso(d.date), d.date.precision, d.basis])).toEqual([
      ['2022-10', 'month', 'stated'],
      ['2006', 'year', 'stated'],
      ['2022-03', 'month', 'stated'],
    ]);
    expect(values('He was born in 1988 and the bill was introduced in early 2015.')).toEqual(['1988', '2015']);
    expect(values('Growth of 9 percent in fiscal 2011 followed an explosive 2010 scandal.')).toEqual(['2011', '2010']);
    expect(values('About 2000 people marched; the vote was 2016 to 12.')).toEqual([]);
  });

  it('resolves relative phrases at the precision they carry, with a note', () => {
    expect(values('The blockade began six months ago.')).toEqual(['2015-07']);
    expect(values('Prices rose last month.')).toEqual(['2015-12']);
    expect(values('It was hit by two bombings last year.')).toEqual(['2015']);
    expect(values('It reported earnings at the end of last month.')).toEqual(['2015-12']);
    // A week gives its month, never an invented day.
    expect(values('The test last week was the fourth.')).toEqual(['2016-01']);
    expect(values('He registered a week ago.')).toEqual(['2016-01']);
    const [d] = findDates('The test was on Monday.', published).dates;
    expect(d!.basis).toBe('inferred');
    expect(d!.note).toContain('"on Monday"');
    expect(d!.note).toContain('2016-01-13');
  });

  it('does not take times, durations, numbers or event-relative phrases for dates', () => {
    expect(values('He learned of it at 12:30 p.m. EST and called at 3:15 p.m.')).toEqual([]);
    expect(values('Forces have besieged the area for several years, in recent months and in the months since.')).toEqual([]);
    expect(values('Protests spread over the last few days and the past two weeks.')).toEqual([]);
    expect(values('The measure passed by 418-2; 3,318 people were detained a week before the blast.')).toEqual([]);
  });

  it('leaves relative dates unresolved when the publication date is unknown', () => {
    const { dates, unresolved } = findDates('Macron spoke in February, and the attack came on March 22, after talks in March 2022.', undefined);
    expect(dates.map((d) => formatIso(d.date))).toEqual(['2022-03']);
    expect(unresolved.map((u) => u.text)).toEqual(['February', 'March 22']);
    expect(unresolved[0]!.note).toMatch(/publication date is unknown/);
  });
});

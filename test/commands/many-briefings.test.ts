/**
 * Commands over many briefings: the indexed selections list what filtering every fact would, in the same
 * order, and a bounded (chat) reply shows the first items of the full answer with its full count.
 */
import { describe, expect, it } from 'vitest';
import { buildQueries } from '../../bench/queries.ts';
import { readSources, syntheticBriefing } from '../../bench/corpus.ts';
import { chronological } from '../../src/briefing/chronology.ts';
import { Library } from '../../src/briefing/library.ts';
import { buildBriefing } from '../../src/briefing/load.ts';
import type { Briefing, Claim } from '../../src/briefing/model.ts';
import { foldName } from '../../src/briefing/names.ts';
import { overlaps, parsePartialDate } from '../../src/briefing/partial-date.ts';
import { OUTLET } from '../../src/briefing/schema.ts';
import { createCore } from '../../src/core.ts';
import { BRIEFINGS_DIR } from '../helpers.ts';

const sources = readSources([BRIEFINGS_DIR]);
const briefings = Array.from({ length: 60 }, (_, i) => {
  const copy = syntheticBriefing(sources, i);
  return buildBriefing(copy.id, copy.article, copy.yaml).briefing!;
});
const library = new Library(briefings);
const full = createCore(library, { maxItems: Infinity });
const bounded = createCore(library, { maxItems: 7 });
const caller = { platform: 'console' } as const;
const queries = buildQueries(library, ['who', 'timeline', 'claims'], 12, 7);

type Json = Record<string, any>;

/** The timeline as the command computed it before indexes: every event of the scope, filtered. */
function timelineByScan(options: Json): string[] {
  const scope = library.scope(options.briefing);
  let events = chronological(scope);
  if (options.actor) {
    const ids = new Set(library.findEntities(options.actor, scope).map((m) => `${m.briefing.id}/${m.entity.id}`));
    events = events.filter(({ briefing: b, event }) => [...event.actors, ...(event.place ? [event.place] : [])].some((a) => ids.has(`${b.id}/${a}`)));
  }
  const from = options.from && parsePartialDate(options.from);
  const to = options.to && parsePartialDate(options.to);
  if (from || to) events = events.filter(({ event }) => event.date && overlaps(event.date, from, to));
  return events.map(({ briefing: b, event }) => `${b.id}/${event.id}`);
}

/** The claims as the command computed them before indexes. */
function claimsByScan(options: Json): string[] {
  const scope = library.scope(options.briefing);
  const refs = (query: string, withEvents: boolean): Set<string> => {
    const keys = new Set<string>();
    if (['outlet', 'article', 'analysis', 'author', 'the article', 'reporter', 'newspaper'].includes(foldName(query))) for (const b of scope) keys.add(`${b.id}/${OUTLET}`);
    for (const m of library.findEntities(query, scope)) keys.add(`${m.briefing.id}/${m.entity.id}`);
    const words = foldName(query).split(' ').filter((w) => w.length > 2);
    if (withEvents) for (const b of scope) for (const e of b.events) if (words.length && words.every((w) => foldName(e.title).includes(w))) keys.add(`${b.id}/${e.id}`);
    return keys;
  };
  let claims: Array<{ b: Briefing; c: Claim }> = scope.flatMap((b) => b.claims.map((c) => ({ b, c })));
  if (options.by) {
    const keys = refs(options.by, false);
    claims = claims.filter(({ b, c }) => keys.has(`${b.id}/${c.claimant}`));
  }
  if (options.about) {
    const keys = refs(options.about, true);
    claims = claims.filter(({ b, c }) => c.about.some((a) => keys.has(`${b.id}/${a}`)));
  }
  if (options.status) claims = claims.filter(({ c }) => c.status === options.status);
  return claims.map(({ b, c }) => `${b.id}/${c.id}`);
}

const idsOf = (list: Json[]): string[] => list.map((x) => `${x.briefing}/${x.id}`);

describe('timeline over many briefings', () => {
  for (const variant of queries.timeline!) {
    it(`lists what a scan lists: ${variant.name}`, async () => {
      for (const options of variant.inputs) {
        const reply = await full.run('timeline', options, caller);
        if (reply.error) {
          expect(reply.error.code).toBe('unknown_name');
          continue;
        }
        const expected = timelineByScan(options);
        expect(idsOf(reply.data.events as Json[])).toEqual(expected);
        expect(reply.data.total).toBe(expected.length);
        const cut = await bounded.run('timeline', options, caller);
        expect(idsOf(cut.data.events as Json[])).toEqual(expected.slice(0, 7));
        expect(cut.data.total).toBe(expected.length);
        if (expected.length > 7) expect(cut.footer).toMatch(new RegExp(`${expected.length - 7} more events? not shown`));
      }
    });
  }
});

describe('claims over many briefings', () => {
  const variants = [...queries.claims!, { name: 'by and about', inputs: queries.claims!.find((v) => v.name === 'by person')!.inputs.map((o, i) => ({ ...o, about: ['attack', 'troops', 'Kyiv', 'call'][i % 4] })) }];
  for (const variant of variants) {
    it(`lists what a scan lists: ${variant.name}`, async () => {
      for (const options of variant.inputs) {
        const reply = await full.run('claims', options, caller);
        if (reply.error) {
          expect(reply.error.code).toBe('unknown_name');
          continue;
        }
        const expected = claimsByScan(options);
        expect(idsOf(reply.data.claims as Json[])).toEqual(expected);
        expect(reply.data.total).toBe(expected.length);
        const cut = await bounded.run('claims', options, caller);
        expect(idsOf(cut.data.claims as Json[])).toEqual(expected.slice(0, 7));
        expect(cut.intro).toBe(reply.intro);
        expect(cut.sections.reduce((n, s) => n + s.items.length, 0)).toBe(Math.min(7, expected.length));
      }
    });
  }
});

describe("who's who and briefings over many briefings", () => {
  it('counts every name and lists the first ones', async () => {
    const all = await full.run('who', {}, caller);
    const names = briefings.reduce((n, b) => n + b.entities.length, 0);
    expect((all.data.entities as unknown[]).length).toBe(names);
    const cut = await bounded.run('who', {}, caller);
    expect(cut.data.entities).toEqual((all.data.entities as unknown[]).slice(0, 7));
    expect(cut.data.total).toBe(names);
    expect(cut.intro).toBe(all.intro);
    expect(cut.footer).toMatch(new RegExp(`${names - 7} more names not shown`));
  });

  it('summarises whole briefings within the budget, and lists the first briefings', async () => {
    const brief = await bounded.run('brief', {}, caller);
    expect(brief.sections.length).toBeGreaterThanOrEqual(1);
    expect(brief.sections.length).toBeLessThan(briefings.length);
    expect(brief.footer).toMatch(/more briefings not shown/);
    const list = await bounded.run('briefings', {}, caller);
    expect((list.data.briefings as unknown[]).length).toBe(7);
    expect(list.data.total).toBe(briefings.length);
  });

  it('answers a name that many briefings share with the first matches, saying how many more there are', async () => {
    const shared = briefings.flatMap((b) => b.entities).find((e) => briefings.filter((b) => b.entities.some((x) => x.name === e.name)).length > 5)!;
    const reply = await full.run('who', { name: shared.name }, caller);
    expect((reply.data.matches as Json[]).every((m) => m.name === shared.name)).toBe(true);
    expect(reply.footer).toMatch(/more match .* be more specific or narrow with briefing:ID/);
  });
});

describe('names over many briefings', () => {
  it('shows the best matches of a name and counts them all, as ranking every match would', () => {
    for (const variant of queries.who!) {
      for (const options of variant.inputs) {
        if (typeof options.name !== 'string') continue;
        const scope = library.scope(options.briefing as string | undefined);
        const all = library.findEntities(options.name, scope);
        for (const limit of [1, 3, 5]) {
          const top = library.findEntitiesTop(options.name, limit, scope);
          expect(top.total).toBe(all.length);
          expect(top.matches.map((m) => [m.briefing.id, m.entity.id, m.score])).toEqual(all.slice(0, limit).map((m) => [m.briefing.id, m.entity.id, m.score]));
        }
        const numbers = [...library.matchedEntities(options.name, scope).entities];
        expect(numbers).toEqual(all.map((m) => library.entityNumberOf(m.briefing, m.entity.id)).sort((a, b) => a - b));
      }
    }
  });
});

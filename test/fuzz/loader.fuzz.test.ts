/**
 * Fuzz: the briefing loader. Random YAML text, and briefing documents of the right shape filled with random
 * values and quotes (some taken from the article, some not): buildBriefing never throws; it returns a
 * briefing or errors naming the file and a reason. A briefing it accepts anchors every quote in the article
 * and survives the compact form (what the startup cache stores) unchanged.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { decodeBriefing, encodeBriefing } from '../../src/briefing/compact.ts';
import { foldForMatching } from '../../src/briefing/evidence.ts';
import { buildBriefing } from '../../src/briefing/load.ts';
import { runs, text, TIMEOUT } from './fuzz.ts';

const ARTICLE = [
  'title: A test article',
  'source: Wire',
  'published: 2024-04-03',
  '',
  'Alice Smith said the bridge was closed on Monday. Bob Jones denied it, calling the report “false”.',
  '',
  'The bridge reopened in May 2024. Officials in Riverton declined to comment.',
  '',
].join('\n');
const body = ARTICLE.split('\n\n').slice(1).join('\n\n');

/** A quote as an author might write it: a stretch of the article (maybe with straight quotes), or anything. */
const quote = fc.oneof(
  fc.tuple(fc.nat(body.length), fc.integer({ min: 1, max: 60 })).map(([at, len]) => body.slice(at, at + len)),
  fc.tuple(fc.nat(body.length), fc.integer({ min: 3, max: 40 })).map(([at, len]) => body.slice(at, at + len).replace(/[“”]/g, '"')),
  text(30),
);
const id = fc.oneof(fc.constantFrom('alice', 'bob', 'bridge', 'reopened', 'closed', 'denial', 'outlet'), text(12));
const date = fc.oneof(fc.constantFrom('2024', '2024-05', '2024-02-30', '2024-13', 'May 2024', 2024), text(10));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const entity = fc.record({ id, name: text(30), kind: fc.oneof(fc.constantFrom('person', 'organisation', 'country', 'place', 'group'), text(8)), aliases: maybe(fc.array(text(20), { maxLength: 3 })), role: maybe(text(30)), affiliation: maybe(id), evidence: fc.array(quote, { maxLength: 3 }) }, { requiredKeys: ['id', 'name', 'kind', 'evidence'] });
const event = fc.record({ id, title: text(40), date: maybe(date), date_basis: maybe(fc.constantFrom('stated', 'inferred', 'guessed')), date_note: maybe(text(30)), after: maybe(fc.array(id, { maxLength: 2 })), before: maybe(fc.array(id, { maxLength: 2 })), actors: maybe(fc.array(id, { maxLength: 3 })), place: maybe(id), evidence: fc.array(quote, { maxLength: 2 }) }, { requiredKeys: ['id', 'title', 'evidence'] });
const reference = fc.record({ claim: maybe(id), event: maybe(id), note: maybe(text(30)), evidence: maybe(fc.array(quote, { maxLength: 2 })) });
const claim = fc.record({ id, claimant: id, via: maybe(text(20)), kind: fc.oneof(fc.constantFrom('warning', 'assertion', 'denial', 'analysis'), text(8)), text: text(40), quote: maybe(quote), about: maybe(fc.array(id, { maxLength: 3 })), status: fc.oneof(fc.constantFrom('unverified', 'disputed', 'denied', 'corroborated'), text(8)), disputed_by: maybe(fc.array(reference, { maxLength: 2 })), supported_by: maybe(fc.array(reference, { maxLength: 2 })), evidence: fc.array(quote, { maxLength: 2 }) }, { requiredKeys: ['id', 'claimant', 'kind', 'text', 'status', 'evidence'] });
const doc = fc.record({
  tags: maybe(fc.array(id, { maxLength: 3 })),
  source: maybe(fc.record({ url: maybe(fc.oneof(fc.webUrl(), text(20))), retrieved: maybe(date) })),
  summary: fc.array(fc.record({ text: text(40), evidence: fc.array(quote, { maxLength: 2 }) }), { maxLength: 2 }),
  entities: maybe(fc.array(entity, { maxLength: 4 })),
  events: maybe(fc.array(event, { maxLength: 3 })),
  claims: maybe(fc.array(claim, { maxLength: 3 })),
});

/** A document that is valid by construction, apart from what `mutate` breaks: the accepted path gets fuzzed too. */
const slice = fc
  .tuple(fc.nat(body.length - 4), fc.integer({ min: 3, max: 60 }), fc.boolean())
  .map(([at, len, straight]) => {
    const q = body.slice(at, at + len);
    return straight ? q.replace(/[“”]/g, '"') : q;
  })
  .filter((q) => q.trim().length >= 3);
const validDoc = fc
  .record({
    people: fc.uniqueArray(fc.constantFrom('alice', 'bob', 'riverton', 'officials'), { minLength: 1, maxLength: 4 }),
    events: fc.nat(3),
    claims: fc.nat(3),
    picks: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
    quotes: fc.array(slice, { minLength: 20, maxLength: 20 }),
    texts: fc.array(text(40).filter((t) => t.trim().length > 0), { minLength: 20, maxLength: 20 }),
    dates: fc.array(fc.constantFrom('2024', '2024-05', '2024-05-06', null), { minLength: 5, maxLength: 5 }),
    statuses: fc.array(fc.constantFrom('unverified', 'disputed', 'corroborated'), { minLength: 5, maxLength: 5 }),
  })
  .map(({ people, events, claims, picks, quotes, texts, dates, statuses }) => {
    const pick = <T>(list: T[], i: number): T => list[picks[i % picks.length]! % list.length]!;
    const eventIds = Array.from({ length: events }, (_, i) => `event-${i}`);
    const claimIds = Array.from({ length: claims }, (_, i) => `claim-${i}`);
    return {
      summary: [{ text: texts[0], evidence: [quotes[0]] }],
      entities: people.map((p, i) => ({ id: p, name: texts[i + 1], kind: pick(['person', 'organisation', 'place'], i), aliases: [texts[i + 5]], evidence: [quotes[i + 1]] })),
      events: eventIds.map((e, i) => ({ id: e, title: texts[i + 9], date: dates[i], ...(dates[i] ? { date_basis: 'stated' } : { after: i > 0 ? [eventIds[i - 1]] : [] }), actors: [pick(people, i)], evidence: [quotes[i + 6]] })),
      claims: claimIds.map((c, i) => ({
        id: c,
        claimant: pick([...people, 'outlet'], i + 3),
        kind: 'assertion',
        text: texts[i + 13],
        about: [pick(people, i + 7)],
        status: statuses[i],
        ...(statuses[i] === 'disputed' ? { disputed_by: [{ note: texts[i + 16], evidence: [quotes[i + 12]] }] } : {}),
        evidence: [quotes[i + 15]],
      })),
    };
  });

/** The YAML an author or a tool would write for a document (js-yaml quotes whatever needs quoting). */
const yamlOf = (d: unknown): string => dump(JSON.parse(JSON.stringify(d)), { noRefs: true, lineWidth: -1 });

function check(yaml: string, article = ARTICLE): void {
  const { briefing, errors } = buildBriefing('fuzzed', article, yaml);
  if (!briefing) {
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(typeof e.file).toBe('string');
      expect(e.reason.length).toBeGreaterThan(0);
    }
    return;
  }
  expect(errors).toEqual([]);
  const folded = foldForMatching(briefing.article.body).text;
  const facts = [...briefing.summary, ...briefing.entities, ...briefing.events, ...briefing.claims];
  for (const e of facts.flatMap((f) => f.evidence)) {
    expect(folded).toContain(foldForMatching(e.quote).text);
    expect(e.start).toBeGreaterThanOrEqual(0);
    expect(e.end).toBeLessThanOrEqual(briefing.article.body.length);
  }
  // The compact form gives back the same briefing.
  expect(JSON.stringify(decodeBriefing(JSON.parse(JSON.stringify(encodeBriefing(briefing)))))).toBe(JSON.stringify(briefing));
}

describe('fuzz: briefing loader', () => {
  it(
    'reads any YAML text into a briefing or errors, never a throw',
    () => {
      fc.assert(
        fc.property(fc.oneof(text(400), fc.string({ unit: fc.constantFrom('-', ':', ' ', '\n', '[', ']', '{', '}', '"', "'", '&', '*', '!', '|', '>', '#', 'a', '1', 'summary', 'entities', 'evidence'), maxLength: 300 })), (yaml) => check(yaml)),
        runs(),
      );
    },
    TIMEOUT,
  );

  it(
    'validates any briefing of the right shape, anchoring every quote it accepts',
    () => {
      fc.assert(
        fc.property(doc, (d) => check(yamlOf(d))),
        runs(),
      );
    },
    TIMEOUT,
  );

  it(
    'accepts a valid briefing, quotes anchored and its compact form the same briefing',
    () => {
      fc.assert(
        fc.property(validDoc, (d) => {
          const { briefing, errors } = buildBriefing('fuzzed', ARTICLE, yamlOf(d));
          expect(errors).toEqual([]);
          expect(briefing).toBeDefined();
          check(yamlOf(d));
        }),
        runs(),
      );
    },
    TIMEOUT,
  );

  it(
    'copes with any article text under a valid briefing',
    () => {
      const valid = yamlOf({ summary: [{ text: 'A bridge closed.', evidence: ['the bridge was closed'] }] });
      fc.assert(
        fc.property(text(500), fc.boolean(), (article, withHeader) => check(valid, withHeader ? `title: x\n\n${article}` : article)),
        runs(),
      );
    },
    TIMEOUT,
  );
});


/**
 * Fuzz: name lookups over many briefings (the indexes of src/briefing/name-index.ts). Any query, scoped or
 * not: no throw, matches ranked best first and within the top tier, suggestions and completions within
 * their limits, folding idempotent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSources, syntheticBriefing } from '../../bench/corpus.ts';
import { Library } from '../../src/briefing/library.ts';
import { buildBriefing } from '../../src/briefing/load.ts';
import { foldName } from '../../src/briefing/names.ts';
import { BRIEFINGS_DIR, FIXTURES_DIR } from '../helpers.ts';
import { runs, text, TIMEOUT } from './fuzz.ts';

const sources = readSources([BRIEFINGS_DIR, `${FIXTURES_DIR}/briefings`]);
const library = new Library(
  Array.from({ length: 30 }, (_, i) => {
    const copy = syntheticBriefing(sources, i);
    return buildBriefing(copy.id, copy.article, copy.yaml).briefing!;
  }),
);
const known = [...new Set(library.briefings.flatMap((b) => b.entities.flatMap((e) => [e.name, ...e.aliases])))];
const query = fc.oneof(text(60), fc.constantFrom(...known), fc.tuple(fc.constantFrom(...known), text(6)).map(([k, t]) => k.slice(0, Math.max(1, k.length - 2)) + t));

describe('fuzz: name lookups', () => {
  it(
    'finds, suggests and completes any text within limits, best first',
    () => {
      fc.assert(
        fc.property(query, fc.option(fc.nat(29), { nil: undefined }), (q, at) => {
          const scope = at === undefined ? library.briefings : [library.briefings[at]!];
          expect(foldName(foldName(q))).toBe(foldName(q));
          const matches = library.findEntities(q, scope);
          for (let i = 1; i < matches.length; i++) expect(matches[i - 1]!.score).toBeGreaterThanOrEqual(matches[i]!.score);
          if (matches.length) expect(matches.at(-1)!.score).toBeGreaterThanOrEqual(matches[0]!.score - 0.3);
          for (const m of matches) expect(scope).toContain(m.briefing);
          expect(library.suggestNames(q, 3, scope).length).toBeLessThanOrEqual(3);
          expect(library.completeNames(q, 25).length).toBeLessThanOrEqual(25);
        }),
        runs(),
      );
    },
    TIMEOUT,
  );
});

/**
 * The indexed name lookups answer exactly what scoring every name would: the index only skips entries that
 * score 0. Checked against a plain scan over a corpus of synthetic briefings (many similar names, typos,
 * prefixes, unknown words).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSources, syntheticBriefing } from '../../bench/corpus.ts';
import { Library, type EntityMatch } from '../../src/briefing/library.ts';
import { buildBriefing } from '../../src/briefing/load.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { editDistance, foldName, nameScore, roleScore } from '../../src/briefing/names.ts';
import { BitDistance, WordIndex } from '../../src/briefing/word-index.ts';
import { BRIEFINGS_DIR } from '../helpers.ts';

function corpus(count: number): Briefing[] {
  const sources = readSources([BRIEFINGS_DIR]);
  return Array.from({ length: count }, (_, i) => {
    const copy = syntheticBriefing(sources, i);
    const { briefing, errors } = buildBriefing(copy.id, copy.article, copy.yaml);
    expect(errors).toEqual([]);
    return briefing!;
  });
}

const library = new Library(corpus(40));

/** findEntities as it was before the index: every name, alias and role scored. */
function scan(query: string, briefings: Briefing[] = library.briefings): Array<[string, string, number]> {
  const folded = foldName(query);
  if (!folded) return [];
  const entries = briefings.flatMap((b) =>
    b.entities.flatMap((entity) => [
      ...[entity.name, ...entity.aliases].map((n) => ({ folded: foldName(n), isRole: false, briefing: b, entity })),
      ...(entity.role ? [{ folded: foldName(entity.role), isRole: true, briefing: b, entity }] : []),
    ]),
  ).filter((e) => e.folded);
  const exact = entries.filter((e) => e.folded === folded);
  const best = new Map<object, EntityMatch>();
  for (const e of exact.length ? exact : entries) {
    const score = exact.length ? 1 : e.isRole ? roleScore(folded, e.folded) : nameScore(folded, e.folded);
    if (score < 0.5) continue;
    const prev = best.get(e.entity);
    if (!prev || prev.score < score) best.set(e.entity, { briefing: e.briefing, entity: e.entity, score });
  }
  const matches = [...best.values()].sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name));
  const top = matches[0]?.score ?? 0;
  return matches.filter((m) => m.score >= top - 0.3).map((m) => [m.briefing.id, m.entity.id, m.score]);
}

const found = (query: string, briefings?: Briefing[]): Array<[string, string, number]> =>
  library.findEntities(query, briefings).map((m) => [m.briefing.id, m.entity.id, m.score]);

const names = [...new Set(library.briefings.flatMap((b) => b.entities.flatMap((e) => [e.name, ...e.aliases, ...(e.role ? [e.role] : [])])))];

/** A name as a user might type it: whole, one word, a prefix, with typos, or mixed with noise. */
const typed = fc.oneof(
  fc.constantFrom(...names),
  fc.tuple(fc.constantFrom(...names), fc.nat()).map(([n, i]) => n.split(' ')[i % n.split(' ').length]!),
  fc.tuple(fc.constantFrom(...names), fc.integer({ min: 1, max: 12 })).map(([n, k]) => n.slice(0, k)),
  fc.tuple(fc.constantFrom(...names), fc.array(fc.tuple(fc.nat(), fc.constantFrom('a', 'e', 'o', 'x', '', 'kk')), { maxLength: 3 })).map(([n, edits]) =>
    edits.reduce((s, [at, ch]) => s.slice(0, at % (s.length + 1)) + ch + s.slice((at % (s.length + 1)) + 1), n),
  ),
  fc.string({ maxLength: 12 }),
);

describe('indexed name lookup', () => {
  it('finds exactly what scanning every name finds', () => {
    fc.assert(
      fc.property(typed, (q) => {
        expect(found(q)).toEqual(scan(q));
      }),
      { numRuns: 400 },
    );
  });

  it('does so within one briefing too', () => {
    fc.assert(
      fc.property(typed, fc.nat(library.briefings.length - 1), (q, i) => {
        const scope = [library.briefings[i]!];
        expect(found(q, scope)).toEqual(scan(q, scope));
      }),
      { numRuns: 200 },
    );
  });

  it('suggests only names within the distance rule, closest first', () => {
    fc.assert(
      fc.property(typed, (q) => {
        const folded = foldName(q);
        const threshold = Math.max(1.5, folded.length / 3);
        const suggestions = library.suggestNames(q, 5);
        for (const name of suggestions) {
          const bearers = library.briefings.flatMap((b) => b.entities).filter((e) => e.name === name);
          const distances = bearers
            .flatMap((e) => [e.name, ...e.aliases].map(foldName))
            .flatMap((f) => [editDistance(folded, f, 8), ...f.split(' ').map((w) => editDistance(folded, w, 8) + 0.5)]);
          expect(Math.min(...distances)).toBeLessThanOrEqual(threshold);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('completes by prefix before substring, alphabetically, within the limit', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }), (name, start, length) => {
        const fragment = foldName(name).slice(start, start + length);
        const got = library.completeNames(fragment, 25);
        const all = library.briefings.flatMap((b) => b.entities.map((e) => ({ e, folded: [e.name, ...e.aliases, ...(e.role ? [e.role] : [])].map(foldName) })));
        const starts = [...new Set(all.filter((x) => x.folded.some((f) => f.startsWith(foldName(fragment)))).map((x) => x.e.name))].sort();
        const contains = [...new Set(all.filter((x) => !starts.includes(x.e.name) && x.folded.some((f) => f.includes(foldName(fragment)))).map((x) => x.e.name))].sort();
        expect(got).toEqual([...starts, ...contains].slice(0, 25));
      }),
      { numRuns: 200 },
    );
  });
});

describe('word index', () => {
  const words = [...new Set(names.flatMap((n) => foldName(n).split(' ')))];
  const index = WordIndex.build(words);
  const similar = (w: string, k: number): string[] => index.similar(w, k).map((id: number) => index.word(id));
  const containing = (f: string): string[] => index.containing(f).map((id: number) => index.word(id));

  it('finds every word within the distance, and only those', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 10 })), fc.integer({ min: 0, max: 3 }), (w, k) => {
        const expected = words.filter((x) => editDistance(w, x, k) <= k).sort();
        expect(similar(w, k).sort()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('counts repeated trigrams, so words made of repeated syllables are found within the distance too', () => {
    const syllable = fc.constantFrom('xe', 'wh', 'yx', 'an', 'ov', 'a');
    const word = fc.array(syllable, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 60 }), word, fc.integer({ min: 0, max: 3 }), (vocabulary, w, k) => {
        const repeated = WordIndex.build(vocabulary);
        const got = repeated.similar(w, k).map((id: number) => repeated.word(id));
        expect(got.sort()).toEqual(vocabulary.filter((x) => editDistance(w, x, k) <= k).sort());
      }),
      { numRuns: 300 },
    );
  });

  it('finds every word containing a fragment', () => {
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.nat(), fc.integer({ min: 3, max: 6 }), (w, at, len) => {
        const fragment = w.slice(at % w.length, (at % w.length) + len);
        fc.pre(fragment.length >= 3);
        expect(containing(fragment).sort()).toEqual(words.filter((x) => x.includes(fragment)).sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('bit-parallel distance', () => {
  it('is the Levenshtein distance', () => {
    const unit = fc.constantFrom('a', 'b', 'c', 'x', 'é', 'Ж', '😀', '-', ' ');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 32 }), fc.string({ unit, maxLength: 40 }), (a, b) => {
        fc.pre(BitDistance.fits(a));
        expect(new BitDistance(a).distance(b)).toBe(editDistance(a, b));
      }),
      { numRuns: 1000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName } from '../../src/briefing/names.ts';
import { seedLibrary } from '../helpers.ts';

describe('name resolution', () => {
  const library = seedLibrary();
  const first = (q: string) => library.findEntities(q)[0]?.entity.name;

  it('ignores case, accents and British/American spelling', () => {
    expect(first('sebastien lecornu')).toBe('Sébastien Lecornu');
    expect(first('LECORNU')).toBe('Sébastien Lecornu');
    expect(first('Shoigu')).toBe('Sergei Shoigu');
    expect(first('French defence minister')).toBe('Sébastien Lecornu');
    expect(first('French Defense Minister')).toBe('Sébastien Lecornu');
    expect(first('Russian Defence Minister')).toBe('Sergei Shoigu');
    expect(first('the Kyiv regime')).toBe('Ukrainian government');
    expect(first('U.S.')).toBe('United States');
  });

  it('tolerates a typo in a name or alias', () => {
    expect(first('Shoygu')).toBe('Sergei Shoigu');
    expect(first('Lecornoo')).toBe('Sébastien Lecornu');
    expect(first('Frnech counterpart')).toBe('Sébastien Lecornu');
  });

  it('matches a role only by whole words, not by a word the role merely mentions', () => {
    // Lecornu's role reads "French Defence Minister (Shoigu's French counterpart)".
    expect(library.findEntities('Shoigu').map((m) => m.entity.name)).toEqual(['Sergei Shoigu']);
    expect(library.findEntities('Shoigo').map((m) => m.entity.name)).toEqual(['Sergei Shoigu']);
  });

  it('suggests close names for an unknown one, and nothing for gibberish', () => {
    expect(library.findEntities('Putin')).toEqual([]);
    expect(library.suggestNames('Makronn')).toContain('Emmanuel Macron');
    expect(library.suggestNames('qqqqqqqqqq')).toEqual([]);
  });

  it('completes names for autocomplete, at most the limit', () => {
    expect(library.completeNames('Lec')).toEqual(['Sébastien Lecornu']);
    expect(library.completeNames('', 5)).toHaveLength(5);
  });

  it('finds every entity by its own name, folded any way', () => {
    for (const e of library.briefings[0]!.entities) {
      expect(library.findEntities(e.name.toUpperCase()).map((m) => m.entity)).toContain(e);
      expect(library.findEntities(e.name.normalize('NFD').replace(/\p{M}/gu, '')).map((m) => m.entity)).toContain(e);
    }
  });

  it('folds names that are also members of Object.prototype as the words they are (regression)', () => {
    // Found by fuzzing: "constructor" used to fold to "function Object() { [native code] }" through a
    // spelling table that was a plain object, and `who constructor` suggested unrelated names.
    for (const word of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      expect(foldName(word)).toBe(word.toLowerCase().replace(/_/g, ' ').trim());
      expect(foldName(`The ${word} of Kyiv`)).toBe(`${word.toLowerCase().replace(/_/g, ' ').trim()} of kyiv`);
    }
    expect(library.suggestNames('constructor')).toEqual([]);
  });

  it('never throws and folding is idempotent, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), (a, b) => {
        const q = a + b;
        expect(foldName(foldName(q))).toBe(foldName(q));
        const matches = library.findEntities(q);
        expect(Array.isArray(matches)).toBe(true);
        expect(library.suggestNames(q).length).toBeLessThanOrEqual(3);
        expect(library.completeNames(q).length).toBeLessThanOrEqual(25);
      }),
      { numRuns: 300 },
    );
  });
});

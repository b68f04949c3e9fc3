import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName } from '../../../src/briefing/names.ts';
import { ChoiceIndex } from '../../../src/platforms/discord/choice-index.ts';

const entry = (value: string, ...texts: string[]) => ({ value, folded: [value, ...texts].map(foldName) });

describe('ChoiceIndex', () => {
  const index = new ChoiceIndex([
    entry('Alexander Shoigu'),
    entry('Lisa Sholto', 'the minister'),
    entry('Sergei Shoigu', 'Shoigu'),
    entry('Teshome'),
  ]);

  it('ranks a text starting with the query, then a later word starting with it, then a text containing it', () => {
    expect(index.search('sho', 25)).toEqual(['Sergei Shoigu', 'Alexander Shoigu', 'Lisa Sholto', 'Teshome']);
  });

  it('finds an entry by any of its texts, folded (accents, case)', () => {
    expect(index.search('MINIST', 25)).toEqual(['Lisa Sholto']);
    expect(new ChoiceIndex([entry('Sébastien Lecornu')]).search('sebastien', 5)).toEqual(['Sébastien Lecornu']);
  });

  it('never matches across two texts, and keeps each tier in entry order up to the limit', () => {
    expect(index.search('shoigu lisa', 25)).toEqual([]);
    expect(index.search('', 2)).toEqual(['Alexander Shoigu', 'Lisa Sholto']);
    expect(index.search('sho', 1)).toEqual(['Sergei Shoigu']);
  });

  it('agrees with testing every text directly', () => {
    const word = fc.stringMatching(/^[a-c]{1,4}$/);
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), word, (names, typed) => {
        const entries = names.map((words, i) => ({ value: i, folded: [words.join(' ')] }));
        const rank = (text: string): number | undefined =>
          text.startsWith(typed) ? 0 : text.includes(` ${typed}`) ? 1 : text.includes(typed) ? 2 : undefined;
        const expected = entries
          .map((e) => ({ value: e.value, rank: rank(e.folded[0]!) }))
          .filter((e) => e.rank !== undefined)
          .sort((a, b) => a.rank! - b.rank! || a.value - b.value)
          .map((e) => e.value);
        expect(new ChoiceIndex(entries).search(typed, 100)).toEqual(expected);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { datelineLength, splitSentences } from '../../src/text/sentences.ts';

const texts = (body: string): string[] => splitSentences(body).map((s) => s.text);

describe('splitSentences', () => {
  it('keeps titles, initials and dates with their abbreviations inside the sentence', () => {
    expect(texts('Gen. Smith met Mr. Kerry on Jan. 6 in Washington, D.C. to talk. John F. Kennedy was not there.')).toEqual([
      'Gen. Smith met Mr. Kerry on Jan. 6 in Washington, D.C. to talk.',
      'John F. Kennedy was not there.',
    ]);
  });

  it('keeps U.S. and U.N. inside a sentence but ends one when a new sentence clearly starts', () => {
    expect(texts('The U.S. House voted. U.N. officials said aid arrived in the U.S. The talks resume.')).toEqual([
      'The U.S. House voted.',
      'U.N. officials said aid arrived in the U.S.',
      'The talks resume.',
    ]);
  });

  it('treats times and numbered references correctly', () => {
    expect(texts('Kerry spoke at 1 p.m. and 3:15 p.m. Washington time. He said no. Then he left.')).toEqual([
      'Kerry spoke at 1 p.m. and 3:15 p.m. Washington time.',
      'He said no.',
      'Then he left.',
    ]);
    expect(texts('Resolution No. 2254 passed. It was late.')).toEqual(['Resolution No. 2254 passed.', 'It was late.']);
  });

  it('does not split before a lower-case attribution after a quote', () => {
    expect(texts('"Is it over?" he asked. "Yes," she said.')).toEqual(['"Is it over?" he asked.', '"Yes," she said.']);
    expect(texts('“We will not stop.” The minister left.')).toEqual(['“We will not stop.”', 'The minister left.']);
  });

  it('splits a dateline off the first sentence', () => {
    expect(texts('MADAYA, Syria An aid convoy entered a town on Monday.')).toEqual(['MADAYA, Syria', 'An aid convoy entered a town on Monday.']);
    expect(texts('SEOUL/WASHINGTON The U.S. House voted.')).toEqual(['SEOUL/WASHINGTON', 'The U.S. House voted.']);
    expect(texts('BAKU/YEREVAN Azerbaijan said on Sunday.')).toEqual(['BAKU/YEREVAN', 'Azerbaijan said on Sunday.']);
    expect(texts('AMMAN Jordan said.')).toEqual(['AMMAN', 'Jordan said.']);
    expect(texts('LONDON (Reuters) - Britain said on Monday it would act.')).toEqual(['LONDON (Reuters) -', 'Britain said on Monday it would act.']);
    expect(texts('ISTANBUL A suicide bomber killed 10 people.')).toEqual(['ISTANBUL', 'A suicide bomber killed 10 people.']);
    expect(texts('PORTLAND, Ore. (AP) — The City Council voted.')).toEqual(['PORTLAND, Ore. (AP) —', 'The City Council voted.']);
    expect(texts('LEWISTON, Maine -- At least 10 people were killed.')).toEqual(['LEWISTON, Maine --', 'At least 10 people were killed.']);
  });

  it('does not take a subject for a dateline', () => {
    expect(datelineLength('NATO Secretary General Jens Stoltenberg said.')).toBe(0);
    expect(datelineLength('U.S. officials said.')).toBe(0);
    expect(datelineLength('The army said.')).toBe(0);
    expect(texts('First paragraph.\n\nROME The second one.')).toEqual(['First paragraph.', 'ROME The second one.']);
  });

  it('keeps subheads as their own paragraph and numbers paragraphs', () => {
    const s = splitSentences('One. Two.\n\nSIEGE WARFARE\n\nThree.');
    expect(s.map((x) => [x.paragraph, x.text])).toEqual([
      [1, 'One.'],
      [1, 'Two.'],
      [2, 'SIEGE WARFARE'],
      [3, 'Three.'],
    ]);
  });

  it('gives offsets that slice back to the sentence', () => {
    const body = 'WASHINGTON  Kerry said "hello."  Then he left.\n\nMore here.';
    for (const s of splitSentences(body)) expect(body.slice(s.start, s.end)).toBe(s.text);
  });
});

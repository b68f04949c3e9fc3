import { describe, expect, it } from 'vitest';
import { ask, DONT_SAY, REFUSAL_THRESHOLD } from '../../src/ask/answer.ts';
import { askIndex } from '../../src/ask/index.ts';
import { Library } from '../../src/briefing/library.ts';
import { seedLibrary, SEED_ID } from '../helpers.ts';

const library = seedLibrary();
const sentences = (q: string): number[] => ask(library, q).citations.map((c) => c.sentence);

describe('ask on the seed briefing', () => {
  it('dates the concert hall attack at its precision and marks the year as inferred', () => {
    const a = ask(library, 'When was the concert hall attack?');
    expect(a.answer).toBe('22 March 2024 (inferred)');
    expect(a.citations[0]).toMatchObject({ briefing: SEED_ID, sentence: 9, paragraph: 3 });
    expect(a.support?.notes.join(' ')).toMatch(/not stated in the article/);
  });

  it('keeps a month a month', () => {
    expect(ask(library, 'When did the negotiations in Istanbul take place?').answer).toBe('March 2022');
    expect(ask(library, 'When was the last contact between the Russian and French defence ministers?').answer).toBe('October 2022');
  });

  it('answers an undated event by its place in the timeline, not with an invented date', () => {
    const a = ask(library, 'When did the phone call happen?');
    expect(a.answer).toMatch(/^Not dated in the article; it came after/);
    expect(a.answer).toMatch(/22 March 2024 \(inferred\)/);
  });

  it('finds a denial through the claims, with whose account reports it', () => {
    const a = ask(library, 'What did Lecornu deny?');
    expect(a.answer).toMatch(/denied any Ukrainian involvement/);
    expect(a.answer).toMatch(/according to the Russian Defense Ministry/);
    expect(a.support?.label).toBe('denial · unverified');
    expect(sentences('What did Lecornu deny?')).toEqual([13]);
  });

  it('says who offered condolences to whom', () => {
    const a = ask(library, 'Who offered condolences to whom?');
    expect(a.answer).toMatch(/Lecornu offers condolences to Shoigu/);
    expect(a.citations.map((c) => c.sentence)).toContain(9);
  });

  it('answers a person from a claim: the claimant when the verb is the claim kind, else whom it is about', () => {
    expect(ask(library, 'Who warned Lecornu against deploying troops to Ukraine?').answer).toMatch(/^Sergei Shoigu/);
    expect(ask(library, 'Who did Shoigu warn?').answer).toMatch(/^Sébastien Lecornu/);
  });

  it('reads a description in the question as the entity it describes ("the French minister" is Lecornu)', () => {
    const a = ask(library, 'What did the French minister offer Shoigu?');
    expect(a.answer).toMatch(/condolences/);
    expect(ask(library, 'Who is the Russian defense minister?').answer).toMatch(/^Sergei Shoigu/);
  });

  it('gives a number with what it counts', () => {
    expect(ask(library, 'How many people died in the concert hall attack?').answer).toBe('145 lives');
  });

  it('answers "what" with the claim or sentence that holds it', () => {
    expect(ask(library, 'What did Russian officials try to link to the attack?').answer).toMatch(/link Ukraine and the West/);
    expect(ask(library, 'What did the call indicate about relations between the two countries?').answer).toMatch(/tensions/);
  });

  it('refuses what the briefing does not say, with the nearest facts', () => {
    for (const q of ['What is the capital of France?', 'Who is the president of Russia?', 'How old is Sergei Shoigu?', 'How many French troops were sent to Ukraine?', 'What did China say about the call?']) {
      const a = ask(library, q);
      expect(a.answer, q).toBeNull();
      expect(a.citations, q).toEqual([]);
      expect(a.confidence, q).toBeLessThan(REFUSAL_THRESHOLD);
    }
    expect(ask(library, 'What is the capital of France?').related.length).toBeGreaterThan(0);
  });

  it('answers "why" with the sentence that gives the reason, and refuses when none does', () => {
    const a = ask(library, 'Why did Shoigu warn Lecornu?');
    expect(a.answer).toMatch(/in response to French President Emmanuel Macron/);
    expect(a.citations[0]!.sentence).toBe(2);
    const none = ask(library, 'Why did the Istanbul talks fail?');
    expect(none.answer).toBeNull();
    expect(none.notice).toMatch(/reason/);
  });

  it('does not take a possibility for a fact in a yes/no question', () => {
    const a = ask(library, 'Did France send troops to Ukraine?');
    expect(a.answer).toBeNull();
    expect(a.notice).toMatch(/possibility/);
    expect(a.related.length).toBeGreaterThan(0);
    expect(ask(library, 'Did the U.S. warn Moscow before the attack?').citations.map((c) => c.sentence)).toContain(10);
  });

  it('needs one sentence to hold the whole of a yes/no question', () => {
    expect(ask(library, 'Did Russia attack France?').answer).toBeNull();
    expect(ask(library, 'Did Shoigu warn Lecornu?').citations.map((c) => c.sentence)).toEqual([1]);
    expect(ask(library, 'Was a final deal reached in the Istanbul talks?').citations.map((c) => c.sentence)).toContain(7);
  });

  it('takes "claim", "say" and "tell" for the same question about what someone said', () => {
    expect(ask(library, 'What did Shoigu claim about the attack?').answer).toMatch(/Ukrainian connection/);
  });

  it('gives a profile for "who is", but claims for "what did X say"', () => {
    expect(ask(library, 'Who is Sébastien Lecornu?').answer).toMatch(/French Defence Minister/);
    expect(ask(library, 'What did Macron say?').answer).toMatch(/cannot be ruled out/);
  });

  it('keeps to the briefing it is given', () => {
    expect(() => ask(library, 'What did Lecornu deny?', { briefing: 'no-such-briefing' })).toThrow(/No briefing/);
    expect(ask(library, 'What did Lecornu deny?', { briefing: SEED_ID }).answer).toMatch(/Ukrainian involvement/);
  });

  it('builds the index once per library', () => {
    expect(askIndex(library)).toBe(askIndex(library));
    expect(askIndex(new Library(library.briefings))).not.toBe(askIndex(library));
  });

  it('uses one wording for refusals', () => {
    expect(DONT_SAY).toBe("The briefings don't say.");
  });
});

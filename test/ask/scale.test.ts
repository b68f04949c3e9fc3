/**
 * /ask over many briefings: candidate briefings are chosen library-wide, only they are analysed, their
 * indexes are kept in a bounded cache, analyses are kept on disk by content, and a changed briefing is
 * never answered from its old version.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisStats } from '../../src/ask/analysis.ts';
import { ask, REFUSAL_THRESHOLD } from '../../src/ask/answer.ts';
import { cachedIndexCount, INDEX_CACHE_SIZE } from '../../src/ask/briefing-index.ts';
import { candidateBriefings, MAX_CANDIDATES } from '../../src/ask/candidates.ts';
import { askIndex, EXACT_LIBRARY } from '../../src/ask/index.ts';
import { parseQuestion } from '../../src/ask/question.ts';
import { Library } from '../../src/briefing/library.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { SEED_ID } from '../helpers.ts';
import { evalLibrary, temporaryAnalysisCache } from './helpers.ts';

const NEEDLE_AT = 7412;
const SIZE = 7500;

const cacheDirOf = temporaryAnalysisCache('ask-analysis-');

/** Many briefings on other stories (copies of the fixture briefings), and the seed briefing at NEEDLE_AT. */
function haystack(): { library: Library; needle: Briefing } {
  const base = evalLibrary();
  const needle = base.get(SEED_ID)!;
  const others = base.briefings.filter((b) => b !== needle);
  const briefings: Briefing[] = [];
  for (let i = 0; i < SIZE; i++) briefings.push(i === NEEDLE_AT ? needle : { ...others[i % others.length]!, id: `copy-${String(i).padStart(5, '0')}` });
  return { library: new Library(briefings), needle };
}

describe('ask over thousands of briefings', () => {
  const { library, needle } = haystack();

  it('finds and cites the one briefing that can answer', () => {
    const a = ask(library, 'What did Lecornu deny?');
    expect(a.answer).toMatch(/denied any Ukrainian involvement/);
    expect(a.confidence).toBeGreaterThanOrEqual(REFUSAL_THRESHOLD);
    expect(a.citations[0]).toMatchObject({ briefing: SEED_ID, sentence: 13 });
    const when = ask(library, 'When was the concert hall attack?');
    expect(when.answer).toBe('22 March 2024 (inferred)');
    expect(when.citations[0]?.briefing).toBe(SEED_ID);
  });

  // The whole unanswerable part of the evaluation set is asked at this scale in scale-refusals.test.ts.
  it('still refuses what no briefing says', () => {
    for (const q of ['What did China say about the call?', 'Who won the chess tournament in Reykjavik?', 'What is the capital of France?', 'How old is Sergei Shoigu?']) {
      const a = ask(library, q);
      expect(a.answer, q).toBeNull();
      expect(a.confidence, q).toBeLessThan(REFUSAL_THRESHOLD);
    }
  });

  it('chooses few candidates, the named briefing among them, and only the one asked about with briefing:', () => {
    const index = askIndex(library);
    expect(index.whole).toBe(false);
    const q = parseQuestion('What did Lecornu deny?', index);
    const chosen = candidateBriefings(index, q, library.briefings);
    expect(chosen).toContain(needle);
    expect(chosen.length).toBeLessThanOrEqual(MAX_CANDIDATES);
    const madaya = library.get('copy-00001')!;
    expect(candidateBriefings(index, parseQuestion('Who delivered the aid?', index), [madaya])).toEqual([madaya]);
    const scoped = ask(library, 'What did Lecornu deny?', { briefing: 'copy-00001' });
    expect(scoped.citations.every((c) => c.briefing === 'copy-00001')).toBe(true);
  });

  it('keeps a bounded number of briefing indexes in memory, and analyses each content once on disk', () => {
    const before = analysisStats.analysed;
    for (let i = 0; i < INDEX_CACHE_SIZE + 20; i++) ask(library, 'How many trucks entered?', { briefing: `copy-${String(i).padStart(5, '0')}` });
    expect(cachedIndexCount()).toBeLessThanOrEqual(INDEX_CACHE_SIZE);
    // The copies share two contents: each is analysed once, then read from the cache folder.
    expect(analysisStats.analysed - before).toBeLessThanOrEqual(2);
    expect(readdirSync(readdirSync(cacheDirOf()).map((d) => join(cacheDirOf(), d))[0]!).length).toBeGreaterThan(0);
  });
});

describe('ask after a reload', () => {
  it('answers from the changed briefing, never from the index of its old version', () => {
    const base = evalLibrary();
    const seed = base.get(SEED_ID)!;
    const first = new Library([seed]);
    expect(ask(first, 'What did Lecornu deny?').answer).toMatch(/Ukrainian involvement/);
    const changed: Briefing = { ...seed, claims: seed.claims.map((c) => (c.kind === 'denial' ? { ...c, text: 'Lecornu denied that any French troops were stationed in Odessa' } : c)) };
    const reloaded = new Library([changed]);
    const a = ask(reloaded, 'What did Lecornu deny?');
    expect(a.answer).toMatch(/French troops were stationed in Odessa/);
    // The old library, still held by a request in flight, keeps its own answers.
    expect(ask(first, 'What did Lecornu deny?').answer).toMatch(/Ukrainian involvement/);
  });

  it('reads an unchanged briefing analysis from disk and answers the same', () => {
    const seed = evalLibrary().get(SEED_ID)!;
    const a = ask(new Library([seed]), 'When was the concert hall attack?');
    const fromDisk = analysisStats.fromDisk;
    // A new object with the same content (as a reload of an untouched folder gives) misses the memory cache.
    const b = ask(new Library([{ ...seed }]), 'When was the concert hall attack?');
    expect(analysisStats.fromDisk).toBeGreaterThan(fromDisk);
    expect(b).toEqual(a);
  });

  it('analyses a small library whole', () => {
    expect(askIndex(evalLibrary()).whole).toBe(evalLibrary().briefings.length <= EXACT_LIBRARY);
  });
});

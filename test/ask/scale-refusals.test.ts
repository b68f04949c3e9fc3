/**
 * The refusal rule means the same in a library of thousands of briefings as in the three-briefing library
 * it was calibrated on: every unanswerable question of the evaluation set is refused, and every seed
 * question answered correctly there is answered correctly here. Two libraries: the seed once among
 * thousands of copies of other stories (its names are then rare, the hardest case for a name's weight),
 * and thousands of copies of all three stories (every word and name as common as in one copy).
 */
import { describe, expect, it } from 'vitest';
import { ask, REFUSAL_THRESHOLD } from '../../src/ask/answer.ts';
import { judge, loadEvalSet, runEval, type Outcome } from '../../src/ask/eval.ts';
import { Library } from '../../src/briefing/library.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { SEED_ID } from '../helpers.ts';
import { EVAL_FILE, evalLibrary, temporaryAnalysisCache } from './helpers.ts';

const SIZE = 4000;

temporaryAnalysisCache('ask-refusals-');

const copy = (b: Briefing, i: number): Briefing => ({ ...b, id: `copy-${String(i).padStart(5, '0')}` });

/** The seed once, at `at`, among copies of the other briefings. */
function seedAmongOthers(at: number): Library {
  const others = evalLibrary().briefings.filter((b) => b.id !== SEED_ID);
  const seed = evalLibrary().get(SEED_ID)!;
  return new Library(Array.from({ length: SIZE }, (_, i) => (i === at ? seed : copy(others[i % others.length]!, i))));
}

/** Copies of every briefing; the originals (with their own ids, as the evaluation set cites them) at the end. */
function copiesOfAll(): Library {
  const all = evalLibrary().briefings;
  return new Library([...Array.from({ length: SIZE - all.length }, (_, i) => copy(all[i % all.length]!, i)), ...all]);
}

/** An answer cited in a copy is as right as the same answer cited in its original. */
function citingOriginals(library: Library, outcomes: Outcome[]): Outcome[] {
  const originals = new Map(evalLibrary().briefings.map((b) => [b.article, b.id]));
  return outcomes.map((o) => {
    const raw = { ...o.raw, citations: o.raw.citations.map((c) => ({ ...c, briefing: originals.get(library.get(c.briefing)!.article) ?? c.briefing })) };
    const { ok, why } = judge(o.q, raw);
    return { q: o.q, raw, rawCorrect: ok, why };
  });
}

const answered = (o: Outcome): boolean => o.raw.answer !== null && o.raw.confidence >= REFUSAL_THRESHOLD;

describe('refusals at thousands of briefings', () => {
  const questions = loadEvalSet(EVAL_FILE).filter((q) => q.unanswerable || q.briefing === SEED_ID);
  const small = runEval(evalLibrary(), questions);
  const correctSmall = new Set(small.filter((o) => o.q.briefing && o.rawCorrect && answered(o)).map((o) => o.q.id));
  // A question another story answers as well as the seed ("Where did the deadly attack happen?" is the
  // Istanbul bombing too) has no one right answer once that story is copied thousands of times.
  const others = evalLibrary().briefings.filter((b) => b.id !== SEED_ID);
  const ambiguous = new Set(
    small.filter((o) => correctSmall.has(o.q.id) && others.some((b) => ask(evalLibrary(), o.q.question, { briefing: b.id, threshold: 0 }).confidence >= Math.max(REFUSAL_THRESHOLD, o.raw.confidence))).map((o) => o.q.id),
  );

  for (const [name, make, skip] of [
    ['the seed among copies of other stories', () => seedAmongOthers(Math.floor(SIZE * 0.73)), ambiguous],
    ['copies of every story', copiesOfAll, new Set<number>()],
  ] as const) {
    it(`refuses every unanswerable question and answers the seed's as in three briefings: ${name}`, () => {
      const library = make();
      const outcomes = citingOriginals(library, runEval(library, questions));
      const wronglyAnswered = outcomes.filter((o) => o.q.unanswerable && answered(o)).map((o) => `${o.q.question} (${o.raw.confidence.toFixed(3)}: ${o.raw.answer})`);
      expect(wronglyAnswered).toEqual([]);
      const lost = outcomes.filter((o) => correctSmall.has(o.q.id) && !skip.has(o.q.id) && !(o.rawCorrect && answered(o))).map((o) => `${o.q.question} (${o.raw.confidence.toFixed(3)}: ${o.why})`);
      expect(lost).toEqual([]);
      expect(correctSmall.size - skip.size).toBeGreaterThanOrEqual(45);
    });
  }
});

/**
 * Guards the /ask targets on test/fixtures/ask-eval.yaml, so that a regression fails CI:
 * at least 0.95 of answerable questions answered with a correct sentence, at least 0.95 of unanswerable
 * ones refused, and the threshold in the code still inside the range calibration picks on the dev part.
 */
import { describe, expect, it } from 'vitest';
import { REFUSAL_THRESHOLD } from '../../src/ask/answer.ts';
import { calibrate, failuresAt, loadEvalSet, metricsAt, runEval } from '../../src/ask/eval.ts';
import { SEED_ID } from '../helpers.ts';
import { EVAL_FILE, evalLibrary } from './helpers.ts';

describe('ask evaluation set', () => {
  const library = evalLibrary();
  const questions = loadEvalSet(EVAL_FILE);
  const outcomes = runEval(library, questions);

  it('is the set the issue asks for', () => {
    expect(library.errors).toEqual([]);
    const onSeed = questions.filter((q) => q.briefing === SEED_ID).length;
    const onOthers = questions.filter((q) => q.briefing && q.briefing !== SEED_ID).length;
    expect(onSeed).toBeGreaterThanOrEqual(40);
    expect(onOthers).toBeGreaterThanOrEqual(20);
    expect(questions.filter((q) => q.unanswerable).length).toBeGreaterThanOrEqual(questions.length / 4);
    for (const q of questions.filter((x) => !x.unanswerable)) {
      const b = library.get(q.briefing!);
      expect(b, q.question).toBeDefined();
      for (const n of q.sentences!) expect(n, q.question).toBeLessThanOrEqual(b!.article.sentences.length);
    }
  });

  it('meets the targets: 0.95 correct on answerable, 0.95 of unanswerable refused', () => {
    const m = metricsAt(outcomes, REFUSAL_THRESHOLD);
    const failures = failuresAt(outcomes).map(({ o, kind }) => `${kind}: ${o.q.question} (${o.why})`);
    expect(m.accuracy, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(m.refusalRecall, failures.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('gives no confident answer to an unanswerable question', () => {
    const answered = outcomes.filter((o) => o.q.unanswerable && o.raw.answer !== null && o.raw.confidence >= REFUSAL_THRESHOLD);
    expect(answered.map((o) => `${o.q.question} → ${o.raw.answer}`)).toEqual([]);
  });

  it('uses a threshold inside the range calibration finds on the development part', () => {
    const { plateau } = calibrate(outcomes.filter((o) => o.q.split === 'dev'));
    expect(REFUSAL_THRESHOLD).toBeGreaterThanOrEqual(plateau[0]);
    expect(REFUSAL_THRESHOLD).toBeLessThanOrEqual(plateau[1]);
  });
});

/**
 * The /ask evaluation: questions with the sentences that must support their answer (or marked
 * unanswerable), run against a library, scored as accuracy on answerable questions and refusal
 * precision and recall. Shared by `npm run eval:ask` and the vitest test that guards the targets.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { Library as LibraryClass, type Library } from '../briefing/library.ts';
import { loadBriefings } from '../briefing/load.ts';
import { fold } from './analyze.ts';
import { ask, REFUSAL_THRESHOLD, type AskAnswer } from './answer.ts';

const questionSchema = z
  .object({
    question: z.string().min(1),
    briefing: z.string().optional(),
    sentences: z.array(z.number().int().positive()).optional(),
    answer: z.array(z.string().min(1)).optional(),
    unanswerable: z.boolean().optional(),
    /** `fresh`: written after tuning, reported apart and never used for calibration. */
    set: z.enum(['fresh']).optional(),
  })
  .strict()
  .refine((q) => q.unanswerable === true || (q.briefing !== undefined && (q.sentences?.length ?? 0) > 0), 'an answerable question names its briefing and supporting sentences');

const evalSchema = z.object({ questions: z.array(questionSchema).min(1) }).strict();

export type Split = 'dev' | 'held-out' | 'fresh';

export interface EvalQuestion extends z.infer<typeof questionSchema> {
  id: number;
  split: Split;
}

/** Every third question (by position) is held out from calibration. */
export function splitOf(position: number): Split {
  return position % 3 === 2 ? 'held-out' : 'dev';
}

export function loadEvalSet(path: string): EvalQuestion[] {
  const parsed = evalSchema.parse(parse(readFileSync(path, 'utf8')));
  let position = 0;
  return parsed.questions.map((q, i) => ({ ...q, id: i + 1, split: q.set === 'fresh' ? 'fresh' : splitOf(position++) }));
}

export interface Outcome {
  q: EvalQuestion;
  /** The answer the bot would give with no refusal threshold (to sweep thresholds). */
  raw: AskAnswer;
  /** Whether the raw answer is right: a correct sentence cited and, where given, the expected short answer. */
  rawCorrect: boolean;
  why: string;
}

/** Whether an answer is right: a correct sentence cited and, where given, the expected short answer. */
export function judge(q: EvalQuestion, a: AskAnswer): { ok: boolean; why: string } {
  if (q.unanswerable) return { ok: false, why: a.answer === null ? 'refused' : `answered "${a.answer}"` };
  if (a.answer === null) return { ok: false, why: 'refused' };
  const cited = a.citations.filter((c) => c.briefing === q.briefing).map((c) => c.sentence);
  if (!cited.some((n) => q.sentences!.includes(n))) return { ok: false, why: `cited ${a.citations.map((c) => `${c.briefing}:${c.sentence}`).join(', ') || 'nothing'}, wanted ${q.briefing}:${q.sentences!.join('|')}` };
  if (q.answer && !q.answer.some((x) => fold(a.answer!).includes(fold(x)))) return { ok: false, why: `answer "${a.answer}" lacks ${q.answer.map((x) => `"${x}"`).join(' or ')}` };
  return { ok: true, why: 'ok' };
}

export function runEval(library: Library, questions: EvalQuestion[]): Outcome[] {
  return questions.map((q) => {
    const raw = ask(library, q.question, { threshold: 0 });
    const { ok, why } = judge(q, raw);
    return { q, raw, rawCorrect: ok, why };
  });
}

/** Whether the bot answers at threshold t (a raw answer whose confidence reaches t). */
function answersAt(o: Outcome, t: number): boolean {
  return o.raw.answer !== null && o.raw.confidence >= t;
}

export interface Metrics {
  threshold: number;
  answerable: number;
  correct: number;
  accuracy: number;
  unanswerable: number;
  refusedUnanswerable: number;
  /** Share of unanswerable questions refused. */
  refusalRecall: number;
  refusals: number;
  /** Share of refusals that were right to refuse. */
  refusalPrecision: number;
  /** Answers to unanswerable questions, and wrong answers to answerable ones. */
  wrongAnswers: number;
}

export function metricsAt(outcomes: Outcome[], t: number = REFUSAL_THRESHOLD): Metrics {
  const answerable = outcomes.filter((o) => !o.q.unanswerable);
  const unanswerable = outcomes.filter((o) => o.q.unanswerable);
  const correct = answerable.filter((o) => answersAt(o, t) && o.rawCorrect).length;
  const refusedUnanswerable = unanswerable.filter((o) => !answersAt(o, t)).length;
  const refusals = outcomes.filter((o) => !answersAt(o, t)).length;
  const wrongAnswers = answerable.filter((o) => answersAt(o, t) && !o.rawCorrect).length + (unanswerable.length - refusedUnanswerable);
  return {
    threshold: t,
    answerable: answerable.length,
    correct,
    accuracy: answerable.length ? correct / answerable.length : 1,
    unanswerable: unanswerable.length,
    refusedUnanswerable,
    refusalRecall: unanswerable.length ? refusedUnanswerable / unanswerable.length : 1,
    refusals,
    refusalPrecision: refusals ? refusedUnanswerable / refusals : 1,
    wrongAnswers,
  };
}

/**
 * The calibration rule: on a grid of thresholds, those that maximise correct answers plus right refusals minus
 * twice the wrong answers (a confident wrong answer is worse than a refusal); of that best range, its middle.
 */
export function calibrate(outcomes: Outcome[]): Metrics & { plateau: [number, number] } {
  const grid: Array<{ m: Metrics; utility: number }> = [];
  for (let i = 30; i <= 95; i++) {
    const m = metricsAt(outcomes, i / 100);
    grid.push({ m, utility: m.correct + m.refusedUnanswerable - 2 * m.wrongAnswers });
  }
  const top = Math.max(...grid.map((g) => g.utility));
  const best = grid.filter((g) => g.utility === top);
  // The middle of the best range: as far as the data allow from both kinds of mistake.
  const lo = best[0]!.m.threshold;
  const hi = best.at(-1)!.m.threshold;
  const mid = Math.round(((lo + hi) / 2) * 100) / 100;
  return { ...metricsAt(outcomes, mid), plateau: [lo, hi] };
}

/** The outcomes that count as failures at threshold t, worst first (confident wrong answers lead). */
export function failuresAt(outcomes: Outcome[], t: number = REFUSAL_THRESHOLD): Array<{ o: Outcome; kind: 'wrong answer' | 'answered unanswerable' | 'refused answerable' }> {
  const out: Array<{ o: Outcome; kind: 'wrong answer' | 'answered unanswerable' | 'refused answerable'; severity: number }> = [];
  for (const o of outcomes) {
    const answered = answersAt(o, t);
    if (o.q.unanswerable && answered) out.push({ o, kind: 'answered unanswerable', severity: 2 + o.raw.confidence });
    else if (!o.q.unanswerable && answered && !o.rawCorrect) out.push({ o, kind: 'wrong answer', severity: 2 + o.raw.confidence });
    else if (!o.q.unanswerable && !answered) out.push({ o, kind: 'refused answerable', severity: 1 - o.raw.confidence });
  }
  return out.sort((a, b) => b.severity - a.severity).map(({ o, kind }) => ({ o, kind }));
}

/** One library over several folders of briefings (the bundled ones and the test fixtures). */
export function libraryOf(dirs: string[]): Library {
  const loaded = dirs.map((d) => loadBriefings(d));
  return new LibraryClass(loaded.flatMap((l) => l.briefings), loaded.flatMap((l) => l.errors));
}

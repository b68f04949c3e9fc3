/**
 * `npm run eval:ask`: runs test/fixtures/ask-eval.yaml against the bundled briefings plus the fixture
 * briefings, and prints accuracy on answerable questions, refusal precision and recall (overall, on the
 * development part and on the held-out part), the threshold calibration, and the worst failures.
 */
import { fileURLToPath } from 'node:url';
import { REFUSAL_THRESHOLD } from '../src/ask/answer.ts';
import { calibrate, failuresAt, libraryOf, loadEvalSet, metricsAt, runEval, type Metrics, type Outcome } from '../src/ask/eval.ts';

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const library = libraryOf([root('briefings'), root('test/fixtures/briefings')]);
if (library.errors.length) {
  console.error(`briefing errors: ${library.errors.map((e) => `${e.file}: ${e.reason}`).join('; ')}`);
  process.exit(2);
}
const questions = loadEvalSet(root('test/fixtures/ask-eval.yaml'));
const started = performance.now();
const outcomes = runEval(library, questions);
const elapsed = performance.now() - started;

const pct = (x: number): string => x.toFixed(3);
const line = (name: string, m: Metrics): string =>
  `${name.padEnd(10)} accuracy ${pct(m.accuracy)} (${m.correct}/${m.answerable})  refusal recall ${pct(m.refusalRecall)} (${m.refusedUnanswerable}/${m.unanswerable})  refusal precision ${pct(m.refusalPrecision)} (${m.refusedUnanswerable}/${m.refusals})  wrong answers ${m.wrongAnswers}`;
const part = (split?: string): Outcome[] => outcomes.filter((o) => !split || o.q.split === split);

console.log(`ask evaluation: ${questions.length} questions (${questions.filter((q) => !q.unanswerable).length} answerable, ${questions.filter((q) => q.unanswerable).length} unanswerable), ${library.briefings.length} briefings, ${(elapsed / questions.length).toFixed(1)} ms/question`);
console.log(`by briefing: ${[...new Set(questions.map((q) => q.briefing ?? 'unanswerable'))].map((b) => `${b} ${questions.filter((q) => (q.briefing ?? 'unanswerable') === b).length}`).join(', ')}`);
console.log('');
console.log(`threshold ${REFUSAL_THRESHOLD} (in src/ask/answer.ts)`);
console.log(line('all', metricsAt(part(), REFUSAL_THRESHOLD)));
console.log(line('dev', metricsAt(part('dev'), REFUSAL_THRESHOLD)));
console.log(line('held-out', metricsAt(part('held-out'), REFUSAL_THRESHOLD)));
console.log(line('fresh', metricsAt(part('fresh'), REFUSAL_THRESHOLD)));
const calibrated = calibrate(part('dev'));
const answerableConf = part('dev').filter((o) => !o.q.unanswerable && o.rawCorrect).map((o) => o.raw.confidence);
const unanswerableConf = part('dev').filter((o) => o.q.unanswerable && o.raw.answer !== null).map((o) => o.raw.confidence);
console.log('');
console.log(`dev confidence: correct answers min ${Math.min(...answerableConf).toFixed(3)}; unanswerable questions with a candidate answer max ${Math.max(0, ...unanswerableConf).toFixed(3)}`);
console.log('');
console.log(`calibration on dev (utility = correct + refused unanswerable - 2 x wrong answers): best range ${calibrated.plateau[0]}–${calibrated.plateau[1]}, its middle ${calibrated.threshold}`);
console.log(line('held-out', metricsAt(part('held-out'), calibrated.threshold)) + `  (at ${calibrated.threshold})`);
// As the bundled bot is asked (npm run -s briefing -- ask …): the seed briefing alone, its questions and the unanswerable ones.
const seedOnly = libraryOf([root('briefings')]);
const seedOutcomes = runEval(seedOnly, questions.filter((q) => q.unanswerable || seedOnly.get(q.briefing ?? '') !== undefined));
console.log('');
console.log(line('seed only', metricsAt(seedOutcomes, REFUSAL_THRESHOLD)) + '  (bundled briefings alone, as the CLI runs)');
const failures = failuresAt(outcomes, REFUSAL_THRESHOLD);
console.log('');
console.log(failures.length ? `worst failures (${failures.length}):` : 'no failures');
for (const { o, kind } of failures.slice(0, 12)) {
  console.log(`- [${kind}] #${o.q.id} ${o.q.split} "${o.q.question}" conf ${o.raw.confidence} (${o.raw.diagnostics.type}, ${o.raw.diagnostics.unit ?? '-'}): ${o.why}${o.raw.answer && kind !== 'answered unanswerable' ? '' : ''}`);
}

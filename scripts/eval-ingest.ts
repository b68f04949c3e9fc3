/**
 * `npm run eval:ingest [-- --verbose]`: runs ingest on every article under test/fixtures/ingest-gold and
 * prints person precision/recall, date-value precision/recall and claim-speaker accuracy, per article and
 * overall (micro-averaged). Exits 1 when an overall target is missed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestText } from '../src/ingest/draft.ts';
import { addCounts, f1, parseGold, precision, recall, scoreDraft, TARGETS, type Count } from '../src/ingest/eval.ts';

const dir = fileURLToPath(new URL('../test/fixtures/ingest-gold/', import.meta.url));
const verbose = process.argv.includes('--verbose');
const pct = (x: number): string => x.toFixed(2);
const empty = (): Count => ({ hit: 0, predicted: 0, gold: 0 });
const total = { people: empty(), dates: empty(), claims: empty() };

const rows: string[][] = [['article', 'person P', 'person R', 'date P', 'date R', 'claim-speaker acc']];
for (const goldFile of readdirSync(dir).filter((f) => f.endsWith('.gold.yaml')).sort()) {
  const name = goldFile.replace(/\.gold\.yaml$/, '');
  const text = readFileSync(join(dir, `${name}.txt`), 'utf8');
  const score = scoreDraft(text, parseGold(readFileSync(join(dir, goldFile), 'utf8')), ingestText(text));
  total.people = addCounts(total.people, score.people);
  total.dates = addCounts(total.dates, score.dates);
  total.claims = addCounts(total.claims, score.claims);
  rows.push([
    name,
    `${pct(precision(score.people))} (${score.people.hit}/${score.people.predicted})`,
    `${pct(recall(score.people))} (${score.people.hit}/${score.people.gold})`,
    `${pct(precision(score.dates))} (${score.dates.hit}/${score.dates.predicted})`,
    `${pct(recall(score.dates))} (${score.dates.hit}/${score.dates.gold})`,
    `${pct(recall(score.claims))} (${score.claims.hit}/${score.claims.gold})`,
  ]);
  if (verbose) for (const m of score.misses) rows.push([`  ${m}`]);
}
rows.push([
  'overall',
  `${pct(precision(total.people))} (${total.people.hit}/${total.people.predicted})`,
  `${pct(recall(total.people))} (${total.people.hit}/${total.people.gold})`,
  `${pct(precision(total.dates))} (${total.dates.hit}/${total.dates.predicted})`,
  `${pct(recall(total.dates))} (${total.dates.hit}/${total.dates.gold})`,
  `${pct(recall(total.claims))} (${total.claims.hit}/${total.claims.gold})`,
]);
const widths = rows[0]!.map((_, i) => Math.max(...rows.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)));
for (const r of rows) console.log(r.length === 1 ? r[0] : r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
const summary = { personF1: f1(total.people), dateF1: f1(total.dates), claimAccuracy: recall(total.claims) };
console.log(`\nperson F1 ${pct(summary.personF1)} (target ${TARGETS.personF1}) · date-value F1 ${pct(summary.dateF1)} (target ${TARGETS.dateF1}) · claim-speaker accuracy ${pct(summary.claimAccuracy)} (target ${TARGETS.claimAccuracy})`);
const met = summary.personF1 >= TARGETS.personF1 && summary.dateF1 >= TARGETS.dateF1 && summary.claimAccuracy >= TARGETS.claimAccuracy;
console.log(met ? 'all targets met' : 'BELOW TARGET');
process.exitCode = met ? 0 : 1;

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestText } from '../../src/ingest/draft.ts';
import { addCounts, f1, parseGold, recall, scoreDraft, TARGETS, type Count } from '../../src/ingest/eval.ts';
import { FIXTURES_DIR } from '../helpers.ts';

const GOLD_DIR = join(FIXTURES_DIR, 'ingest-gold');
const articles = readdirSync(GOLD_DIR).filter((f) => f.endsWith('.gold.yaml')).map((f) => f.replace(/\.gold\.yaml$/, '')).sort();

describe('ingest against the hand-written gold', () => {
  const empty = (): Count => ({ hit: 0, predicted: 0, gold: 0 });
  const total = { people: empty(), dates: empty(), claims: empty() };
  for (const name of articles) {
    const text = readFileSync(join(GOLD_DIR, `${name}.txt`), 'utf8');
    const score = scoreDraft(text, parseGold(readFileSync(join(GOLD_DIR, `${name}.gold.yaml`), 'utf8')), ingestText(text));
    total.people = addCounts(total.people, score.people);
    total.dates = addCounts(total.dates, score.dates);
    total.claims = addCounts(total.claims, score.claims);
  }

  it('covers the seed and every corpus article', () => {
    expect(articles).toHaveLength(5);
    expect(total.people.gold).toBeGreaterThan(15);
    expect(total.dates.gold).toBeGreaterThan(25);
    expect(total.claims.gold).toBeGreaterThan(60);
  });

  it(`finds the people (F1 ≥ ${TARGETS.personF1})`, () => {
    expect(f1(total.people)).toBeGreaterThanOrEqual(TARGETS.personF1);
  });

  it(`normalises the dates (F1 ≥ ${TARGETS.dateF1})`, () => {
    expect(f1(total.dates)).toBeGreaterThanOrEqual(TARGETS.dateF1);
  });

  it(`names who made each claim (accuracy ≥ ${TARGETS.claimAccuracy})`, () => {
    expect(recall(total.claims)).toBeGreaterThanOrEqual(TARGETS.claimAccuracy);
  });
});

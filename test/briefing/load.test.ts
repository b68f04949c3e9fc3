import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/briefing/library.ts';
import { buildBriefing, loadBriefings } from '../../src/briefing/load.ts';
import { BRIEFINGS_DIR, SEED_ID } from '../helpers.ts';

const ARTICLE = 'title: Test\nsource: Wire\npublished: 2024-04-03\n\nAlice Smith said the bridge was closed on Monday. Bob Jones denied it.\n\nThe bridge reopened in May 2024.\n';
const dirs: string[] = [];

function tempBriefings(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefings-'));
  dirs.push(dir);
  return dir;
}

function writeBriefing(root: string, id: string, yaml: string, article = ARTICLE): void {
  mkdirSync(join(root, id), { recursive: true });
  writeFileSync(join(root, id, 'article.md'), article);
  writeFileSync(join(root, id, 'briefing.yaml'), yaml);
}

const VALID = `
summary:
  - text: A bridge closed and reopened.
    evidence: ["the bridge was closed on Monday"]
entities:
  - id: alice
    name: Alice Smith
    kind: person
    evidence: ["Alice Smith"]
  - id: bob
    name: Bob Jones
    kind: person
    evidence: ["Bob Jones"]
events:
  - id: reopened
    title: The bridge reopens
    date: 2024-05
    date_basis: stated
    evidence: ["The bridge reopened in May 2024."]
claims:
  - id: closed
    claimant: alice
    kind: assertion
    text: The bridge was closed.
    status: denied
    disputed_by: [{claim: denial}]
    evidence: ["Alice Smith said the bridge was closed on Monday."]
  - id: denial
    claimant: bob
    kind: denial
    text: Bob denied it.
    status: unverified
    evidence: ["Bob Jones denied it."]
`;

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loading briefings', () => {
  it('anchors quotes to sentence, paragraph and offsets, ignoring curly versus straight quotes', () => {
    const { briefing, errors } = buildBriefing('test', ARTICLE, VALID);
    expect(errors).toEqual([]);
    const reopened = briefing!.events[0]!;
    expect(reopened.evidence[0]).toMatchObject({ sentence: 3, paragraph: 2 });
    expect(reopened.date).toEqual({ year: 2024, month: 5, precision: 'month' });
    const seed = Library.load(BRIEFINGS_DIR).get(SEED_ID)!;
    const straight = buildBriefing('x', readFileSync(join(BRIEFINGS_DIR, SEED_ID, 'article.md'), 'utf8'), `
summary:
  - text: t
    evidence: ["Shoigu's comment that \\"the Kyiv regime does nothing"]
`);
    expect(straight.errors).toEqual([]);
    expect(straight.briefing!.summary[0]!.evidence[0]!.sentence).toBe(seed.claims.find((c) => c.quote)!.evidence[0]!.sentence);
  });

  it('rejects an altered quote, naming the file, the YAML path, the line and the quote', () => {
    const altered = VALID.replace('Bob Jones denied it.', 'Bob Jones denied everything.');
    const { briefing, errors } = buildBriefing('test', ARTICLE, altered, { article: 't/article.md', yaml: 't/briefing.yaml' });
    expect(briefing).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 't/briefing.yaml', path: 'claims[1].evidence[0]' });
    expect(errors[0]!.line).toBe(altered.split('\n').findIndex((l) => l.includes('denied everything')) + 1);
    expect(errors[0]!.reason).toContain('quote not found in t/article.md: "Bob Jones denied everything."');
    expect(errors[0]!.reason).toContain('nearest sentence 2');
  });

  it('reports every problem at once', () => {
    const broken = VALID.replace('kind: assertion', 'kind: rumour').replace('claimant: bob', 'claimant: carol').replace('date: 2024-05', 'date: May 2024');
    const { errors } = buildBriefing('test', ARTICLE, broken);
    expect(errors.map((e) => e.path).sort()).toEqual(['claims[0].kind', 'events[0].date']);
    // Cross-references are checked once the shape is valid.
    const { errors: refErrors } = buildBriefing('test', ARTICLE, VALID.replace('claimant: bob', 'claimant: carol').replace('disputed_by: [{claim: denial}]', 'disputed_by: [{claim: nothing}]'));
    expect(refErrors.map((e) => `${e.path}: ${e.reason}`).sort()).toEqual([
      'claims[0].disputed_by[0].claim: unknown claim "nothing"',
      'claims[1].claimant: unknown entity "carol"',
    ]);
  });

  it('refuses duplicate ids, a disputed claim without its dispute, and an inferred date without reasoning', () => {
    const yaml = VALID.replace('id: bob', 'id: alice').replace('disputed_by: [{claim: denial}]', '').replace('date_basis: stated', 'date_basis: inferred');
    const { errors } = buildBriefing('test', ARTICLE, yaml);
    const reasons = errors.map((e) => `${e.path}: ${e.reason}`);
    expect(reasons).toContain('events[0].date_note: an inferred date needs its reasoning in date_note');
    const { errors: e2 } = buildBriefing('test', ARTICLE, VALID.replace('id: bob', 'id: alice').replace('disputed_by: [{claim: denial}]', ''));
    expect(e2.map((e) => `${e.path}: ${e.reason}`)).toEqual(expect.arrayContaining([
      'entities[1].id: duplicate id "alice" (already a entity)',
      'claims[0].disputed_by: a claim that is denied says what disputes it (disputed_by)',
    ]));
  });

  it('reports YAML syntax errors with a line', () => {
    const { errors } = buildBriefing('test', ARTICLE, 'summary:\n  - text: [unclosed\n');
    expect(errors[0]!.reason).toMatch(/^YAML syntax/);
    expect(errors[0]!.line).toBeGreaterThan(0);
  });

  it('skips a broken briefing and serves the others', () => {
    const root = tempBriefings();
    cpSync(join(BRIEFINGS_DIR, SEED_ID), join(root, SEED_ID), { recursive: true });
    writeBriefing(root, 'broken', VALID.replace('Bob Jones denied it.', 'Bob denied nothing.'));
    writeBriefing(root, 'fine', VALID);
    mkdirSync(join(root, 'no-yaml'));
    writeFileSync(join(root, 'no-yaml', 'article.md'), ARTICLE);
    const { briefings, errors } = loadBriefings(root);
    expect(briefings.map((b) => b.id)).toEqual(['fine', SEED_ID]);
    const folder = basename(root);
    expect(errors.map((e) => e.file)).toEqual([`${folder}/broken/briefing.yaml`, `${folder}/no-yaml/briefing.yaml`]);
    expect(errors[1]!.reason).toBe('missing file');
  });

  it('reads the header of article.md', () => {
    const { briefing } = buildBriefing('test', ARTICLE, VALID);
    expect(briefing!.title).toBe('Test');
    expect(briefing!.source.outlet).toBe('Wire');
    expect(briefing!.source.published).toEqual({ year: 2024, month: 4, day: 3, precision: 'day' });
  });
});

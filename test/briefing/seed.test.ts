import { describe, expect, it } from 'vitest';
import { chronological } from '../../src/briefing/chronology.ts';
import { formatIso } from '../../src/briefing/partial-date.ts';
import { seedLibrary, SEED_ID } from '../helpers.ts';

describe('the seed briefing', () => {
  const library = seedLibrary();
  const seed = library.get(SEED_ID)!;
  const entity = (name: string) => library.findEntities(name)[0]!.entity;
  const event = (id: string) => seed.events.find((e) => e.id === id)!;

  it('loads without errors', () => {
    expect(library.errors).toEqual([]);
    expect(seed.article.sentences.length).toBe(19);
  });

  it('names the ministers and the president with their roles', () => {
    expect(entity('Shoigu')).toMatchObject({ name: 'Sergei Shoigu', kind: 'person', role: 'Russian Defense Minister' });
    expect(entity('LECORNU')).toMatchObject({ name: 'Sébastien Lecornu', kind: 'person' });
    expect(entity('Lecornu').role).toMatch(/French Defence Minister/);
    expect(entity('Macron')).toMatchObject({ name: 'Emmanuel Macron', role: 'President of France' });
  });

  it('holds every organisation, group and place the article names', () => {
    const names = seed.entities.map((e) => e.name);
    for (const n of ['Russian Defense Ministry', 'NATO', 'Islamic State affiliate', 'French special services', 'Istanbul', 'Moscow concert hall', 'Ukraine', 'France', 'Russia', 'United States']) {
      expect(names).toContain(n);
    }
  });

  it('dates events at the precision the article gives, and says when a date is inferred', () => {
    expect(event('istanbul-negotiations')).toMatchObject({ dateBasis: 'stated' });
    expect(formatIso(event('istanbul-negotiations').date!)).toBe('2022-03');
    expect(formatIso(event('last-ministerial-contact').date!)).toBe('2022-10');
    const attack = event('concert-hall-attack');
    expect(formatIso(attack.date!)).toBe('2024-03-22');
    expect(attack.dateBasis).toBe('inferred');
    expect(attack.dateNote).toMatch(/not stated in the article/);
    expect(event('macron-statement').date!.precision).toBe('month');
  });

  it('leaves the call undated but after the attack', () => {
    const call = event('shoigu-lecornu-call');
    expect(call.date).toBeUndefined();
    expect(call.after).toContain('concert-hall-attack');
    const order = chronological([seed]).map((p) => p.event.id);
    expect(order.indexOf('shoigu-lecornu-call')).toBeGreaterThan(order.indexOf('concert-hall-attack'));
    expect(order.indexOf('us-advance-warning')).toBeLessThan(order.indexOf('concert-hall-attack'));
    expect(order.indexOf('istanbul-talks-collapse')).toBe(order.indexOf('istanbul-negotiations') + 1);
  });

  it('records Shoigu’s warning, accusations and the "Western handlers" remark', () => {
    const shoigu = seed.claims.filter((c) => c.claimant === 'sergei-shoigu');
    expect(shoigu.map((c) => c.kind)).toEqual(expect.arrayContaining(['warning', 'accusation', 'offer']));
    const handlers = shoigu.find((c) => c.quote?.includes('Western handlers'))!;
    expect(handlers.quote).toBe('the Kyiv regime does nothing without approval of its Western handlers');
  });

  it('marks the accusation about the attack as disputed by the evidence the article cites', () => {
    const accusation = seed.claims.find((c) => c.id === 'shoigu-ukrainian-connection')!;
    expect(accusation.status).toBe('disputed');
    expect(accusation.disputedBy.some((r) => r.evidence.some((e) => e.quote.includes('Islamic State')))).toBe(true);
    expect(accusation.disputedBy.some((r) => r.claim === 'lecornu-denies-ukrainian-involvement')).toBe(true);
    const denial = seed.claims.find((c) => c.kind === 'denial')!;
    expect(denial).toMatchObject({ claimant: 'sebastien-lecornu' });
    expect(denial.via).toMatch(/Russian Defense Ministry/);
  });

  it('keeps the article’s own commentary as analysis by the outlet', () => {
    const clear = seed.claims.find((c) => c.evidence.some((e) => seed.article.sentences[e.sentence - 1]!.text.startsWith('It is clear that')))!;
    expect(clear).toMatchObject({ claimant: 'outlet', kind: 'analysis' });
    expect(seed.claims.filter((c) => c.kind === 'analysis').every((c) => c.claimant === 'outlet')).toBe(true);
  });

  it('anchors every fact in a sentence of the article', () => {
    const all = [...seed.entities, ...seed.events, ...seed.claims, ...seed.summary].flatMap((f) => f.evidence);
    expect(all.length).toBeGreaterThan(40);
    for (const e of all) {
      const s = seed.article.sentences[e.sentence - 1]!;
      expect(seed.article.body.slice(e.start, e.end).replace(/\s+/g, ' ')).toBe(e.quote.replace(/\s+/g, ' '));
      expect(s.start).toBeLessThanOrEqual(e.start);
    }
  });
});

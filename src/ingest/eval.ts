/**
 * Scores a draft against hand-written gold (test/fixtures/ingest-gold/README.md describes the format):
 * person precision/recall, date-value precision/recall, claim-speaker accuracy.
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { parseArticle } from '../briefing/article.ts';
import { QuoteIndex } from '../briefing/evidence.ts';
import { foldName } from '../briefing/names.ts';
import type { Draft } from './draft.ts';

const names = z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const goldSchema = z.object({
  people: z.array(z.object({ name: z.string(), aliases: z.array(z.string()).default([]) })).default([]),
  dates: z.array(z.object({ sentence: z.string(), date: z.union([z.string(), z.number()]).transform(String) })).default([]),
  claims: z.array(z.object({ sentence: z.string(), speaker: names })).default([]),
});
export type Gold = z.infer<typeof goldSchema>;

export function parseGold(yamlText: string): Gold {
  return goldSchema.parse(parseYaml(yamlText) ?? {});
}

export interface Count {
  hit: number;
  predicted: number;
  gold: number;
}

export interface ArticleScore {
  people: Count;
  dates: Count;
  /** hit = gold claims whose speaker is right; gold = gold claims. */
  claims: Count;
  misses: string[];
}

export const TARGETS = { personF1: 0.9, dateF1: 0.85, claimAccuracy: 0.85 };

export const precision = (c: Count): number => (c.predicted === 0 ? (c.gold === 0 ? 1 : 0) : c.hit / c.predicted);
export const recall = (c: Count): number => (c.gold === 0 ? 1 : c.hit / c.gold);
export const f1 = (c: Count): number => {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

const QUANTIFIERS = /^(?:(?:one|some|many|most|two|three|several|all|each|none|both|any) of (?:the |its |their )?|(?:a|an|the|one|another|some|two|three|several) )?(?:(?:second|third|fourth|first|other) )?/;

/** Speaker names compared without determiners and a plural -s ("one of the Iranian officials" = "Iranian official"). */
export function speakerKey(name: string): string {
  return foldName(name).replace(QUANTIFIERS, '').replace(/s$/, '');
}

export function scoreDraft(articleText: string, gold: Gold, draft: Draft): ArticleScore {
  const article = parseArticle(articleText);
  const quotes = new QuoteIndex(article.body, article.sentences);
  const sentencesOf = (text: string): number[] => quotes.find(text)?.sentences ?? [];
  const misses: string[] = [];
  const goldSentence = (snippet: string): number => {
    const found = sentencesOf(snippet);
    if (found.length === 0) throw new Error(`gold snippet not in the article: "${snippet}"`);
    return found[0]!;
  };

  // People: one-to-one on any shared name.
  const predictedPeople = draft.entities.filter((e) => e.kind === 'person');
  const goldPeople = gold.people.map((p) => new Set([p.name, ...p.aliases].map(foldName)));
  const usedGold = new Set<number>();
  let peopleHit = 0;
  for (const p of predictedPeople) {
    const pNames = [p.name, ...p.aliases].map(foldName);
    const g = goldPeople.findIndex((names, i) => !usedGold.has(i) && pNames.some((n) => names.has(n)));
    if (g >= 0) {
      usedGold.add(g);
      peopleHit++;
    } else misses.push(`person not in gold: ${p.name}`);
  }
  gold.people.forEach((p, i) => {
    if (!usedGold.has(i)) misses.push(`person missed: ${p.name}`);
  });

  // Dates: (sentence, ISO value) pairs.
  const goldDates = new Set(gold.dates.map((d) => `${goldSentence(d.sentence)}|${d.date}`));
  const predictedDates = new Set<string>();
  for (const e of draft.events) {
    if (!e.date) continue;
    for (const s of sentencesOf(e.evidence).slice(0, 1)) predictedDates.add(`${s}|${e.date}`);
  }
  let dateHit = 0;
  for (const d of predictedDates) {
    if (goldDates.has(d)) dateHit++;
    else misses.push(`date not in gold: sentence ${d.replace('|', ' → ')}`);
  }
  for (const d of goldDates) if (!predictedDates.has(d)) misses.push(`date missed: sentence ${d.replace('|', ' → ')}`);

  // Claims: each gold (sentence, speaker) needs a predicted claim citing that sentence with an accepted speaker.
  const aliasesOf = new Map(draft.entities.map((e) => [e.id, [e.name, ...e.aliases]]));
  const predictedClaims = draft.claims.map((c) => ({
    sentences: new Set(sentencesOf(c.evidence)),
    names: new Set((aliasesOf.get(c.claimant_id) ?? [c.claimant]).map(speakerKey)),
    claimant: c.claimant,
  }));
  let claimHit = 0;
  for (const g of gold.claims) {
    const s = goldSentence(g.sentence);
    const person = gold.people.find((p) => g.speaker.some((n) => foldName(n) === foldName(p.name)));
    const accepted = new Set([...g.speaker, ...(person ? [person.name, ...person.aliases] : [])].map(speakerKey));
    const atSentence = predictedClaims.filter((c) => c.sentences.has(s));
    if (atSentence.some((c) => [...c.names].some((n) => accepted.has(n)))) claimHit++;
    else misses.push(`claim speaker wrong: s${s} "${g.sentence}" want ${g.speaker.join(' | ')}, got ${atSentence.map((c) => c.claimant).join(', ') || 'nothing'}`);
  }
  const predictedClaimSentences = new Set(predictedClaims.flatMap((c) => [...c.sentences]));
  return {
    people: { hit: peopleHit, predicted: predictedPeople.length, gold: gold.people.length },
    dates: { hit: dateHit, predicted: predictedDates.size, gold: goldDates.size },
    claims: { hit: claimHit, predicted: predictedClaimSentences.size, gold: gold.claims.length },
    misses,
  };
}

export function addCounts(a: Count, b: Count): Count {
  return { hit: a.hit + b.hit, predicted: a.predicted + b.predicted, gold: a.gold + b.gold };
}

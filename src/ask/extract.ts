/**
 * Short answers taken from a supporting unit: the entity, date, number or duration the question asks
 * for, chosen as the one written closest to the words of the question in the cited sentence.
 */
import * as chrono from 'chrono-node';
import type { Library } from '../briefing/library.ts';
import type { Briefing, Entity, TimelineEvent } from '../briefing/model.ts';
import { OUTLET } from '../briefing/schema.ts';
import { formatHuman } from '../briefing/partial-date.ts';
import { dateLabel } from '../reply/facts.ts';
import { conceptOf } from './analyze.ts';
import { findMentions, KIND_CONCEPTS, type AskIndex, type Unit } from './index.ts';
import { NUMBER_QUALIFIERS, NUMBER_WORDS } from './lexicon.ts';
import type { Question, Requirement } from './question.ts';

export interface ShortAnswer {
  text: string;
  /** The sentence the short answer was read from, cited first. */
  sentence?: number;
  notes: string[];
  /** Characters between the answer and the question's words in that sentence (0 when read from the facts). */
  distance: number;
}

export interface MatchContext {
  requirements: Requirement[];
  /** Entities the question names in this briefing. */
  named: Set<string>;
  /** Named through a description ("the U.N. envoy"), so they may be the answer to "Who is …". */
  described: Set<string>;
}

interface Span {
  start: number;
  end: number;
}

/** Where in a sentence the question's words and names occur. */
function anchors(index: AskIndex, b: Briefing, sentence: number, ctx: MatchContext): Span[] {
  const wanted = new Set(ctx.requirements.flatMap((r) => (r.concept ? [r.concept] : [])));
  const spans: Span[] = index.tokensOf(b, sentence).filter((t) => t.concept && wanted.has(t.concept)).map((t) => ({ start: t.start, end: t.end }));
  const text = b.article.sentences[sentence - 1]?.text ?? '';
  for (const m of findMentions(text, index.phrases.get(b) ?? [])) if (ctx.named.has(m.entity)) spans.push({ start: m.start, end: m.end });
  return spans;
}

function distance(span: Span, anchorSpans: Span[]): number {
  if (anchorSpans.length === 0) return span.start;
  return Math.min(...anchorSpans.map((a) => (span.end <= a.start ? a.start - span.end : span.start >= a.end ? span.start - a.end : 0)));
}

export function entityLabel(library: Library, b: Briefing, e: Entity): string {
  return e.role && e.role.length <= 80 && e.kind === 'person' ? `${e.name} (${e.role})` : e.name;
}

export function describeEntity(library: Library, b: Briefing, e: Entity): string {
  const parts = [e.role, e.affiliation && !e.role ? library.nameOf(b, e.affiliation) : undefined].filter(Boolean);
  return parts.length ? `${e.name}: ${parts.join('; ')}` : `${e.name} (${e.kind})`;
}

/** Entities of the wanted kinds that the unit offers as an answer, best first. */
export function entityCandidates(index: AskIndex, unit: Unit, q: Question, ctx: MatchContext): Array<{ entity: Entity; sentence?: number; rank: number }> {
  const { library } = index;
  const b = unit.briefing;
  const fits = (id: string): Entity | undefined => {
    const e = library.entity(b, id);
    if (!e || !q.kinds.includes(e.kind)) return undefined;
    if (ctx.named.has(id) && !(q.copular && ctx.described.has(id))) return undefined;
    return e;
  };
  const out: Array<{ entity: Entity; sentence?: number; rank: number }> = [];
  const push = (id: string, rank: number, sentence?: number): void => {
    const e = fits(id);
    if (e && !out.some((o) => o.entity === e)) out.push({ entity: e, rank, sentence });
  };
  // Structured roles first when the question's verb is the fact's own: the claimant of a matching claim,
  // the place or actors of an event.
  const claimVerbs = unit.claim ? new Set([...KIND_CONCEPTS[unit.claim.kind], 'say'].map((w) => conceptOf(w) ?? w)) : new Set<string>();
  const claimVerb = ctx.requirements.some((r) => r.concept !== undefined && claimVerbs.has(r.concept));
  if (unit.claim && claimVerb && unit.claim.claimant !== OUTLET) push(unit.claim.claimant, -2);
  if (unit.claim) for (const id of unit.claim.about) push(id, -1);
  if (unit.event) {
    if (q.type === 'where' && unit.event.place) push(unit.event.place, -2);
    for (const a of unit.event.actors) push(a, -1);
  }
  if (q.copular) for (const id of ctx.described) push(id, -3);
  // Then whatever is named in the cited sentences, nearest to the question's words.
  for (const n of unit.sentences) {
    const text = b.article.sentences[n - 1]?.text ?? '';
    const spans = anchors(index, b, n, ctx);
    for (const m of findMentions(text, index.phrases.get(b) ?? [])) {
      // A person or organisation answers "who" before a country does ("Lecornu", not "France").
      const countryPenalty = library.entity(b, m.entity)?.kind === 'country' && q.kinds.length > 1 ? 30 : 0;
      push(m.entity, distance(m, spans) + countryPenalty, n);
    }
  }
  return out.sort((x, y) => x.rank - y.rank);
}

function dateExpressions(text: string, reference?: Date): Array<Span & { text: string }> {
  const found: Array<Span & { text: string }> = [];
  for (const r of chrono.parse(text, reference)) {
    // A bare clock time is not a date.
    if (!r.start.isCertain('day') && !r.start.isCertain('month') && !r.start.isCertain('year') && !r.start.isCertain('weekday') && !/\b(ago|last|next|week|month|year)\b/i.test(r.text)) continue;
    const t = r.text.replace(/[,.;]+$/, '').trim();
    found.push({ start: r.index, end: r.index + t.length, text: t });
  }
  for (const m of text.matchAll(/\b(1[5-9]\d\d|20\d\d)\b/g)) {
    if (!found.some((f) => m.index! >= f.start && m.index! < f.end)) found.push({ start: m.index!, end: m.index! + 4, text: m[0] });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A date for a "when" question: the event's own (at its precision), else one written in the sentence. */
export function dateAnswer(index: AskIndex, unit: Unit, ctx: MatchContext): ShortAnswer | undefined {
  const b = unit.briefing;
  const event = unit.event;
  if (event) return eventDate(index, b, event);
  // A date written in the cited sentences, nearest to the question's words.
  let best: { text: string; d: number; sentence: number } | undefined;
  for (const n of unit.sentences) {
    const text = b.article.sentences[n - 1]?.text ?? '';
    const spans = anchors(index, b, n, ctx);
    for (const d of dateExpressions(text)) {
      const dist = distance(d, spans);
      if (!best || dist < best.d) best = { text: d.text, d: dist, sentence: n };
    }
  }
  if (!best) return undefined;
  return { text: best.text, sentence: best.sentence, distance: best.d, notes: ['As the article writes it; the date is not resolved further.'] };
}

export function eventDate(index: AskIndex, b: Briefing, event: TimelineEvent): ShortAnswer | undefined {
  const notes = event.dateNote ? [event.dateNote] : [];
  if (event.date) return { text: dateLabel(event), notes, distance: 0 };
  const byId = new Map(b.events.map((e) => [e.id, e]));
  const after = event.after.map((id) => byId.get(id)).filter((e): e is TimelineEvent => e !== undefined);
  const before = event.before.map((id) => byId.get(id)).filter((e): e is TimelineEvent => e !== undefined);
  const latest = after.filter((e) => e.date).sort((x, y) => (x.date!.year - y.date!.year) || ((x.date!.month ?? 0) - (y.date!.month ?? 0)) || ((x.date!.day ?? 0) - (y.date!.day ?? 0))).at(-1) ?? after[0];
  const earliest = before[0];
  if (!latest && !earliest) return undefined;
  const parts: string[] = [];
  if (latest) parts.push(`after ${lowerFirst(latest.title)}${latest.date ? ` (${dateLabel(latest)})` : ''}`);
  if (earliest) parts.push(`before ${lowerFirst(earliest.title)}${earliest.date ? ` (${dateLabel(earliest)})` : ''}`);
  return { text: `Not dated in the article; it came ${parts.join(' and ')}`, notes, distance: 0 };
}

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) && !/^(The|A|An) /.test(text) ? text : text.replace(/^(The|A|An) /, (m) => m.toLowerCase());
}

const NUMBER = new RegExp(String.raw`\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|${Object.keys(NUMBER_WORDS).join('|')})\b`, 'gi');

/** A number for a "how many" question, with its qualifier and the noun it counts ("more than 100 people"). */
export function countAnswer(index: AskIndex, unit: Unit, ctx: MatchContext, question: string): ShortAnswer | undefined {
  const b = unit.briefing;
  const inQuestion = new Set((question.match(NUMBER) ?? []).map((n) => n.toLowerCase()));
  let best: { text: string; d: number; sentence: number } | undefined;
  for (const n of unit.sentences) {
    const text = b.article.sentences[n - 1]?.text ?? '';
    const dates = dateExpressions(text);
    const spans = anchors(index, b, n, ctx);
    for (const m of text.matchAll(NUMBER)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (dates.some((d) => start < d.end && end > d.start)) continue;
      if (inQuestion.has(m[0].toLowerCase())) continue;
      // "five-year-old", "pro-Kurdish": a number joined to a word by a hyphen is an adjective, not a count.
      if (text[end] === '-' || text[start - 1] === '-') continue;
      const before = text.slice(Math.max(0, start - 14), start).toLowerCase();
      const qualifier = NUMBER_QUALIFIERS.find((qf) => before.endsWith(`${qf} `));
      const after = /^((?:\s+(?:other|more|[\p{L}'-]+(?:'s)?)){0,2})/u.exec(text.slice(end))?.[1] ?? '';
      const noun = after.split(/\s+/).filter(Boolean).filter((w, i, all) => i === 0 || !/^(of|in|at|on|to|and|who|which|were|was|had|have|are|is)$/i.test(all[i - 1] ?? '')).slice(0, 2).filter((w) => !/^(of|in|at|on|to|and|who|which|were|was|had|have|are|is|the|a)$/i.test(w));
      const phrase = [qualifier, m[0], ...noun].filter(Boolean).join(' ');
      const d = distance({ start, end }, spans);
      if (!best || d < best.d) best = { text: phrase.replace(/[,.;:]+$/, ''), d, sentence: n };
    }
  }
  return best ? { text: best.text, sentence: best.sentence, notes: [], distance: best.d } : undefined;
}

const DURATION = /\b((?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|many)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?))\b|\b(\w+-(?:day|week|month|year)-(?:old|long))\b/gi;

export function durationAnswer(unit: Unit): ShortAnswer | undefined {
  for (const n of unit.sentences) {
    const text = unit.briefing.article.sentences[n - 1]?.text ?? '';
    const m = DURATION.exec(text);
    DURATION.lastIndex = 0;
    if (m) return { text: m[0], sentence: n, notes: [], distance: 0 };
  }
  return undefined;
}

export { formatHuman };

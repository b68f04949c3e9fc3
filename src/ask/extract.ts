/**
 * Short answers taken from a supporting unit: the entity, date, number or duration the question asks
 * for, chosen as the one written closest to the words of the question in the cited sentence (or in the
 * fact's own text), and read from the facts' structure first when they hold it (a claim's claimant, an
 * event's date, actors and place).
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing, Entity, TimelineEvent } from '../briefing/model.ts';
import { OUTLET } from '../briefing/schema.ts';
import { dateLabel } from '../reply/facts.ts';
import { conceptOf, nameWords, type Token } from './analyze.ts';
import { findMentions, KIND_CONCEPTS, type AskIndex, type Mention, type Unit } from './index.ts';
import { NUMBER_QUALIFIERS, NUMBER_WORDS } from './lexicon.ts';
import { chrono } from './nlp.ts';
import type { Question, Requirement } from './question.ts';

export interface ShortAnswer {
  text: string;
  /** The sentence the short answer was read from, cited first. */
  sentence?: number;
  notes: string[];
  /** Characters between the answer and the question's words where it was read (0 when read from the facts' structure). */
  distance: number;
}

export interface MatchContext {
  requirements: Requirement[];
  /** Entities the question names in this briefing, with the words it names them by. */
  named: Map<string, Mention[]>;
  /** Named through a description ("the U.N. envoy"), so they may be the answer to "Who is …". */
  described: Set<string>;
  /** The stems of the question's own words. */
  stems: Set<string>;
}

interface Span {
  start: number;
  end: number;
}

/** A passage answers are read from: a cited sentence, or a fact's own text. */
interface Passage {
  text: string;
  tokens: Token[];
  sentence?: number;
}

function passagesOf(index: AskIndex, unit: Unit): Passage[] {
  const b = unit.briefing;
  const out: Passage[] = unit.sentences.map((n) => ({ text: b.article.sentences[n - 1]?.text ?? '', tokens: index.tokensOf(b, n), sentence: n }));
  if (unit.ownText) out.push({ text: unit.ownText, tokens: index.tokensOfText(b, unit.ownText) });
  return out;
}

const SAY_CONCEPTS = new Set(['say', 'tell', 'claim', 'report', 'accord', 'announc', 'state', 'add'].map((w) => conceptOf(w) ?? w));

/** Where in a passage the question's words and names occur, grouped by what they stand for. */
function anchors(index: AskIndex, b: Briefing, p: Passage, ctx: MatchContext): Span[][] {
  const groups = new Map<string, Span[]>();
  const add = (key: string, span: Span): void => {
    groups.set(key, [...(groups.get(key) ?? []), span]);
  };
  const wanted = new Set(ctx.requirements.flatMap((r) => (r.concept ? [r.concept] : [])));
  // The question's own word is a closer anchor than a synonym of it ("encircled" for "encircles", not "besieged").
  for (const t of p.tokens) if (t.concept && wanted.has(t.concept)) add(t.concept, { start: t.start, end: t.end, ...(t.stem && ctx.stems.has(t.stem) ? {} : { synonym: true }) });
  for (const m of findMentions(p.text, index.phrasesOf(b))) if (ctx.named.has(m.entity)) add(`@${m.entity}`, m);
  return [...groups.values()];
}

const SYNONYM_GAP = 20;

function gap(span: Span, a: Span & { synonym?: boolean }): number {
  return (span.end <= a.start ? a.start - span.end : span.start >= a.end ? span.start - a.end : 0) + (a.synonym ? SYNONYM_GAP : 0);
}

/**
 * How far an answer is from the question's words: the mean, over each word or name of the question
 * present in the passage, of its nearest occurrence. Near all of them beats next to one of them
 * ("the villages … are encircled by rebels", not "Madaya is besieged by government forces").
 */
function distance(span: Span, groups: Span[][]): number {
  if (groups.length === 0) return 200;
  return groups.reduce((sum, g) => sum + Math.min(...g.map((a) => gap(span, a))), 0) / groups.length;
}

/** "X said", "said X", "according to X": the source of the sentence, not what it is about. */
function isAttribution(text: string, m: Span): boolean {
  const after = text.slice(m.end, m.end + 24).toLowerCase();
  const before = text.slice(Math.max(0, m.start - 24), m.start).toLowerCase();
  return /^(?:'s\s+\w+\s+)?\s*(said|says|told|added|reported|confirmed|announced)\b/.test(after) || /\b(said|says|told|according to)\s*$/.test(before);
}

export function entityLabel(library: Library, b: Briefing, e: Entity): string {
  return e.role && e.role.length <= 80 && e.kind === 'person' ? `${e.name}, ${e.role}` : e.name;
}

export function describeEntity(library: Library, b: Briefing, e: Entity): string {
  const affiliation = e.affiliation ? library.nameOf(b, e.affiliation) : undefined;
  const within = affiliation && !(e.role ?? '').toLowerCase().includes(affiliation.toLowerCase()) ? affiliation : undefined;
  const head = within ? `${e.name} (${within})` : e.name;
  return e.role ? `${head}: ${e.role}` : `${head}, ${e.kind}`;
}

/** Whether an entity's name, aliases or role hold a concept ("village" for "which villages"). */
function entityHas(e: Entity, concept: string): boolean {
  return [e.name, ...e.aliases, e.role ?? ''].some((text) => nameWords(text).some((w) => (conceptOf(w.raw) ?? w.key) === concept));
}

/** Entities of the wanted kinds that the unit offers as an answer, best (lowest rank) first. */
export function entityCandidates(index: AskIndex, unit: Unit, q: Question, ctx: MatchContext): Array<{ entity: Entity; sentence?: number; rank: number }> {
  const { library } = index;
  const b = unit.briefing;
  const asksSource = ctx.requirements.some((r) => r.concept !== undefined && SAY_CONCEPTS.has(r.concept));
  const out: Array<{ entity: Entity; sentence?: number; rank: number }> = [];
  const push = (id: string, rank: number, sentence?: number, written?: Span & { text: string }): void => {
    const e = library.entity(b, id);
    if (!e || !q.kinds.includes(e.kind)) return;
    if (ctx.named.has(id)) {
      // A name the question used is not its answer, except "Who is the U.N. envoy?" (a description),
      // or another name of it that the question did not use ("identified as Nabil Fadli").
      const asked = ctx.named.get(id)!.map((m) => q.text.slice(m.start, m.end).toLowerCase());
      const otherName = written !== undefined && asked.every((a) => !nameWords(a).some((w) => nameWords(written.text).some((x) => x.key === w.key)));
      if (q.copular && ctx.described.has(id)) rank -= 0;
      else if (otherName && /^\p{Lu}/u.test(written.text)) rank += 40;
      else return;
    }
    if (q.typeConcept && entityHas(e, q.typeConcept)) rank -= 60;
    const prev = out.find((o) => o.entity === e);
    if (prev) {
      if (rank < prev.rank) Object.assign(prev, { rank, sentence });
      return;
    }
    out.push({ entity: e, rank, sentence });
  };
  // Structure first: the claimant of a claim whose kind is the question's verb ("Who warned…"),
  // the place and actors of an event. What a claim is about comes later: a topic is less often a doer.
  const claimVerbs = unit.claim ? new Set([...KIND_CONCEPTS[unit.claim.kind], 'say'].map((w) => conceptOf(w) ?? w)) : new Set<string>();
  const claimVerb = ctx.requirements.some((r) => r.concept !== undefined && claimVerbs.has(r.concept));
  if (unit.claim && claimVerb && unit.claim.claimant !== OUTLET) push(unit.claim.claimant, 0);
  if (unit.event) {
    if (q.type === 'where' && unit.event.place) push(unit.event.place, 0);
    for (const a of unit.event.actors) push(a, 0);
  }
  if (q.copular) for (const id of ctx.described) push(id, -10);
  if (unit.claim) for (const id of unit.claim.about) push(id, 30);
  // Then whatever is named where the answer is read, nearest to the question's words.
  for (const p of passagesOf(index, unit)) {
    const spans = anchors(index, b, p, ctx);
    for (const m of findMentions(p.text, index.phrasesOf(b))) {
      if (!asksSource && isAttribution(p.text, m)) continue;
      // A person or organisation answers "who" before a country does ("Lecornu", not "France").
      const countryPenalty = library.entity(b, m.entity)?.kind === 'country' && q.kinds.length > 2 ? 10 : 0;
      push(m.entity, distance(m, spans) + countryPenalty, p.sentence, { start: m.start, end: m.end, text: p.text.slice(m.start, m.end) });
    }
  }
  return out.sort((x, y) => x.rank - y.rank);
}

/** "Who was the bomber identified as?", "What is X called?": another name of an entity the question names. */
export function nameAnswer(index: AskIndex, unit: Unit, q: Question, ctx: MatchContext): ShortAnswer | undefined {
  const b = unit.briefing;
  let best: ShortAnswer | undefined;
  for (const [id, mentions] of ctx.named) {
    const e = index.library.entity(b, id);
    if (!e) continue;
    const asked = new Set(mentions.flatMap((m) => nameWords(q.text.slice(m.start, m.end)).map((w) => w.key)));
    for (const form of [e.name, ...e.aliases]) {
      // A proper name, not a description, and not the one the question used.
      if (!/^\p{Lu}/u.test(nameWords(form)[0]?.raw ?? '') || nameWords(form).some((w) => asked.has(w.key))) continue;
      for (const p of passagesOf(index, unit)) {
        if (p.sentence === undefined) continue;
        const at = findMentions(p.text, index.phrasesOf(b)).find((m) => m.entity === id && nameWords(p.text.slice(m.start, m.end)).map((w) => w.key).join(' ') === nameWords(form).map((w) => w.key).join(' '));
        if (!at) continue;
        const d = distance(at, anchors(index, b, p, ctx));
        if (!best || d < best.distance) best = { text: p.text.slice(at.start, at.end), sentence: p.sentence, notes: [], distance: d };
      }
    }
  }
  return best;
}

const REPORT_VERB = /\b(said|says|told|reported|announced|added|confirmed|wrote)\s+(\S+\s+){0,2}$/i;

function dateExpressions(text: string): Array<Span & { text: string }> {
  const found: Array<Span & { text: string }> = [];
  for (const r of chrono().parse(text)) {
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
  if (unit.event) return eventDate(b, unit.event);
  let best: ShortAnswer | undefined;
  for (const p of passagesOf(index, unit)) {
    if (p.sentence === undefined) continue;
    const spans = anchors(index, b, p, ctx);
    for (const d of dateExpressions(p.text)) {
      // "…, Ala said on Wednesday": the day of the report, not of what it reports.
      if (REPORT_VERB.test(p.text.slice(Math.max(0, d.start - 30), d.start))) continue;
      const dist = distance(d, spans);
      if (!best || dist < best.distance) best = { text: d.text, sentence: p.sentence, distance: dist, notes: ['As the article writes it; the briefing does not date this as an event.'] };
    }
  }
  return best;
}

export function eventDate(b: Briefing, event: TimelineEvent): ShortAnswer | undefined {
  const notes = event.dateNote ? [event.dateNote] : [];
  if (event.date) return { text: dateLabel(event), notes, distance: 0 };
  const byId = new Map(b.events.map((e) => [e.id, e]));
  const after = event.after.map((id) => byId.get(id)).filter((e): e is TimelineEvent => e !== undefined);
  const before = event.before.map((id) => byId.get(id)).filter((e): e is TimelineEvent => e !== undefined);
  const key = (e: TimelineEvent): number => (e.date ? e.date.year * 10000 + (e.date.month ?? 0) * 100 + (e.date.day ?? 0) : -1);
  const latest = [...after].sort((x, y) => key(x) - key(y)).at(-1);
  const earliest = [...before].sort((x, y) => key(x) - key(y))[0];
  if (!latest && !earliest) return undefined;
  const parts: string[] = [];
  if (latest) parts.push(`after: ${latest.title}${latest.date ? ` (${dateLabel(latest)})` : ''}`);
  if (earliest) parts.push(`before: ${earliest.title}${earliest.date ? ` (${dateLabel(earliest)})` : ''}`);
  return { text: `Not dated in the article; it came ${parts.join('; ')}`, notes, distance: 0 };
}

const NUMBER = new RegExp(String.raw`\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|${Object.keys(NUMBER_WORDS).join('|')})\b`, 'gi');
const FILLER = /^(other|more|of|them|the|a|an|some|about|\p{Lu}[\p{L}-]*)$/u;

/**
 * A number for a "how many" question, with its qualifier and the noun it counts ("more than 100 people").
 * When the question names what it counts ("how many tourists"), the number must count that: a sentence
 * that has "tourists" but no number for them does not say how many.
 */
export function countAnswer(index: AskIndex, unit: Unit, ctx: MatchContext, q: Question): ShortAnswer | undefined {
  const b = unit.briefing;
  const inQuestion = new Set((q.text.match(NUMBER) ?? []).map((n) => n.toLowerCase()));
  let best: ShortAnswer | undefined;
  for (const p of passagesOf(index, unit)) {
    if (p.sentence === undefined) continue;
    const text = p.text;
    const dates = dateExpressions(text);
    const spans = anchors(index, b, p, ctx);
    for (const m of text.matchAll(NUMBER)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (dates.some((d) => start < d.end && end > d.start)) continue;
      if (inQuestion.has(m[0].toLowerCase())) continue;
      // "five-year-old", "pro-Kurdish": a number joined to a word by a hyphen is an adjective, not a count.
      if (text[end] === '-' || text[start - 1] === '-') continue;
      const following = p.tokens.filter((t) => t.start >= end).slice(0, 4);
      let counted: Token | undefined;
      for (const t of following) {
        if (t.concept && t.concept === q.countedConcept) counted = t;
        if (counted || !(FILLER.test(t.text) || t.tags.has('Adjective'))) break;
      }
      const preceding = p.tokens.filter((t) => t.end <= start).slice(-2);
      if (!counted && q.countedConcept && preceding.some((t) => t.concept === q.countedConcept)) counted = preceding.at(-1);
      if (q.countedConcept && !counted) continue;
      const before = text.slice(Math.max(0, start - 14), start).toLowerCase();
      const qualifier = NUMBER_QUALIFIERS.find((qf) => before.endsWith(`${qf} `));
      const phraseEnd = counted && counted.start > end ? counted.end : following[0] && /^\p{L}/u.test(following[0].text) && !following[0].tags.has('Preposition') && !following[0].tags.has('Verb') && !following[0].tags.has('Conjunction') ? following[0].end : end;
      const phrase = `${qualifier ? `${qualifier} ` : ''}${text.slice(start, phraseEnd)}`.replace(/[,.;:]+$/, '');
      const d = counted ? 0 : distance({ start, end }, spans);
      if (!best || d < best.distance) best = { text: phrase, sentence: p.sentence, notes: [], distance: d };
    }
  }
  return best;
}

const DURATION = /\b(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|many)\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?))\b|\b\w+-(?:day|week|month|year)-(?:old|long)\b/i;

export function durationAnswer(unit: Unit): ShortAnswer | undefined {
  for (const n of unit.sentences) {
    const text = unit.briefing.article.sentences[n - 1]?.text ?? '';
    const m = DURATION.exec(text);
    if (m) return { text: m[0], sentence: n, notes: [], distance: 0 };
  }
  return undefined;
}

/**
 * Answers a free question from the briefings, or refuses.
 *
 * 1. The question is read (question.ts): what it asks for (a person, a date, a number, a place, a
 *    statement) and what it is about: the entities it names in each briefing and its other concepts,
 *    each weighted by its rarity in the articles (BM25's idf), so "capital" weighs more than "call".
 * 2. The briefings that can answer are chosen library-wide (candidates.ts); within them, BM25+
 *    retrieves candidate units: article sentences and facts (entities, events, claims, which carry their
 *    claimant, actors and kind).
 * 3. Each candidate gets its coverage: the weighted share of the question's requirements it holds.
 *    The question's type must also be satisfiable from it (a "when" needs a date, a "how many" a number,
 *    a "who" an entity that the question did not name itself).
 * 4. The best candidate answers when its confidence reaches REFUSAL_THRESHOLD; otherwise the answer is
 *    null ("The briefings don't say") with the nearest related facts.
 *
 * Why a coverage threshold: an unanswerable question is nearly always one whose key word or name is
 * nowhere in a single supporting passage ("the capital of France": France is there, "capital" is not),
 * while an answerable one, even paraphrased, keeps most of its weight in one sentence or fact. How the
 * threshold was chosen is in docs/ask.md and printed by `npm run eval:ask`.
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing } from '../briefing/model.ts';
import { OUTLET } from '../briefing/schema.ts';
import { citations as evidenceCitations, dateLabel } from '../reply/facts.ts';
import type { Citation } from '../reply/reply.ts';
import { countAnswer, dateAnswer, describeEntity, durationAnswer, entityCandidates, entityLabel, nameAnswer, type MatchContext, type ShortAnswer } from './extract.ts';
import { candidateBriefings } from './candidates.ts';
import { askIndex, type AskIndex, type Unit } from './index.ts';
import { sentencesOf } from './names.ts';
import { parseQuestion, requirementsFor, type Question, type Requirement } from './question.ts';

/**
 * The least confidence with which the bot answers. Calibrated on the development half of
 * test/fixtures/ask-eval.yaml (see docs/ask.md): the lowest value that refuses every unanswerable
 * development question while still answering the answerable ones; a wrong answer costs more than a refusal.
 */
export const REFUSAL_THRESHOLD = 0.62;

/** An unsatisfied answer type (a "when" with no date in sight) keeps this share of its coverage. */
const UNSATISFIED_TYPE_FACTOR = 0.5;
const CANDIDATES = 60;
const MAX_CITATIONS = 3;
const MAX_RELATED = 3;
/** Rank difference within which a second fact is as good an answer as the first. */
const TIE_MARGIN = 0.03;

export const DONT_SAY = "The briefings don't say.";

export interface AnswerItem {
  text: string;
  label?: string;
  notes: string[];
  citations: Citation[];
}

export interface AskAnswer {
  question: string;
  /** The answer, or null when the briefings don't say. */
  answer: string | null;
  confidence: number;
  citations: Citation[];
  /** The fact or sentence the answer rests on. */
  support?: AnswerItem;
  /** Equally good further support (a second fact the question did not choose between). */
  also?: AnswerItem[];
  /** On a refusal: the nearest facts the briefings do hold. */
  related: AnswerItem[];
  /** Why no answer was attempted (another language, nothing to look for). */
  notice?: string;
  /** For evaluation: what was weighed. */
  diagnostics: { type: string; coverage: number; satisfied: boolean; unit?: string };
}

interface Scored {
  unit: Unit;
  coverage: number;
  satisfied: boolean;
  short?: ShortAnswer;
  rank: number;
  ctx: MatchContext;
}

function claimStatement(library: Library, b: Briefing, unit: Unit): string {
  const c = unit.claim!;
  const who = c.claimant === OUTLET ? "The article's analysis" : library.nameOf(b, c.claimant);
  const status = c.status === 'unverified' ? '' : ` [${c.status}]`;
  return `${who}${c.via ? ` (${c.via})` : ''}: ${c.text}${status}`;
}

/** A unit as a sentence a person can read: the fact, or the article's sentence. */
export function statement(library: Library, unit: Unit): string {
  const b = unit.briefing;
  if (unit.claim) return claimStatement(library, b, unit);
  if (unit.event) return `${unit.event.title} (${dateLabel(unit.event)})`;
  if (unit.entity) return describeEntity(library, b, unit.entity);
  return b.article.sentences[unit.sentences[0]! - 1]?.text ?? '';
}

function unitCitations(unit: Pick<Unit, 'briefing' | 'sentences'>, first?: number): Citation[] {
  const b = unit.briefing;
  const order = first !== undefined ? [first, ...unit.sentences.filter((n) => n !== first)] : unit.sentences;
  const out: Citation[] = [];
  for (const n of order.slice(0, MAX_CITATIONS)) {
    const s = b.article.sentences[n - 1];
    if (s) out.push({ briefing: b.id, sentence: n, paragraph: s.paragraph, text: s.text });
  }
  return out;
}

/** How much a unit holds of a requirement: what it says itself counts fully, what its cited sentences add less. */
const CREDIT = { own: 1, cited: 0.75, indirect: 0.6 } as const;

/** A fact stated as the answer: the share of its own words in its coverage (the rest: its sentences). */
const FACT_WEIGHT = 0.65;

/** A name the question uses that the unit does not hold at all costs this share of the coverage. */
const MISSING_NAME_FACTOR = 0.7;

function coverageOf(unit: Unit, requirements: Requirement[], essentials: string[] = [], strict = false): number {
  let total = 0;
  let held = 0;
  // The noun a "which …" question asks for, and the verb of what "how many" counts, are as necessary as a name.
  let missingNames = essentials.filter((c) => requirements.some((r) => r.concept === c) && !unit.concepts.has(c)).length;
  // Strictly, a sentence may take one referent from the sentence before it ("the talks", "He"), not more.
  let borrowed = 0;
  for (const r of requirements) {
    total += r.weight;
    if (r.concept !== undefined) {
      if (unit.ownConcepts.has(r.concept)) held += r.weight * CREDIT.own;
      else if (unit.concepts.has(r.concept)) held += r.weight * CREDIT.cited;
    } else {
      const ids = r.entities!;
      if (ids.some((e) => unit.ownEntities.has(e))) held += r.weight * CREDIT.own;
      else if (ids.some((e) => unit.entities.has(e))) held += r.weight * CREDIT.cited;
      else if (ids.some((e) => unit.affiliated.has(e) || unit.context.has(e)) && !(strict && borrowed++ > 0)) held += r.weight * CREDIT.indirect;
      else missingNames++;
    }
  }
  return total > 0 ? (held / total) * MISSING_NAME_FACTOR ** missingNames : 0;
}

function shortAnswer(index: AskIndex, q: Question, unit: Unit, ctx: MatchContext): ShortAnswer | undefined | null {
  const { library } = index;
  const b = unit.briefing;
  switch (q.type) {
    case 'who':
    case 'where': {
      const found = entityCandidates(index, unit, q, ctx);
      if (found.length === 0) return undefined;
      // "Which countries …": every fitting entity near the question's words, not only the first.
      const chosen = q.plural ? found.filter((f) => f.rank <= Math.max(found[0]!.rank, 0) + 60).slice(0, 5) : [found[0]!];
      const names = chosen.map((f) => entityLabel(library, b, f.entity));
      const text = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
      return { text, sentence: found[0]!.sentence ?? chosen.find((f) => f.sentence)?.sentence, notes: [], distance: Math.max(0, found[0]!.rank) };
    }
    case 'name':
      return nameAnswer(index, unit, q, ctx);
    case 'whom': {
      const people = [...unit.entities].filter((id) => ['person', 'organisation', 'group'].includes(library.entity(b, id)?.kind ?? ''));
      return people.length >= 2 && (unit.claim || unit.event) ? { text: statement(library, unit), notes: [], distance: 0 } : undefined;
    }
    case 'when':
      return dateAnswer(index, unit, ctx);
    case 'count':
      return countAnswer(index, unit, ctx, q);
    case 'duration':
      return durationAnswer(unit);
    default:
      // A statement answers a "what", "why" or yes/no question by itself.
      return null;
  }
}

/** A refusal's confidence is how close the nearest candidate came to answering: always below the threshold. */
function refusal(q: Question, related: AnswerItem[], notice: string | undefined, diagnostics: AskAnswer['diagnostics'], confidence = 0): AskAnswer {
  return { question: q.text, answer: null, confidence: round(Math.min(confidence, REFUSAL_THRESHOLD - 0.01)), citations: [], related, notice, diagnostics };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** "Who is X?", "Tell me about X": one name and nothing else to look for. */
function describeNamed(index: AskIndex, q: Question, scope: Briefing[]): AskAnswer | undefined {
  if (!['who', 'what', 'where', 'yesno'].includes(q.type) || (q.type === 'yesno' && !q.copular)) return undefined;
  // "What did Macron say?" asks for his claims, not for who he is: only "who/what is X", "tell me about X"
  // or a bare name ask for a profile.
  if (!q.copular && !q.describe && q.terms.some((t) => t.generic && !/^(tell|describ|explain)/.test(t.concept))) return undefined;
  // A briefing qualifies when the question names exactly one thing of it, no name only other briefings
  // know, and no other specific word. Briefings seeing the same names in the question are decided together.
  const { library } = index;
  const inScope = scope.length === library.briefings.length ? undefined : new Set(scope.map((b) => library.positionOf(b)));
  const qualifying: number[] = [];
  for (const [signature, positions] of q.names.groups()) {
    const own = q.names.spansOf(signature);
    if (own.length !== 1) continue;
    const named = [...own, ...q.names.elsewhere(positions[0]!, own)];
    if (named.length !== 1) continue;
    if (q.terms.some((t) => !t.generic && !named.some((m) => t.start < m.end && t.end > m.start))) continue;
    for (const p of positions) if (!inScope || inScope.has(p)) qualifying.push(p);
  }
  qualifying.sort((a, b) => a - b);
  const found: Array<{ b: Briefing; entity: string }> = [];
  for (const p of qualifying) {
    const b = library.briefings[p]!;
    const { requirements } = requirementsFor(q, b, index);
    const named = requirements.filter((r) => r.entities);
    const other = requirements.filter((r) => (r.concept !== undefined && !q.terms.find((t) => t.concept === r.concept)?.generic) || r.entities?.length === 0);
    if (named.length === 1 && other.length === 0) found.push({ b, entity: named[0]!.entities![0]! });
    if (found.length > MAX_RELATED) break;
  }
  if (found.length === 0) return undefined;
  const items = found.map(({ b, entity }) => {
    const e = library.entity(b, entity)!;
    return { text: describeEntity(library, b, e), notes: [], citations: unitCitations({ briefing: b, sentences: sentencesOf(e.evidence) }), key: `${b.id}#${entity}` };
  });
  const best = items[0]!;
  return {
    question: q.text,
    answer: best.text,
    confidence: 1,
    citations: best.citations,
    support: { text: best.text, notes: [], citations: best.citations },
    related: items.slice(1, 1 + MAX_RELATED).map(({ key: _key, ...item }) => item),
    diagnostics: { type: 'describe', coverage: 1, satisfied: true, unit: best.key },
  };
}

const CAUSE = /\b(because|in response to|due to|as a result|in order to|so that|in retaliation|the reason|aims? to|aimed at|to ensure)\b/i;

const REFERS_BACK = /^(This|That|These|Those|Such)\b/;

/**
 * A sentence giving a reason: one of the unit's own, or the next sentence of its paragraph when that one
 * refers back to it ("This warning came in response to …").
 */
function reasonSentence(unit: Unit): number | undefined {
  const sentences = unit.briefing.article.sentences;
  const own = unit.sentences.find((n) => CAUSE.test(sentences[n - 1]?.text ?? ''));
  if (own !== undefined) return own;
  const last = sentences[unit.sentences.at(-1)! - 1];
  const next = last ? sentences[last.index] : undefined;
  return next && next.paragraph === last!.paragraph && REFERS_BACK.test(next.text) && CAUSE.test(next.text) ? next.index : undefined;
}

const HYPOTHETICAL = /^(would|could|might|may|if|whether|against|cannot|can't|possible|possibly|potential|plan|plans|planned|considering|threatened)$/i;
const HYPOTHETICAL_WINDOW = 8;

/**
 * "Did France send troops?" when the briefings speak only of troops that would, could or should not be
 * sent: every occurrence of the question's verb in the supporting sentences sits next to a modal word.
 */
function onlyHypothetical(index: AskIndex, q: Question, unit: Unit): boolean {
  if (!q.verbConcept) return false;
  let seen = 0;
  for (const n of unit.sentences) {
    const tokens = index.tokensOf(unit.briefing, n);
    tokens.forEach((t, i) => {
      if (t.concept !== q.verbConcept) return;
      seen++;
      // "would send", "against deploying", "if sent"; or a gerund whose clause goes on "… would create".
      const before = tokens.slice(Math.max(0, i - 4), i);
      const after = t.tags.has('Gerund') ? tokens.slice(i + 1, i + HYPOTHETICAL_WINDOW + 1) : [];
      if (![...before, ...after].some((x) => HYPOTHETICAL.test(x.norm))) seen += 1000;
    });
  }
  return seen > 0 && seen < 1000;
}

export interface AskOptions {
  /** Only this briefing (an id); all briefings when left out. */
  briefing?: string;
  /** For calibration only: the confidence below which to refuse (REFUSAL_THRESHOLD by default). */
  threshold?: number;
}

/** Answers `question` from the library's briefings. Never changes the library; throws only UserError for an unknown briefing id. */
export function ask(library: Library, question: string, options: AskOptions = {}): AskAnswer {
  const scope = library.scope(options.briefing);
  const index = askIndex(library);
  const q = parseQuestion(question, index);
  const none = { type: q.type, coverage: 0, satisfied: false };
  if (q.language === 'other') {
    return refusal(q, [], 'I can only read questions in English. Try asking again in English.', none);
  }
  const described = describeNamed(index, q, scope);
  if (described) return described;

  // Nothing specific to look for: no name any briefing knows, only general words ("What happened?").
  if (scope.length === 0 || (!q.names.any && q.terms.every((t) => t.generic))) {
    const related = scope.slice(0, MAX_RELATED).map((b) => ({ text: b.summary[0]!.text, notes: [], citations: evidenceCitations(b, b.summary[0]!.evidence) }));
    return refusal(q, related, 'Ask about something specific: a person, a date, a number, a place or a claim in the briefings.', none);
  }

  const candidates = candidateBriefings(index, q, scope);
  const contexts = new Map<Briefing, MatchContext>();
  for (const b of candidates) {
    const { requirements, mentions } = requirementsFor(q, b, index);
    const named = new Map<string, typeof mentions>();
    for (const m of mentions) named.set(m.entity, [...(named.get(m.entity) ?? []), m]);
    const stems = new Set(q.tokens.flatMap((t) => (t.stem ? [t.stem] : [])));
    contexts.set(b, { requirements, named, stems, described: new Set(mentions.filter((m) => m.descriptive).map((m) => m.entity)) });
  }

  const inScope = new Set(candidates);
  const queryTerms = new Set<string>();
  const boost = new Map<string, number>();
  for (const [b, ctx] of contexts) {
    for (const r of ctx.requirements) {
      for (const term of r.concept !== undefined ? [r.concept] : r.entities!.map((e) => `@${b.id}/${e}`)) {
        queryTerms.add(term);
        boost.set(term, Math.max(boost.get(term) ?? 0, r.weight));
      }
    }
  }
  // Retrieval statistics: the whole library when it is analysed whole, else the candidates.
  const results = index.retrieve(index.whole ? library.briefings : candidates, [...queryTerms], (term) => boost.get(term) ?? 1, (b) => inScope.has(b));
  const top = results.slice(0, CANDIDATES);
  const maxScore = top[0]?.score ?? 1;
  const scored: Scored[] = [];
  /** The unit's cited sentences taken together, as one unit. */
  const citedSentences = (unit: Unit): Unit => {
    const parts = unit.sentences.map((n) => index.unit(`${unit.briefing.id}#s${n}`)!);
    const union = (f: (u: Unit) => Set<string>): Set<string> => new Set(parts.flatMap((p) => [...f(p)]));
    const concepts = union((p) => p.concepts);
    const entities = union((p) => p.entities);
    return { ...unit, concepts, ownConcepts: concepts, entities, ownEntities: entities, context: union((p) => p.context), affiliated: union((p) => p.affiliated) };
  };
  const sentenceCoverage = new Map<string, number>();
  const coverageOfSentence = (b: Briefing, n: number, ctx: MatchContext): number => {
    const key = `${b.id}#s${n}`;
    let c = sentenceCoverage.get(key);
    if (c === undefined) {
      c = coverageOf(index.unit(key)!, ctx.requirements, q.essentials);
      sentenceCoverage.set(key, c);
    }
    return c;
  };
  for (const r of top) {
    const unit = r.unit;
    // An entity's profile answers "who is X" (describeNamed), not questions about what happened.
    if (unit.kind === 'entity') continue;
    const ctx = contexts.get(unit.briefing)!;
    const short = shortAnswer(index, q, unit, ctx);
    const satisfied = short !== undefined;
    // The answer must rest on sentences that themselves say much of what was asked, not only on the
    // fact's wording: a short answer read from one sentence weighs that sentence half; a fact stated
    // as the answer weighs its own words (an author's paraphrase, anchored in those sentences) more.
    const sourceCoverage = short?.sentence ? coverageOfSentence(unit.briefing, short.sentence, ctx) : coverageOf(citedSentences(unit), ctx.requirements, q.essentials);
    const own = coverageOf(unit, ctx.requirements, q.essentials);
    let coverage = unit.kind === 'sentence' ? own : short?.sentence ? (own + sourceCoverage) / 2 : FACT_WEIGHT * own + (1 - FACT_WEIGHT) * sourceCoverage;
    // A yes/no question asks whether one thing is so: one sentence must hold all of it ("Did Russia attack
    // France?" is not answered by a fact whose sentences name Russia and France in one place and an attack in another).
    if (q.type === 'yesno') coverage = Math.min(coverage, Math.max(...unit.sentences.map((n) => coverageOf(index.unit(`${unit.briefing.id}#s${n}`)!, ctx.requirements, q.essentials, true))));
    // Ties go to facts over bare sentences (they carry claimant, kind, date precision), and to the
    // fact type that answers this kind of question; an answer read far from the question's words in
    // its sentence is less likely to be what was asked.
    // Among equals, the fact more of the briefing refers to is the likelier subject of the question.
    let preference = unit.kind === 'sentence' ? 0 : 0.01 + 0.002 * Math.min(5, unit.references);
    // Events carry dates at their precision (or their place in the timeline): they answer "when".
    if (q.type === 'when' && unit.event) preference += 0.02;
    const far = short ? Math.min(1, short.distance / 120) : 0;
    const rank = coverage * (satisfied ? 1 : UNSATISFIED_TYPE_FACTOR) + preference + 0.02 * (r.score / maxScore) - 0.08 * far;
    scored.push({ unit, coverage, satisfied, short: short ?? undefined, rank, ctx });
  }
  scored.sort((a, b) => b.rank - a.rank);
  const best = scored[0];
  const relatedItems = (exclude?: Unit): AnswerItem[] => {
    const out: AnswerItem[] = [];
    const used = new Set<string>();
    for (const s of scored) {
      if (s.unit === exclude || s.coverage <= 0) continue;
      const key = `${s.unit.briefing.id}#${s.unit.sentences[0]}`;
      if (used.has(key)) continue;
      used.add(key);
      out.push({ text: statement(library, s.unit), notes: [], citations: unitCitations(s.unit) });
      if (out.length >= MAX_RELATED) break;
    }
    return out;
  };
  if (!best) return refusal(q, [], undefined, none);
  const confidence = best.coverage * (best.satisfied ? 1 : UNSATISFIED_TYPE_FACTOR);
  const diagnostics = { type: q.type, coverage: round(best.coverage), satisfied: best.satisfied, unit: best.unit.key };
  if (confidence < (options.threshold ?? REFUSAL_THRESHOLD) || !best.satisfied) return refusal(q, relatedItems(), undefined, diagnostics, confidence);

  const unit = best.unit;
  if (q.type === 'yesno' && onlyHypothetical(index, q, unit)) {
    return refusal(q, relatedItems(), 'They speak of it only as a possibility (would, could, against…), not as something that happened.', diagnostics, confidence);
  }
  let fact = statement(library, unit);
  const citations = unitCitations(unit, best.short?.sentence);
  // "Why …": the sentence that gives the reason, in the fact's sentences or right next to them.
  if (q.type === 'why') {
    const reason = reasonSentence(unit);
    if (reason === undefined) return refusal(q, relatedItems(), 'They do not give a reason for it.', diagnostics, confidence);
    {
      const s = unit.briefing.article.sentences[reason - 1]!;
      fact = s.text;
      const rest = citations.filter((c) => c.sentence !== reason);
      citations.splice(0, citations.length, { briefing: unit.briefing.id, sentence: reason, paragraph: s.paragraph, text: s.text }, ...rest.slice(0, MAX_CITATIONS - 1));
    }
  }
  // A statement answer with an equally good second fact in other sentences shows both ("What happened to
  // the talks?": they were held in March 2022, and collapsed soon after): the question did not choose.
  const also: AnswerItem[] = [];
  if (!best.short || q.type === 'whom') {
    for (const s of scored.slice(1, 4)) {
      if (s.rank < best.rank - TIE_MARGIN || s.unit.briefing !== unit.briefing || !s.satisfied) continue;
      const fresh = s.unit.sentences.filter((n) => !citations.some((c) => c.sentence === n));
      if (fresh.length === 0 || fresh.length < s.unit.sentences.length || citations.length >= MAX_CITATIONS) continue;
      const extra = unitCitations(s.unit).slice(0, MAX_CITATIONS - citations.length);
      citations.push(...extra);
      also.push({ text: statement(library, s.unit), notes: [], citations: extra });
    }
  }
  const answer = best.short ? best.short.text : fact;
  const notes = [...(best.short?.notes ?? [])];
  if (unit.claim?.via && best.short) notes.push(`Reported ${unit.claim.via}.`);
  return {
    question: q.text,
    answer,
    confidence: round(confidence),
    citations,
    support: { text: best.short ? (unit.event ? unit.event.title : fact) : answer, label: unit.claim ? `${unit.claim.kind} · ${unit.claim.status}` : unit.event ? dateLabel(unit.event) : undefined, notes, citations: citations.slice(0, citations.length - also.reduce((n, a) => n + a.citations.length, 0)) },
    also,
    related: [],
    diagnostics,
  };
}

/**
 * What a question asks for (a person, a date, a number, a place, or a statement) and what it is
 * about: its content concepts, weighted by how rare they are, and the entities it names in each briefing.
 */
import type { Briefing } from '../briefing/model.ts';
import type { EntityKind } from '../briefing/schema.ts';
import { analyze, conceptOf, nameWords, type Token } from './analyze.ts';
import { findMentions, type AskIndex, type Mention } from './index.ts';
import { QuestionNames, type NameSpan } from './question-names.ts';
import { KIND_NOUNS } from './lexicon.ts';

export type AnswerType = 'who' | 'whom' | 'name' | 'when' | 'where' | 'count' | 'duration' | 'yesno' | 'why' | 'what';

export interface Term {
  concept: string;
  weight: number;
  generic: boolean;
  start: number;
  end: number;
}

export interface Requirement {
  /** A concept, or for a named entity every entity the name can mean in the briefing. */
  concept?: string;
  entities?: string[];
  weight: number;
  label: string;
}

export interface Question {
  text: string;
  type: AnswerType;
  /** Entity kinds a who/where/which question wants. */
  kinds: EntityKind[];
  /** "Which countries …": every fitting entity of the source sentence is the answer, not the first. */
  plural: boolean;
  /** "Who is X?", "What is X?": X's description is the answer. */
  copular: boolean;
  /** "Tell me about X", "Describe X". */
  describe: boolean;
  /** The question's own main verb ("send" in "Did France send troops?"), if any. */
  verbConcept?: string;
  /**
   * Concepts an answer cannot do without: the noun a "which …" question asks for, and the verb of what
   * "how many" counts ("wounded" in "How many people were wounded?": a death toll does not answer it).
   */
  essentials: string[];
  /** The concept of the noun in "which villages", "what newspaper": an answer described by it is preferred. */
  typeConcept?: string;
  /** What "how many" counts ("tourists" in "How many tourists …"). */
  countedConcept?: string;
  /** The noun a "which …"/"what …" question asks for ("which language"): an answer must speak of it. */
  focusConcept?: string;
  tokens: Token[];
  terms: Term[];
  language: 'en' | 'other';
  /** The names the question uses, looked up in every briefing at once. */
  names: QuestionNames;
}

const GENERIC_WEIGHT = 0.3;

/** Words only English uses for its grammar: a question with none of them, of three words or more, is not English. */
const ENGLISH_MARKERS = new Set(
  `the of and what who whom whose when where why how which did does do is was were are has have had with for about from
  by that this many much after before said say tell there their they he she his her its it will would could should can
  been being than into against during between any been`.split(/\s+/),
);

const AUX_START = /^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might)\b/;
const PERSON_KINDS: EntityKind[] = ['person', 'organisation', 'group', 'country'];
const PLACE_KINDS: EntityKind[] = ['place', 'country'];

function detectType(lower: string): { type: AnswerType; kinds: EntityKind[]; plural: boolean; typeWords: Set<string>; noun?: string } {
  const typeWords = new Set<string>();
  if (/^(what|who)\b/.test(lower) && /\bthe names? of\b|\bwhat (is|was|are|were) (\w+ ){1,5}(called|named|known as)\b|\bidentif\w* (\w+ ){0,4}as\b|\bknown as\b/.test(lower)) {
    for (const w of ['name', 'names', 'called', 'named', 'known', 'identify', 'identified']) typeWords.add(w);
    return { type: 'name', kinds: [], plural: false, typeWords };
  }
  const which = /\b(which|what)\s+([a-z]+)/.exec(lower);
  const noun = which?.[2] ?? '';
  const nounKinds = KIND_NOUNS[noun] ?? KIND_NOUNS[noun.replace(/(ies)$/, 'y').replace(/s$/, '')];
  const plural = /s$/.test(noun) && nounKinds !== undefined;
  if (/\bhow (many|much)\b|\bwhat (number|percentage|proportion|share|figure|amount)\b|\bwhat (\w+ )?toll\b|\bhow (high|large|big) (was|is) the (\w+ )?toll\b/.test(lower)) {
    for (const w of ['number', 'percentage', 'proportion', 'share', 'figure', 'amount', 'toll', 'death']) if (new RegExp(`what (\\w+ )?${w}`).test(lower)) typeWords.add(w);
    return { type: 'count', kinds: [], plural: false, typeWords };
  }
  if (/\bhow long\b|\bfor how many (days|weeks|months|years)\b/.test(lower)) return { type: 'duration', kinds: [], plural: false, typeWords: new Set(['long']) };
  if (/^(when|since when|until when)\b|\b(what|which) (date|day|month|year|time)\b|\bin what year\b|\bon what (date|day)\b|\bwhen\b/.test(lower)) {
    for (const w of ['date', 'day', 'month', 'year', 'time']) if (new RegExp(`(what|which) ${w}\\b`).test(lower)) typeWords.add(w);
    return { type: 'when', kinds: [], plural: false, typeWords };
  }
  if (/^where\b|\bwhere\b/.test(lower) && !/^(who|what|which)\b/.test(lower)) return { type: 'where', kinds: PLACE_KINDS, plural: false, typeWords };
  if (nounKinds && which) {
    typeWords.add(noun);
    const placeOnly = nounKinds.every((k) => k === 'place');
    return { type: placeOnly ? 'where' : 'who', kinds: nounKinds, plural, typeWords, noun };
  }
  if (/^(who|whom|whose)\b|\b(who|whom|whose)\b/.test(lower)) {
    const wh = lower.match(/\b(who|whom)\b/g) ?? [];
    return { type: wh.length >= 2 ? 'whom' : 'who', kinds: PERSON_KINDS, plural: /^who (are|were)\b/.test(lower), typeWords };
  }
  if (AUX_START.test(lower)) return { type: 'yesno', kinds: [], plural: false, typeWords };
  if (/^why\b|\bfor what reason\b|\bwhat (was|is) the reason\b/.test(lower)) return { type: 'why', kinds: [], plural: false, typeWords: new Set(['reason']) };
  return { type: 'what', kinds: [], plural: false, typeWords };
}

/** True when the text reads as English (or as bare keywords), false for another language. */
export function looksEnglish(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  // Digits and signs alone are no language; the answerer then asks for something specific.
  if (letters.length === 0) return true;
  const latin = letters.filter((l) => /\p{Script=Latin}/u.test(l)).length;
  if (latin < letters.length / 2) return false;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 3) return true;
  return words.some((w) => ENGLISH_MARKERS.has(w));
}

export function parseQuestion(text: string, index: AskIndex): Question {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const { type, kinds, plural, typeWords, noun } = detectType(lower);
  const tokens = analyze(text);
  // "How many French troops were sent": the last noun before the verb is what is counted.
  let countedConcept: string | undefined;
  const many = tokens.findIndex((t, i) => /^(many|much)$/.test(t.norm) && tokens[i - 1]?.norm === 'how');
  if (type === 'count' && many >= 0) {
    for (const t of tokens.slice(many + 1)) {
      if (t.tags.has('Verb') || t.tags.has('Auxiliary') || t.tags.has('Copula') || t.tags.has('Preposition')) break;
      if (t.concept && t.tags.has('Noun')) countedConcept = t.concept;
    }
  }
  // "Which language …", "What information …": the noun asked for, unless it names a kind of entity or a date.
  let focusConcept: string | undefined;
  const wh = tokens.findIndex((t) => t.norm === 'which' || t.norm === 'what');
  const focus = wh >= 0 ? tokens[wh + 1] : undefined;
  if (focus?.concept && focus.tags.has('Noun') && !focus.tags.has('Pronoun') && !typeWords.has(focus.norm) && !(type === 'count' || type === 'when')) focusConcept = focus.concept;
  // "Who is X?" / "What was X?": a copula followed by no verb of its own.
  const copulaAt = tokens.findIndex((t, i) => i <= 2 && t.tags.has('Copula'));
  const nextContent = tokens.slice(copulaAt + 1).find((t) => !t.tags.has('Determiner'));
  const copular = /^(who|what)\b/.test(lower) && copulaAt >= 0 && !(nextContent && (nextContent.tags.has('Gerund') || nextContent.tags.has('PastTense') || nextContent.tags.has('Participle')));
  const terms: Term[] = [];
  const seen = new Set<string>();
  for (const t of tokens) {
    if (!t.concept || seen.has(t.concept)) continue;
    seen.add(t.concept);
    const generic = t.generic || typeWords.has(t.norm);
    // A general word ("say", "happen") says how to ask, not what about: it weighs little either way.
    const weight = generic ? Math.min(GENERIC_WEIGHT, index.idf(t.concept) * 0.25) : index.idf(t.concept);
    terms.push({ concept: t.concept, weight, generic, start: t.start, end: t.end });
  }
  // The question's verb; a yes/no question's tagger may read it as a noun ("Did Russia attack France?"):
  // then the first common word after the first name.
  let verbConcept = tokens.find((t) => t.concept && !t.generic && t.tags.has('Verb') && !t.tags.has('Auxiliary') && !t.tags.has('Copula'))?.concept;
  if (!verbConcept && type === 'yesno') verbConcept = tokens.find((t, i) => i >= 2 && t.concept && !t.generic && !t.tags.has('ProperNoun') && !t.tags.has('Pronoun'))?.concept;
  // The verb is what a yes/no question asks about and what "how many" counts: without it, "Did Russia
  // attack France?" would be answered by any sentence naming Russia and France.
  const essentials = [focusConcept, type === 'count' || type === 'yesno' ? verbConcept : undefined].filter((c): c is string => c !== undefined);
  return { text, type, kinds, plural, copular, essentials, typeConcept: noun ? conceptOf(noun) : undefined, countedConcept, focusConcept, tokens, terms, describe: /^(tell me (more )?about|describe|explain|what about|who'?s|what'?s)\b/.test(lower),
    verbConcept, language: looksEnglish(text) ? 'en' : 'other', names: new QuestionNames(text, index.lexical) };
}

/** The minimum weight of a named entity: naming someone is always a strong part of a question. */
export const ENTITY_WEIGHT_FLOOR = 2.5;

/** The briefings of the library that have the name a mention is written with (by its words, or exactly as written). */
function briefingsHolding(words: ReturnType<typeof nameWords>, m: Mention, index: AskIndex): Uint32Array {
  const span = words.slice(m.from, m.to);
  const byWords = index.lexical.briefingsNaming(span.map((w) => w.key).join(' '));
  if (span.length !== 1) return byWords;
  const exact = index.lexical.briefingsNaming(`=${span[0]!.raw.replace(/\./g, '')}\u0000${span[0]!.key}`);
  return exact.length > byWords.length ? exact : byWords;
}

/** What a unit of briefing `b` must hold to answer the question: named entities, then the other concepts. */
export function requirementsFor(question: Question, b: Briefing, index: AskIndex): { requirements: Requirement[]; mentions: Mention[] } {
  const mentions = findMentions(question.text, index.phrasesOf(b));
  const requirements: Requirement[] = [];
  const bySpan = new Map<string, Mention[]>();
  for (const m of mentions) {
    const key = `${m.start}:${m.end}`;
    bySpan.set(key, [...(bySpan.get(key) ?? []), m]);
  }
  const words = mentions.length ? nameWords(question.text) : [];
  for (const group of bySpan.values()) {
    const entities = group.map((m) => m.entity);
    const holders = briefingsHolding(words, group[0]!, index);
    const weight = Math.max(ENTITY_WEIGHT_FLOOR, ...entities.map((e) => index.nameIdf(b, e, holders)));
    requirements.push({ entities, weight, label: question.text.slice(group[0]!.start, group[0]!.end) });
  }
  // A name another briefing knows but this one doesn't ("Ukraine" asked of an article on Turkey) is still
  // a name: this briefing cannot satisfy it, and it weighs as a name, not as a common word.
  const elsewhere: NameSpan[] = question.names.elsewhere(index.library.positionOf(b), mentions);
  for (const m of elsewhere) requirements.push({ entities: [], weight: ENTITY_WEIGHT_FLOOR, label: question.text.slice(m.start, m.end) });
  for (const t of question.terms) {
    if ([...mentions, ...elsewhere].some((m) => t.start < m.end && t.end > m.start)) continue;
    requirements.push({ concept: t.concept, weight: t.weight, label: question.text.slice(t.start, t.end) });
  }
  return { requirements, mentions };
}


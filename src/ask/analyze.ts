/**
 * Text → concepts, the same way for article sentences, facts and questions, so that "denied",
 * "denial" and "deny" meet, and "killed", "deadly" and "died" meet: compromise gives each word its
 * lemma (irregular verbs included), the Porter stemmer folds derived forms, and the lexicon's
 * synonym groups fold words news text uses for the same thing.
 */
import { stemmer } from 'stemmer';
import { GENERIC, SURFACE_LEMMAS, STOPWORDS, SYNONYM_GROUPS } from './lexicon.ts';
import { nlp } from './nlp.ts';

export interface Token {
  /** The word as written. */
  text: string;
  /** Lower-case, accents and possessive removed. */
  norm: string;
  /** The concept the word stands for; undefined for function words. */
  concept?: string;
  /** The word's own stem, before synonyms are merged ("encircl", where the concept is "sieg"). */
  stem?: string;
  /** A concept too general to decide anything ("say", "happen"). */
  generic: boolean;
  start: number;
  end: number;
  tags: ReadonlySet<string>;
}

export function fold(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'");
}

/** Stems of words seen recently: names and roles recur across thousands of briefings. */
const STEMS = new Map<string, string>();
const STEM_MEMO = 20_000;

function stemOf(word: string): string {
  let stem = STEMS.get(word);
  if (stem === undefined) {
    stem = stemmer(word);
    if (STEMS.size >= STEM_MEMO) STEMS.clear();
    STEMS.set(word, stem);
  }
  return stem;
}

/** Stem → concept: the first word of its synonym group, or the stem itself. */
const CONCEPTS = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const head = stemOf(group[0]!);
  for (const word of group) CONCEPTS.set(stemOf(word), head);
}
const GENERIC_STEMS = new Set([...GENERIC].map(stemOf));
const STOP_STEMS = new Set([...STOPWORDS].map(stemOf));

/** The concept of one word already lemmatised (or of a plain dictionary word). */
export function conceptOf(lemma: string): string | undefined {
  const word = fold(lemma).replace(/'s$/, '').replace(/[^\p{L}\p{N}]/gu, '');
  if (!word || STOPWORDS.has(word)) return undefined;
  if (/^\d[\d,.]*$/.test(word)) return word.replace(/,/g, '');
  const stem = stemOf(SURFACE_LEMMAS[word] ?? word);
  if (STOP_STEMS.has(stem)) return undefined;
  return CONCEPTS.get(stem) ?? stem;
}

export function isGenericConcept(concept: string): boolean {
  return GENERIC_STEMS.has(concept);
}

interface CompromiseTerm {
  text: string;
  normal: string;
  root?: string;
  tags: string[];
  offset?: { start: number; length: number };
}

/**
 * Tokens with the same tags share one read-only set: there are a few hundred combinations, and a set per
 * token would be most of an analysed briefing's memory.
 */
const TAG_SETS = new Map<string, ReadonlySet<string>>();

export function tagSet(tags: readonly string[]): ReadonlySet<string> {
  const key = tags.join('|');
  let set = TAG_SETS.get(key);
  if (!set) {
    set = new Set(tags);
    TAG_SETS.set(key, set);
  }
  return set;
}

/** Words of a text with their concepts and offsets. */
export function analyze(text: string): Token[] {
  const doc = nlp()(text);
  doc.compute('root');
  const sentences = doc.json({ offset: true, terms: { normal: true } }) as Array<{ terms: CompromiseTerm[] }>;
  const tokens: Token[] = [];
  for (const sentence of sentences) {
    for (const term of sentence.terms) {
      const start = term.offset?.start ?? 0;
      const end = start + (term.offset?.length ?? term.text.length);
      const tags = tagSet(term.tags);
      const norm = fold(term.normal ?? term.text).replace(/'s$/, '');
      const surface = fold(term.text).replace(/[^\p{L}\p{N}']/gu, '');
      // An acronym such as "U.S." reads as the pronoun "us" once folded; keep it as a word.
      const acronym = tags.has('Acronym') && /^[\p{Lu}.]+$/u.test(term.text.replace(/['’]s$/, ''));
      const lemma = SURFACE_LEMMAS[surface] ?? term.root ?? norm;
      let concept: string | undefined;
      if (acronym) concept = norm.replace(/[^a-z0-9]/g, '') || undefined;
      else if (!STOPWORDS.has(norm)) concept = conceptOf(lemma);
      const stem = concept === undefined ? undefined : acronym ? concept : stemOf(fold(lemma).replace(/'s$/, '').replace(/[^\p{L}\p{N}]/gu, ''));
      tokens.push({ text: term.text, norm, concept, stem, generic: concept !== undefined && GENERIC_STEMS.has(concept), start, end, tags });
    }
  }
  return tokens;
}

/** Distinct concepts of a text. */
export function conceptsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of analyze(text)) if (t.concept) out.add(t.concept);
  return out;
}

// Keep dotted acronyms (U.S., U.N.) together so that they can match as a whole.
const NAME_WORD = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)?/gu;
const PLAIN = /^[a-zA-Z0-9.']*$/;

/**
 * Plain words for matching names: folded, split at anything that is not a letter or digit, each stemmed
 * so that "Western allies" matches the alias "Western ally". No lemmatiser: names are not verbs.
 */
export function nameWords(text: string): Array<{ key: string; raw: string; start: number; end: number }> {
  const out: Array<{ key: string; raw: string; start: number; end: number }> = [];
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(text); m; m = NAME_WORD.exec(text)) {
    // Most words are plain ASCII: no accents to strip, no curly quotes to fold.
    const ascii = PLAIN.test(m[0]);
    const raw = ascii ? m[0] : m[0].normalize('NFKD').replace(/\p{M}/gu, '');
    let word = (ascii ? raw.toLowerCase() : fold(raw)).replace(/['’]s$/, '').replace(/['’]/g, '').replace(/\./g, '');
    if (!word) continue;
    word = SURFACE_LEMMAS[word] ?? word;
    out.push({ key: /^\d/.test(word) ? word : stemOf(word), raw: raw.replace(/['’]s$/, ''), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

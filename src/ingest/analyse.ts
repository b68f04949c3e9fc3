/**
 * The article as ingest reads it: sentences (from the shared splitter) marked as dateline, heading, credit
 * line or body; tokens with part-of-speech tags from compromise; quote units (sentences of one quotation).
 */
import nlp from 'compromise';
import type { Sentence } from '../text/sentences.ts';
import { datelineLength } from '../text/sentences.ts';

export type SentenceKind = 'body' | 'dateline' | 'heading' | 'credit';

export interface Token {
  text: string;
  lower: string;
  /** Offsets in the article body. */
  start: number;
  end: number;
  /** Starts with a capital letter. */
  cap: boolean;
  /** compromise tags (Person, Place, Actor, PastTense, ...). */
  tags: Set<string>;
  /** Index within its sentence. */
  i: number;
}

export interface AnalysedSentence extends Sentence {
  kind: SentenceKind;
  tokens: Token[];
  /** The quote unit the sentence belongs to (consecutive sentences of one quotation share it). */
  unit: number;
}

export interface AnalysedArticle {
  body: string;
  sentences: AnalysedSentence[];
  /** Lower-cased words seen capitalised where capitals are not forced (not first in a sentence). */
  capitalisedWords: Set<string>;
  /** Words compromise's lexicon knows as ordinary words. */
  isCommonWord(lower: string): boolean;
}

// Credit lines and notes that are not the story: "(Reporting by ...; Editing by ...)", "SOURCE: ...".
const CREDIT = /^by\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})*\s*$|^[([]?\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|produced|translated|research|graphics?|photos?|video|written|edited)\s+(?:by|from)\b|^[([]?\s*(?:source|sources|photo|photos|image|credit|credits|copyright|©|contact|follow us)\s*:|^[([]?\s*this (?:story|article|version) (?:has been|was|is) (?:refiled|corrected|updated|amended)|^[([]?\s*©|^all rights reserved/iu;

// "U.S.", "St." (a title abbreviation keeps its period), "al-Assad", "3,318", "12:30", then single marks.
const TOKEN = /(?:\p{L}\.){2,}|\b\p{Lu}\.(?=\s+\p{Lu}|,|['’]s\b)|\b(?:St|Mt|Ft|Gen|Lt|Col|Maj|Capt|Cmdr|Sgt|Adm|Gov|Sen|Rep|Rev|Mr|Mrs|Ms|Dr|Prof|Jr|Sr|Ste)\.(?=\s+\p{Lu})|[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*|\S/gu;

function tokenize(s: Sentence): Array<Omit<Token, 'tags' | 'i'>> {
  const out: Array<Omit<Token, 'tags' | 'i'>> = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(s.text); m; m = TOKEN.exec(s.text)) {
    let text = m[0];
    let start = s.start + m.index;
    // A possessive 's is its own token, so "Turkey's interior minister" yields "Turkey".
    const poss = /^(.+?)(['’]s)$/u.exec(text);
    const parts: string[] = poss && /\p{L}/u.test(poss[1]!) ? [poss[1]!, poss[2]!] : [text];
    for (const part of parts) {
      text = part;
      out.push({ text, lower: text.toLowerCase(), start, end: start + text.length, cap: /^\p{Lu}/u.test(text) });
      start += text.length;
    }
  }
  return out;
}

function isHeading(s: Sentence, paragraphSize: number): boolean {
  if (paragraphSize !== 1) return false;
  const t = s.text.trim();
  if (/^#{1,6}\s/.test(t)) return true;
  if (/[.!?:;,"”’)]$/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > 12) return false;
  const letters = t.replace(/[^\p{L}]/gu, '');
  const upper = t.replace(/[^\p{Lu}]/gu, '');
  return letters.length > 0 && (upper.length / letters.length > 0.8 || words.every((w) => /^[\p{Lu}\d]/u.test(w) || w.length <= 3));
}

export function analyse(body: string, sentences: Sentence[]): AnalysedArticle {
  const lexicon = (nlp as unknown as { model(): { one: { lexicon: Record<string, string> } } }).model().one.lexicon;
  const perParagraph = new Map<number, number>();
  for (const s of sentences) perParagraph.set(s.paragraph, (perParagraph.get(s.paragraph) ?? 0) + 1);
  let creditParagraph = -1;
  const analysed: AnalysedSentence[] = [];
  let unit = 0;
  let open = false;
  let lastParagraph = 0;
  for (const s of sentences) {
    let kind: SentenceKind = 'body';
    if (s.index === 1 && datelineLength(body.slice(s.start)) === s.text.length) kind = 'dateline';
    else if (CREDIT.test(s.text.trim())) {
      kind = 'credit';
      creditParagraph = s.paragraph;
    } else if (s.paragraph === creditParagraph) kind = 'credit';
    else if (isHeading(s, perParagraph.get(s.paragraph)!)) kind = 'heading';

    const raw = tokenize(s);
    const tagged = tagTokens(s, raw);
    // Quote units: a sentence continues the previous unit while a quotation is open in the same paragraph.
    if (!(open && s.paragraph === lastParagraph)) unit++;
    open = quoteOpenAfter(s.text, open && s.paragraph === lastParagraph);
    lastParagraph = s.paragraph;
    analysed.push({ ...s, kind, tokens: tagged, unit });
  }

  const capitalisedWords = new Set<string>();
  for (const s of analysed) {
    if (s.kind !== 'body') continue;
    s.tokens.forEach((t, i) => {
      if (!t.cap || i === firstWordIndex(s.tokens)) return;
      const prev = s.tokens[i - 1];
      if (prev && /^["“‘(:]$/.test(prev.text)) return;
      capitalisedWords.add(t.lower);
    });
  }
  return {
    body,
    sentences: analysed,
    capitalisedWords,
    isCommonWord: (lower) => {
      const tag = lexicon[lower];
      return tag !== undefined && !/Name|Place|Country|City|Region|Organization|Person/.test(tag);
    },
  };
}

export function firstWordIndex(tokens: Token[]): number {
  return tokens.findIndex((t) => /^[\p{L}\p{N}]/u.test(t.text));
}

function quoteOpenAfter(text: string, openBefore: boolean): boolean {
  let open = openBefore;
  for (const ch of text) {
    if (ch === '“') open = true;
    else if (ch === '”') open = false;
    else if (ch === '"') open = !open;
  }
  return open;
}

/** Attaches compromise's tags to our tokens by character overlap. */
function tagTokens(s: Sentence, raw: Array<Omit<Token, 'tags' | 'i'>>): Token[] {
  type Term = { text: string; tags: string[]; offset: { start: number; length: number } };
  const json = nlp(s.text).json({ offset: true }) as Array<{ terms: Term[] }>;
  const terms = json.flatMap((x) => x.terms);
  return raw.map((t, i) => {
    const tags = new Set<string>();
    const a = t.start - s.start;
    const b = t.end - s.start;
    for (const term of terms) {
      const ts = term.offset.start;
      const te = ts + term.offset.length;
      if (te > a && ts < b) for (const tag of term.tags) tags.add(tag);
    }
    return { ...t, tags, i };
  });
}

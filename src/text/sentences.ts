/**
 * Paragraph and sentence segmentation with character offsets into the original text.
 * Shared by the briefing loader (to anchor evidence quotes) and by ingest, so both
 * agree on what "sentence 7" is.
 */

export interface Sentence {
  /** 1-based number across the whole text. */
  index: number;
  /** 1-based paragraph number. */
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

// Abbreviations, lower-cased and without the final period, by how they behave at a sentence end.
// Titles and the like never end a sentence ("Gen. Smith", "Mr. Kerry").
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'st', 'mt', 'ft', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr', 'cmdt',
  'sgt', 'cpl', 'pvt', 'adm', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'supt', 'insp', 'messrs', 'mme', 'mlle',
  'vs', 'cf', 'al', 'approx', 'dept', 'univ', 'assn', 'est', 'i.e', 'e.g', 'ph.d',
]);
// These end a sentence only when a typical sentence opener follows ("... in the U.S. The talks ...").
const ENDABLE = new Set([
  'u.s', 'u.n', 'u.k', 'e.u', 'u.s.a', 'd.c', 'a.m', 'p.m', 'inc', 'ltd', 'co', 'corp', 'jr', 'bros', 'etc', 'plc',
]);
// These abbreviate only before a number ("No. 5", "Jan. 6", "Fig. 2"); elsewhere the period ends the sentence.
const BEFORE_NUMBER = new Set([
  'no', 'nos', 'vol', 'fig', 'op', 'art', 'sec', 'para', 'pp', 'p',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
]);
// Words that typically open a sentence: after an ENDABLE abbreviation they mean a new sentence began.
const SENTENCE_OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'but', 'and', 'in', 'on', 'at', 'this', 'that',
  'these', 'those', 'his', 'her', 'its', 'their', 'our', 'there', 'meanwhile', 'however', 'also', 'after', 'before',
  'when', 'while', 'if', 'as', 'for', 'with', 'since', 'some', 'many', 'most', 'one', 'no', 'yet', 'so', 'still',
]);

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);

/** Splits text into paragraphs at blank lines, returning [start, end) ranges of non-empty paragraphs. */
export function paragraphRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const re = /\n[ \t]*\n/g;
  let start = 0;
  const push = (s: number, e: number): void => {
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) ranges.push([s, e]);
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    push(start, m.index);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return ranges;
}

function isBoundary(text: string, dot: number, end: number): boolean {
  // `dot` is the index of . ! or ?, `end` the index after any closing quotes/brackets.
  const ch = text[dot]!;
  let next = end;
  if (next < text.length && !/\s/.test(text[next]!)) return false;
  while (next < text.length && /\s/.test(text[next]!)) next++;
  if (next >= text.length) return true;
  const following = text[next]!;
  if (ch === '.' && end === dot + 1) {
    const wordMatch = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
    const raw = wordMatch ? wordMatch[1]! : '';
    const word = raw.toLowerCase().replace(/^\.+/, '');
    const nextWord = /^[\p{L}\d]+/u.exec(text.slice(next))?.[0] ?? '';
    if (TITLES.has(word)) return false;
    if (ENDABLE.has(word)) return SENTENCE_OPENERS.has(nextWord.toLowerCase()) && /^\p{Lu}/u.test(nextWord);
    if (BEFORE_NUMBER.has(word) && /^\d/.test(nextWord)) return false;
    // A single capital initial such as "John F. Kennedy".
    if (/^\p{Lu}$/u.test(raw) && /\p{Lu}/u.test(following)) return false;
  }
  // A new sentence starts with a capital, a digit, or an opening quote/bracket.
  return /[\p{Lu}\d"'“‘([«]/u.test(following);
}

// A wire-service dateline opening an article: "AMMAN", "BAKU/YEREVAN", "MADAYA, Syria", "LONDON (Reuters) -".
// It is a place, not part of the first sentence, so it stands as a sentence of its own.
const DATELINE = new RegExp(
  String.raw`^(\p{Lu}[\p{Lu}.'’\-]*(?:[ /]\p{Lu}[\p{Lu}.'’\-]*)*)` + // AMMAN, BAKU/YEREVAN, SAN FRANCISCO
    String.raw`((?:,\s+\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)*?)?)` + // , Syria
    String.raw`(\s*\([^)\n]{1,40}\))?` + // (Reuters)
    String.raw`(\s*(?:--|[-–—:]))?` +
    String.raw`\s+(?=["“‘]?\p{Lu}(?:[\p{Ll}’'.]|\s))`,
  'u',
);

/** The length of a dateline at the start of `text` (0 when there is none). */
export function datelineLength(text: string): number {
  const m = DATELINE.exec(text);
  if (!m) return 0;
  const place = m[1]!;
  const letters = place.replace(/[^\p{Lu}]/gu, '');
  const marked = Boolean(m[2] || m[3] || m[4] || place.includes('/'));
  // A lone short acronym ("NATO Secretary General ...") is more likely the subject than a dateline.
  if (!marked) {
    // Unmarked, a short all-caps word opening the text is more likely an acronym subject ("NATO Secretary
    // General ...") than a dateline, unless a typical sentence opener follows it ("ROME The ...").
    const nextWord = /^["“‘]?([\p{L}]+)/u.exec(text.slice(m[0].length))?.[1] ?? '';
    if (place.includes('.') || letters.length < 3) return 0;
    if (letters.length < 5 && !SENTENCE_OPENERS.has(nextWord.toLowerCase())) return 0;
  }
  return m[0].trimEnd().length;
}

/** Splits text into sentences with paragraph numbers and offsets. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const [pStart, pEnd] of paragraphRanges(text)) {
    paragraph++;
    let start = pStart;
    if (paragraph === 1) {
      const dateline = datelineLength(text.slice(pStart, pEnd));
      if (dateline > 0) {
        pushSentence(sentences, text, pStart, pStart + dateline, paragraph);
        start = pStart + dateline;
      }
    }
    for (let i = start; i < pEnd; i++) {
      const ch = text[i]!;
      if (ch !== '.' && ch !== '!' && ch !== '?' && ch !== '\n') continue;
      let end = i + 1;
      if (ch === '\n') {
        // A single line break inside a paragraph: a wrapped line continues the sentence,
        // while a line that looks finished (a heading, a dateline) stands alone.
        const soFar = text.slice(start, i).trim();
        if (soFar.length > 0 && !/[\p{Ll},;:\-–—]$/u.test(soFar)) {
          pushSentence(sentences, text, start, i, paragraph);
          start = i + 1;
        }
        continue;
      }
      while (end < pEnd && (text[end] === '.' || text[end] === '!' || text[end] === '?')) end++;
      while (end < pEnd && CLOSERS.has(text[end]!)) end++;
      if (end >= pEnd || isBoundary(text, i, end)) {
        pushSentence(sentences, text, start, end, paragraph);
        start = end;
        i = end - 1;
      }
    }
    if (start < pEnd) pushSentence(sentences, text, start, pEnd, paragraph);
  }
  return sentences;
}

function pushSentence(out: Sentence[], text: string, start: number, end: number, paragraph: number): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end <= start) return;
  out.push({ index: out.length + 1, paragraph, start, end, text: text.slice(start, end) });
}

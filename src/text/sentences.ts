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

// Words that end with a period without ending the sentence. Lower-cased, without the period.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'lt', 'col', 'maj', 'capt', 'cmdr',
  'sgt', 'adm', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'supt', 'insp', 'no', 'nos', 'vs', 'etc', 'inc',
  'ltd', 'co', 'corp', 'dept', 'univ', 'assn', 'bros', 'approx', 'est', 'fig', 'vol', 'op', 'cf', 'al',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'u.s', 'u.n', 'u.k', 'e.u', 'u.s.a', 'd.c', 'a.m', 'p.m', 'i.e', 'e.g', 'ph.d',
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
  if (ch === '.') {
    const wordMatch = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
    const word = wordMatch ? wordMatch[1]!.toLowerCase() : '';
    if (ABBREVIATIONS.has(word.replace(/^\.+/, ''))) return false;
    // A single capital initial such as "John F. Kennedy".
    if (/^\p{Lu}$/u.test(wordMatch?.[1] ?? '') && /\p{Lu}/u.test(following)) return false;
    // A number such as "3.5" never reaches here (no whitespace); "No. 5" is handled by the list above.
  }
  // A new sentence starts with a capital, a digit, or an opening quote/bracket.
  return /[\p{Lu}\d"'“‘([«]/u.test(following);
}

/** Splits text into sentences with paragraph numbers and offsets. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  for (const [pStart, pEnd] of paragraphRanges(text)) {
    paragraph++;
    let start = pStart;
    for (let i = pStart; i < pEnd; i++) {
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

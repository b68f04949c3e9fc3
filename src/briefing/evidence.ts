/**
 * Anchors an author's quote in the article (the idea of the W3C Web Annotation TextQuoteSelector):
 * the quote must appear verbatim, up to white space and the typographic form of quotes and apostrophes,
 * so that a quote typed on an ordinary keyboard still matches the article's curly ones.
 */
import type { Sentence } from '../text/sentences.ts';

export interface Evidence {
  quote: string;
  /** 1-based sentence number of the first sentence the quote touches. */
  sentence: number;
  paragraph: number;
  /** Offsets of the quote in the article body. */
  start: number;
  end: number;
  /** All sentences the quote spans (usually one); their text is in the article's sentences. */
  sentences: number[];
}

const FOLD: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '′': "'", '“': '"', '”': '"', '„': '"', '″': '"',
  '\u00a0': ' ', '–': '-', '—': '-',
};

/** Text folded for matching, with a map from each folded index back to the original. */
export interface FoldedText {
  text: string;
  map: Int32Array;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0xfeff;
}

function foldedCode(original: string, i: number, code: number): number {
  if (code <= 127) return code;
  const folded = FOLD[original[i]!];
  return folded !== undefined ? folded.charCodeAt(0) : code;
}

export function foldForMatching(original: string): FoldedText {
  // Typed arrays and one string at the end: this runs over every article at start-up.
  const codes = new Uint16Array(original.length);
  const map = new Int32Array(original.length);
  let n = 0;
  let wide = false;
  let lastWasSpace = true;
  for (let i = 0; i < original.length; i++) {
    let code = original.charCodeAt(i);
    if (isSpace(code)) {
      if (lastWasSpace) continue;
      code = 32;
      lastWasSpace = true;
    } else {
      lastWasSpace = false;
      code = foldedCode(original, i, code);
      if (code > 255) wide = true;
    }
    codes[n] = code;
    map[n++] = i;
  }
  if (n > 0 && codes[n - 1] === 32) n--;
  return { text: codesToString(codes, n, wide), map: map.subarray(0, n) };
}

function codesToString(codes: Uint16Array, n: number, wide: boolean): string {
  if (!wide) return Buffer.from(Uint8Array.from(codes.subarray(0, n))).toString('latin1');
  let text = '';
  for (let i = 0; i < n; i += 8192) text += String.fromCharCode(...codes.subarray(i, Math.min(n, i + 8192)));
  return text;
}

/** The folded text of a quote (no map); the quote itself when folding would not change it, as for most. */
function foldQuote(quote: string): string {
  const last = quote.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = quote.charCodeAt(i);
    if (isSpace(code) ? code !== 32 || i === 0 || i === last || quote.charCodeAt(i - 1) === 32 : foldedCode(quote, i, code) !== code) return foldForMatching(quote).text;
  }
  return quote;
}

export class QuoteIndex {
  private readonly folded: FoldedText;

  constructor(
    private readonly body: string,
    private readonly sentences: Sentence[],
  ) {
    this.folded = foldForMatching(body);
  }

  /** Resolves a quote, or returns undefined when it is not in the article. */
  find(quote: string): Evidence | undefined {
    const needle = foldQuote(quote);
    if (needle.length === 0) return undefined;
    const at = this.folded.text.indexOf(needle);
    if (at < 0) return undefined;
    const start = this.folded.map[at]!;
    const end = this.folded.map[at + needle.length - 1]! + 1;
    // Sentences are in order and do not overlap: the first ending after the start, then those starting before the end.
    const sentences = this.sentences;
    let lo = 0;
    let hi = sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sentences[mid]!.end > start) hi = mid;
      else lo = mid + 1;
    }
    const touched: number[] = [];
    for (let i = lo; i < sentences.length && sentences[i]!.start < end; i++) touched.push(sentences[i]!.index);
    const first = touched.length > 0 ? sentences[lo]! : sentences[0]!;
    return { quote, sentence: first.index, paragraph: first.paragraph, start, end, sentences: touched };
  }

  /** A nearby passage to show the author when a quote is not found: the sentence sharing most words. */
  closest(quote: string): Sentence | undefined {
    const words = new Set(foldForMatching(quote).text.toLowerCase().match(/[\p{L}\d]+/gu) ?? []);
    let best: Sentence | undefined;
    let bestScore = 0;
    for (const s of this.sentences) {
      const sw = foldForMatching(s.text).text.toLowerCase().match(/[\p{L}\d]+/gu) ?? [];
      const score = sw.filter((w) => words.has(w)).length;
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }
}

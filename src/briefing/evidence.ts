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
  map: number[];
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0xfeff;
}

export function foldForMatching(original: string): FoldedText {
  // Built as char codes rather than by string concatenation: this runs over every article at start-up.
  const codes: number[] = [];
  const map: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < original.length; i++) {
    let code = original.charCodeAt(i);
    if (isSpace(code)) {
      if (lastWasSpace) continue;
      code = 32;
      lastWasSpace = true;
    } else {
      lastWasSpace = false;
      if (code > 127) {
        const folded = FOLD[original[i]!];
        if (folded !== undefined) code = folded.charCodeAt(0);
      }
    }
    codes.push(code);
    map.push(i);
  }
  if (codes.at(-1) === 32) {
    codes.pop();
    map.pop();
  }
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.slice(i, i + 8192));
  return { text, map };
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
    const needle = foldForMatching(quote).text;
    if (needle.length === 0) return undefined;
    const at = this.folded.text.indexOf(needle);
    if (at < 0) return undefined;
    const start = this.folded.map[at]!;
    const end = this.folded.map[at + needle.length - 1]! + 1;
    const touched = this.sentences.filter((s) => s.end > start && s.start < end);
    const first = touched[0] ?? this.sentences[0]!;
    return {
      quote,
      sentence: first.index,
      paragraph: first.paragraph,
      start,
      end,
      sentences: touched.map((s) => s.index),
    };
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

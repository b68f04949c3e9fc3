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
  /** All sentences the quote spans (usually one). */
  sentences: number[];
  /** The full text of the sentence(s) the quote spans. */
  sentenceText: string;
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

export function foldForMatching(original: string): FoldedText {
  let text = '';
  const map: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < original.length; i++) {
    let ch = original[i]!;
    ch = FOLD[ch] ?? ch;
    if (/\s/.test(ch)) {
      if (lastWasSpace) continue;
      ch = ' ';
      lastWasSpace = true;
    } else lastWasSpace = false;
    text += ch;
    map.push(i);
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
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
      sentenceText: touched.length > 0 ? this.body.slice(touched[0]!.start, touched.at(-1)!.end) : quote,
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

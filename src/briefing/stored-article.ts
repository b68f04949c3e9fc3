/**
 * The article of a loaded briefing, kept small: at 10,000 briefings the article bodies and their sentences
 * were half the heap.
 *
 * - The body is one string of one byte per character. V8 stores a string in two bytes per character as soon
 *   as it holds one character past U+00FF, and news articles hold curly quotes and dashes. Those characters
 *   (up to 32 distinct per article) are stored as the C1 control codes U+0080..U+009F, which text never
 *   uses, and a short table per article gives them back: offsets are unchanged, so a quote or a sentence is
 *   a slice of the packed body with its few substituted characters put back. An article the table cannot
 *   cover (Cyrillic, say) keeps its body as it is.
 * - Sentences are offsets (start, end, paragraph) in one Int32Array rather than an object and a sliced
 *   string each; `sentences` materialises the objects when asked, and the most recently used articles keep
 *   theirs (a bounded ring), so code that walks an article's sentences gets them once.
 */
import type { Article, ArticleHeader } from './article.ts';
import type { Sentence } from '../text/sentences.ts';

/** The substitutes: C1 control codes, never found in an article's text. */
const FIRST_SUBSTITUTE = 0x80;
const SUBSTITUTES = 32;
const SUBSTITUTED = /[\u0080-\u009f]/;
const SUBSTITUTED_ALL = /[\u0080-\u009f]/g;

let scratch = new Uint8Array(1 << 16);

/** The body in one byte per character and the table of substituted characters, or the body as it is. */
export function packText(body: string): { packed: string; table: string } {
  if (scratch.length < body.length) scratch = new Uint8Array(body.length * 2);
  let table = '';
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code < FIRST_SUBSTITUTE || (code >= FIRST_SUBSTITUTE + SUBSTITUTES && code <= 0xff)) {
      scratch[i] = code;
      continue;
    }
    // Each half of a surrogate pair is a character of its own here: offsets count UTF-16 code units.
    let k = table.indexOf(body[i]!);
    if (k < 0) {
      if (table.length === SUBSTITUTES) return { packed: body, table: '' };
      k = table.length;
      table += body[i]!;
    }
    scratch[i] = FIRST_SUBSTITUTE + k;
  }
  return { packed: Buffer.from(scratch.buffer, 0, body.length).toString('latin1'), table };
}

/** Puts the substituted characters of a piece of a packed body back. */
export function unpackText(piece: string, table: string): string {
  if (table === '' || !SUBSTITUTED.test(piece)) return piece;
  return piece.replace(SUBSTITUTED_ALL, (c) => table[c.charCodeAt(0) - FIRST_SUBSTITUTE]!);
}

/** How many articles keep their materialised sentences. */
const KEPT = 256;
const ring: Array<StoredArticle | undefined> = new Array(KEPT);
let ringNext = 0;

export class StoredArticle implements Article {
  readonly #packed: string;
  readonly #table: string;
  /** Per sentence: start, end (UTF-16 offsets in the body) and paragraph. Sentence n is at 3 × (n − 1). */
  readonly spans: Int32Array;
  #sentences: Sentence[] | undefined;

  constructor(
    readonly header: ArticleHeader,
    body: string,
    spans: Int32Array,
  ) {
    const { packed, table } = packText(body);
    this.#packed = packed;
    this.#table = table;
    this.spans = spans;
  }

  get sentenceCount(): number {
    return this.spans.length / 3;
  }

  get body(): string {
    return unpackText(this.#packed, this.#table);
  }

  /** The article's text from `start` to `end` (UTF-16 offsets), as `body.slice` gives it. */
  text(start: number, end: number): string {
    return unpackText(this.#packed.slice(start, end), this.#table);
  }

  /** Sentence n (1-based) without materialising the others. */
  sentence(n: number): Sentence | undefined {
    if (this.#sentences) return this.#sentences[n - 1];
    if (!(n >= 1 && n <= this.sentenceCount)) return undefined;
    return this.#make(n);
  }

  get sentences(): Sentence[] {
    if (this.#sentences) return this.#sentences;
    const out: Sentence[] = new Array(this.sentenceCount);
    for (let n = 1; n <= out.length; n++) out[n - 1] = this.#make(n);
    const evicted = ring[ringNext];
    if (evicted) evicted.#sentences = undefined;
    ring[ringNext] = this;
    ringNext = (ringNext + 1) % KEPT;
    this.#sentences = out;
    return out;
  }

  #make(n: number): Sentence {
    const at = (n - 1) * 3;
    const start = this.spans[at]!;
    const end = this.spans[at + 1]!;
    return { index: n, paragraph: this.spans[at + 2]!, start, end, text: this.text(start, end) };
  }

  toJSON(): Article {
    return { header: this.header, body: this.body, sentences: this.sentences };
  }
}

/** Sentence n (1-based) of an article, without materialising every sentence of a stored one. */
export function sentenceAt(article: Article, n: number): Sentence | undefined {
  return article instanceof StoredArticle ? article.sentence(n) : article.sentences[n - 1];
}

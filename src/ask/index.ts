/**
 * What the answerer searches, per Library (a reload makes a new Library, hence a new one), in two stages:
 *
 * 1. Library-wide and cheap (corpus.ts, question-names.ts): which briefings hold each concept and each
 *    name, and how many article sentences hold each concept. A question's candidate briefings are those
 *    holding most of its weight: the one it names, or the few with most of its words.
 * 2. Per briefing and precise (briefing-index.ts): units (sentences and facts) with lemmatised concepts
 *    and entities, built only for candidates and kept in a bounded cache, with the NLP analysis on disk.
 *
 * A small library (at most EXACT_LIBRARY briefings) is analysed whole: every briefing is a candidate, and
 * word rarity (idf) and retrieval statistics come from the precise analysis of all of it. A larger one
 * takes word rarity from stage 1's counts, and retrieval statistics from the candidates.
 */
import type { Library } from '../briefing/library.ts';
import type { Article } from '../briefing/article.ts';
import type { Briefing } from '../briefing/model.ts';
import { StoredArticle } from '../briefing/stored-article.ts';
import type { Token } from './analyze.ts';
import { briefingIndex, type BriefingIndex, type Unit } from './briefing-index.ts';
import { LexicalIndex } from './corpus.ts';
import { lexicalIndexOf, prepareLexical } from './lexical-store.ts';
import { namesOf, type NamePhrase } from './names.ts';

export { entityTerm, KIND_CONCEPTS, type Unit, type UnitKind } from './briefing-index.ts';
export { findMentions, type Mention, type NamePhrase } from './names.ts';

/** Libraries up to this size are analysed whole (statistics exact); larger ones by candidates. */
export const EXACT_LIBRARY = 8;

/** BM25+ as MiniSearch computes it (its defaults), so that scores do not depend on how units are stored. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Word rarity is measured as if the library had at most this many article sentences: the share of sentences
 * holding a word, not their number, sets its weight. BM25's idf of a word in n of N sentences grows with
 * log N when n stays small (a name used in one briefing) but not when n grows with N (a common word), so
 * without this a question's name would outweigh its other words more and more as the library grows, and
 * the coverage threshold, calibrated on a library of 82 sentences, would mean less and less. Up to this
 * size idf is BM25's own; above it, n is scaled by REFERENCE_SENTENCES / N, so that a library of many copies
 * of a story weighs every word as one copy does, and the weight of anything rare is bounded (about 5.3).
 */
export const REFERENCE_SENTENCES = 100;

export function rarity(sentencesWith: number, sentences: number): number {
  const total = Math.min(sentences, REFERENCE_SENTENCES);
  const n = sentences > total ? (sentencesWith * total) / sentences : sentencesWith;
  return Math.log(1 + (total - n + 0.5) / (n + 0.5));
}

export interface Retrieved {
  unit: Unit;
  score: number;
}

export class AskIndex {
  private lexicalIndex?: LexicalIndex;
  private exactCounts?: { concepts: Map<string, number>; sentences: number };
  /** Whether the whole library is analysed (see EXACT_LIBRARY). */
  readonly whole: boolean;

  constructor(readonly library: Library) {
    this.whole = library.briefings.length <= EXACT_LIBRARY;
  }

  /** Stage 1, built on first use. */
  get lexical(): LexicalIndex {
    // A small library is read in milliseconds: only a large one is worth a file.
    this.lexicalIndex ??= this.whole ? LexicalIndex.build(this.library) : lexicalIndexOf(this.library);
    return this.lexicalIndex;
  }

  /** Stage 2 of one briefing. */
  briefing(b: Briefing): BriefingIndex {
    return briefingIndex(this.library, b);
  }

  phrasesOf(b: Briefing): NamePhrase[] {
    return namesOf(b).phrases;
  }

  private exact(): { concepts: Map<string, number>; sentences: number } {
    if (!this.exactCounts) {
      const concepts = new Map<string, number>();
      let sentences = 0;
      for (const b of this.library.briefings) {
        for (const [c, n] of this.briefing(b).conceptSentences) concepts.set(c, (concepts.get(c) ?? 0) + n);
        sentences += b.article.sentences.length;
      }
      this.exactCounts = { concepts, sentences };
    }
    return this.exactCounts;
  }

  /** Article sentences of the library. */
  private sentenceTotal(): number {
    return this.whole ? this.exact().sentences : this.lexical.sentences;
  }

  /** BM25's inverse document frequency of a concept over the article sentences, at the reference size (see rarity). */
  idf(term: string): number {
    if (term.startsWith('@')) {
      const slash = term.indexOf('/');
      const b = this.library.get(term.slice(1, slash));
      return this.nameIdf(b, term.slice(slash + 1), []);
    }
    return rarity(this.whole ? (this.exact().concepts.get(term) ?? 0) : this.lexical.sentencesWith(term), this.sentenceTotal());
  }

  /**
   * The idf of a name of briefing `b` among the briefings that have it (`holders`, their positions): the
   * share of `b`'s sentences involving the entity, as a share of all those briefings' sentences. A name
   * is weighed against the stories that use it, not against the whole library: briefings on other stories
   * neither make it rarer (a name of one briefing among 10,000 would otherwise outweigh every other word of
   * a question) nor commoner.
   */
  nameIdf(b: Briefing | undefined, entity: string, holders: ArrayLike<number>): number {
    if (!b) return rarity(0, this.sentenceTotal());
    const own = sentenceCount(b.article);
    let sentences = 0;
    let includesOwn = false;
    const self = this.library.positionOf(b);
    for (let i = 0; i < holders.length; i++) {
      sentences += sentenceCount(this.library.briefings[holders[i]!]!.article);
      if (holders[i] === self) includesOwn = true;
    }
    if (!includesOwn) sentences += own;
    const share = (namesOf(b).entitySentences.get(entity) ?? 0) / Math.max(1, own);
    return rarity(share * sentences, sentences);
  }

  /** A unit by key (`<briefing>#<unit>`). */
  unit(key: string): Unit | undefined {
    const b = this.library.get(key.slice(0, key.indexOf('#')));
    return b && this.briefing(b).byKey.get(key);
  }

  tokensOf(b: Briefing, sentence: number): Token[] {
    return this.briefing(b).tokensOf(sentence);
  }

  tokensOfText(b: Briefing, text: string): Token[] {
    return this.briefing(b).tokensOfText(text);
  }

  /**
   * Units holding any of the terms, scored with BM25+ over the units of `statistics` (in library order),
   * boosted per term and multiplied by the number of terms matched, best first; only units of briefings
   * in scope are returned.
   */
  retrieve(statistics: Briefing[], terms: string[], boost: (term: string) => number, inScope: (b: Briefing) => boolean): Retrieved[] {
    const indexes = statistics.map((b) => this.briefing(b));
    let count = 0;
    let average = 0;
    for (const index of indexes) {
      for (const length of index.termCounts) {
        average = (average * count + length) / (count + 1);
        count++;
      }
    }
    const found = new Map<Unit, { score: number; terms: number }>();
    for (const term of terms) {
      let matching = 0;
      for (const index of indexes) matching += index.postings.get(term)?.length ?? 0;
      if (matching === 0) continue;
      const idf = Math.log(1 + (count - matching + 0.5) / (matching + 0.5));
      const termBoost = boost(term);
      for (const index of indexes) {
        for (const position of index.postings.get(term) ?? []) {
          const length = index.termCounts[position]!;
          const raw = idf * (BM25.d + (1 * (BM25.k + 1)) / (1 + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
          const weighted = termBoost * raw;
          const unit = index.units[position]!;
          const hit = found.get(unit);
          if (hit) {
            hit.score = hit.score + weighted;
            hit.terms++;
          } else found.set(unit, { score: weighted, terms: 1 });
        }
      }
    }
    const out: Retrieved[] = [];
    for (const [unit, { score, terms: matched }] of found) if (inScope(unit.briefing)) out.push({ unit, score: score * matched });
    return out.sort((a, b) => b.score - a.score);
  }
}

/**
 * How many sentences an article has, without making them: a name shared by thousands of briefings is weighed
 * against all their sentence counts, and materialising those articles' sentences was most of what a question
 * left for the garbage collector (about 13 MB a question at 10,000 briefings).
 */
function sentenceCount(article: Article): number {
  return article instanceof StoredArticle ? article.sentenceCount : article.sentences.length;
}

const cache = new WeakMap<Library, AskIndex>();

/** The index of a library, made on first use and kept as long as the library is. */
export function askIndex(library: Library): AskIndex {
  let index = cache.get(library);
  if (!index) {
    index = new AskIndex(library);
    cache.set(library, index);
  }
  return index;
}

/**
 * Prepares what the first question over a library needs (stage 1: read from disk or built) between
 * commands, right after a start or a reload; a question asked before it is done completes it at once and is
 * answered the same. The NLP model is not loaded here: a process never asked anything never loads it.
 */
export function prepareAsk(library: Library): Promise<void> {
  return library.briefings.length <= EXACT_LIBRARY ? Promise.resolve() : prepareLexical(library);
}


/**
 * The library-wide part of the answerer, cheap enough to build for 10,000 briefings on the first question
 * (no NLP model, typed arrays): which briefings hold each word's concept and each name, and in how many
 * article sentences each concept occurs. It decides which few briefings a question can be answered from;
 * those are then analysed and scored precisely (briefing-index.ts).
 *
 * Words are read here without a tagger: a word's concept is its Porter stem merged with its synonyms
 * (conceptOf), where the precise index lemmatises first ("said" is "say" there, "said" here). A question
 * looks up both forms of each of its words.
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing } from '../briefing/model.ts';
import { conceptOf } from './analyze.ts';
import { KIND_CONCEPTS } from './briefing-index.ts';
import { phraseKey, phrasesOf } from './names.ts';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)?/gu;

/** A growable list of integers. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
}

/** term → sorted briefing positions, in two typed arrays (compressed sparse rows). */
class Postings {
  readonly start: Uint32Array;
  readonly briefings: Uint32Array;

  constructor(terms: number, pairs: IntList, boundaries: IntList) {
    const count = new Uint32Array(terms + 1);
    for (let i = 0; i < pairs.length; i++) count[pairs.data[i]! + 1]!++;
    for (let t = 0; t < terms; t++) count[t + 1]! += count[t]!;
    this.start = count;
    this.briefings = new Uint32Array(pairs.length);
    const fill = count.slice(0, terms);
    for (let p = 0, i = 0; p + 1 < boundaries.length; p++) {
      for (; i < boundaries.data[p + 1]!; i++) this.briefings[fill[pairs.data[i]!]!++] = p;
    }
  }

  of(term: number | undefined): Uint32Array {
    return term === undefined ? EMPTY : this.briefings.subarray(this.start[term]!, this.start[term + 1]!);
  }
}

const EMPTY = new Uint32Array(0);

export class LexicalIndex {
  private readonly terms = new Map<string, number>();
  private readonly phrases = new Map<string, number>();
  /** Article sentences holding each term. */
  private readonly sentenceCounts: Int32Array;
  private readonly termPostings: Postings;
  private readonly phrasePostings: Postings;
  /** Article sentences in the library. */
  readonly sentences: number;
  /** The longest name, in words. */
  readonly longestPhrase: number;

  constructor(readonly library: Library) {
    const conceptOfWord = new Map<string, number>();
    const idOf = (word: string): number => {
      let id = conceptOfWord.get(word);
      if (id === undefined) {
        const concept = conceptOf(word);
        id = concept === undefined ? -1 : this.termId(concept);
        conceptOfWord.set(word, id);
      }
      return id;
    };
    const termPairs = new IntList();
    const termBounds = new IntList();
    const phrasePairs = new IntList();
    const phraseBounds = new IntList();
    let seenIn = new Int32Array(1 << 16).fill(-1);
    let sentenceSeen = new Int32Array(1 << 16).fill(-1);
    let counts = new Int32Array(1 << 16);
    let sentence = 0;
    let longest = 0;
    const grow = (id: number): void => {
      if (id < seenIn.length) return;
      const size = Math.max(id + 1, seenIn.length * 2);
      const a = new Int32Array(size).fill(-1);
      a.set(seenIn);
      seenIn = a;
      const s = new Int32Array(size).fill(-1);
      s.set(sentenceSeen);
      sentenceSeen = s;
      const c = new Int32Array(size);
      c.set(counts);
      counts = c;
    };
    const addTerm = (id: number, position: number): void => {
      grow(id);
      if (seenIn[id] !== position) {
        seenIn[id] = position;
        termPairs.push(id);
      }
    };
    const addText = (text: string, position: number, inSentence: boolean): void => {
      for (const m of text.matchAll(WORD)) {
        const id = idOf(m[0]);
        if (id < 0) continue;
        addTerm(id, position);
        if (inSentence && sentenceSeen[id] !== sentence) {
          sentenceSeen[id] = sentence;
          counts[id]!++;
        }
      }
    };
    const phraseSeen = new Map<number, number>();
    library.briefings.forEach((b: Briefing, position) => {
      termBounds.push(termPairs.length);
      phraseBounds.push(phrasePairs.length);
      for (const s of b.article.sentences) {
        addText(s.text, position, true);
        sentence++;
      }
      for (const e of b.entities) addText([e.name, ...e.aliases, e.role ?? ''].join(' '), position, false);
      for (const ev of b.events) addText(ev.title, position, false);
      for (const c of b.claims) {
        addText([c.text, c.quote ?? '', c.via ?? ''].join(' '), position, false);
        for (const w of [...KIND_CONCEPTS[c.kind], 'say']) addTerm(idOf(w), position);
      }
      for (const p of phrasesOf(b)) {
        const key = phraseKey(p);
        if (key === undefined) continue;
        let id = this.phrases.get(key);
        if (id === undefined) {
          id = this.phrases.size;
          this.phrases.set(key, id);
        }
        if (phraseSeen.get(id) !== position) {
          phraseSeen.set(id, position);
          phrasePairs.push(id);
        }
        if (p.keys.length > longest) longest = p.keys.length;
      }
    });
    termBounds.push(termPairs.length);
    phraseBounds.push(phrasePairs.length);
    this.sentences = sentence;
    this.longestPhrase = longest;
    this.sentenceCounts = counts.slice(0, this.terms.size);
    this.termPostings = new Postings(this.terms.size, termPairs, termBounds);
    this.phrasePostings = new Postings(this.phrases.size, phrasePairs, phraseBounds);
  }

  private termId(concept: string): number {
    let id = this.terms.get(concept);
    if (id === undefined) {
      id = this.terms.size;
      this.terms.set(concept, id);
    }
    return id;
  }

  /** Article sentences whose words have this concept. */
  sentencesWith(concept: string): number {
    const id = this.terms.get(concept);
    return id === undefined ? 0 : this.sentenceCounts[id]!;
  }

  /** Positions (in the library) of the briefings whose text has this concept, ascending. */
  briefingsWith(concept: string | undefined): Uint32Array {
    return concept === undefined ? EMPTY : this.termPostings.of(this.terms.get(concept));
  }

  /** Positions of the briefings that have a name under this key (see phraseKey), ascending. */
  briefingsNaming(key: string): Uint32Array {
    return this.phrasePostings.of(this.phrases.get(key));
  }
}

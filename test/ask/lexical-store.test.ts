/**
 * Stage 1 (the library-wide index) in typed arrays, and on disk: what it answers equals a plain count over
 * the briefings' words and names; a restart with the same content reads it back, other content or a
 * damaged file rebuilds it; a rebuild removes analysis files that belong to no briefing.
 */
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_SUFFIX, analysisKey, factTexts } from '../../src/ask/analysis.ts';
import { ask } from '../../src/ask/answer.ts';
import { conceptOf } from '../../src/ask/analyze.ts';
import { KIND_CONCEPTS } from '../../src/ask/briefing-index.ts';
import { LexicalIndex } from '../../src/ask/corpus.ts';
import { prepareAsk } from '../../src/ask/index.ts';
import { lexicalIndexOf, lexicalStats } from '../../src/ask/lexical-store.ts';
import { phraseKey, phrasesOf } from '../../src/ask/names.ts';
import { Library } from '../../src/briefing/library.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { evalLibrary, temporaryAnalysisCache } from './helpers.ts';

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)?/gu;

/** Twelve briefings: copies of the evaluation briefings, one of them with an article sentence changed. */
function library(changed = 'The ceasefire collapsed overnight near Zhytomyr.'): Library {
  const base = evalLibrary().briefings;
  return new Library(
    Array.from({ length: 12 }, (_, i): Briefing => {
      const b = base[i % base.length]!;
      if (i !== 7) return { ...b, id: `copy-${i}` };
      const sentences = b.article.sentences.map((s, n) => (n === 0 ? { ...s, text: changed } : s));
      return { ...b, id: `copy-${i}`, article: { ...b.article, sentences } };
    }),
  );
}

const rootOf = temporaryAnalysisCache('ask-lexical-', { each: true });

const storedFile = (): string => join(rootOf(), readdirSync(rootOf()).find((n) => n.startsWith('ask-lexical-'))!);

describe('the library-wide index', () => {
  it('answers what a plain count over the words and names gives', () => {
    const lib = library();
    const index = LexicalIndex.build(lib);
    const holders = new Map<string, Set<number>>();
    const sentenceCounts = new Map<string, number>();
    const names = new Map<string, Set<number>>();
    lib.briefings.forEach((b, p) => {
      const add = (concept: string | undefined): void => {
        if (concept !== undefined) holders.set(concept, (holders.get(concept) ?? new Set()).add(p));
      };
      for (const s of b.article.sentences) {
        const inSentence = new Set<string>();
        for (const m of s.text.matchAll(WORD)) {
          const c = conceptOf(m[0]);
          add(c);
          if (c !== undefined) inSentence.add(c);
        }
        for (const c of inSentence) sentenceCounts.set(c, (sentenceCounts.get(c) ?? 0) + 1);
      }
      for (const e of b.entities) for (const t of [e.name, ...e.aliases, e.role ?? '']) for (const m of t.matchAll(WORD)) add(conceptOf(m[0]));
      for (const ev of b.events) for (const m of ev.title.matchAll(WORD)) add(conceptOf(m[0]));
      for (const c of b.claims) {
        for (const t of [c.text, c.quote ?? '', c.via ?? '']) for (const m of t.matchAll(WORD)) add(conceptOf(m[0]));
        for (const w of [...KIND_CONCEPTS[c.kind], 'say']) add(conceptOf(w));
      }
      for (const p2 of phrasesOf(b)) {
        const key = phraseKey(p2);
        if (key !== undefined) names.set(key, (names.get(key) ?? new Set()).add(p));
      }
    });
    expect(holders.size).toBeGreaterThan(500);
    for (const [concept, positions] of holders) {
      expect([...index.briefingsWith(concept)], concept).toEqual([...positions].sort((a, b) => a - b));
      expect(index.sentencesWith(concept), concept).toBe(sentenceCounts.get(concept) ?? 0);
    }
    for (const [key, positions] of names) {
      expect([...index.briefingsNaming(key)], key).toEqual([...positions].sort((a, b) => a - b));
      expect(index.countNaming(key)).toBe(positions.size);
    }
    expect([...index.briefingsWith('zhytomyr')]).toEqual([7]);
    expect([...index.briefingsWith('nosuchconceptanywhere')]).toEqual([]);
    expect(index.sentences).toBe(lib.briefings.reduce((n, b) => n + b.article.sentences.length, 0));
  });

  it('is read back from disk for the same content, and rebuilt for other content', () => {
    const built = lexicalStats.built;
    const read = lexicalStats.read;
    const first = lexicalIndexOf(library());
    expect(lexicalStats.built).toBe(built + 1);
    // A restart: new objects, same content.
    const again = lexicalIndexOf(library());
    expect(lexicalStats.read).toBe(read + 1);
    expect(again.data).toEqual(first.data);
    expect([...again.briefingsWith('zhytomyr')]).toEqual([7]);
    // One sentence edited: another library, never answered from the old file.
    const edited = lexicalIndexOf(library('The ceasefire collapsed overnight near Vinnytsia.'));
    expect(lexicalStats.built).toBe(built + 2);
    expect([...edited.briefingsWith('zhytomyr')]).toEqual([]);
    expect([...edited.briefingsWith('vinnytsia')]).toEqual([7]);
  });

  it('ignores a damaged or truncated file and rebuilds it', () => {
    const reference = lexicalIndexOf(library());
    const file = storedFile();
    const whole = readFileSync(file);
    const damaged = Buffer.from(whole);
    damaged[damaged.length - 3]! ^= 0x10;
    for (const bytes of [damaged, whole.subarray(0, whole.length - 5), Buffer.from('not a stage 1 file\n')]) {
      writeFileSync(file, bytes);
      const built = lexicalStats.built;
      const index = lexicalIndexOf(library());
      expect(lexicalStats.built).toBe(built + 1);
      expect(index.data).toEqual(reference.data);
    }
  });

  it("removes analysis files of no current briefing when it is rebuilt, never a current briefing's or a recent one", () => {
    const lib = library();
    // The analysis folder is named by the analyser's code: made by the first build.
    lexicalIndexOf(lib);
    const dir = join(rootOf(), readdirSync(rootOf()).find((n) => n.startsWith('ask-analysis-'))!);
    const current = analysisKey(lib.briefings[0]!, factTexts(lib.briefings[0]!, (id) => lib.nameOf(lib.briefings[0]!, id)));
    const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
    const files = { current: join(dir, `${current}${ANALYSIS_SUFFIX}`), stale: join(dir, `${'0'.repeat(32)}${ANALYSIS_SUFFIX}`), leftover: join(dir, `${'1'.repeat(32)}${ANALYSIS_SUFFIX}.123.tmp`), recent: join(dir, `${'2'.repeat(32)}${ANALYSIS_SUFFIX}`) };
    for (const [name, file] of Object.entries(files)) {
      writeFileSync(file, '{}');
      if (name !== 'recent') utimesSync(file, old, old);
    }
    rmSync(storedFile());
    // A restart (new objects, same content) finds no stage 1 file and rebuilds.
    lexicalIndexOf(library());
    expect(existsSync(files.current)).toBe(true);
    expect(existsSync(files.recent)).toBe(true);
    expect(existsSync(files.stale)).toBe(false);
    expect(existsSync(files.leftover)).toBe(false);
  });
});

describe('stage 1 prepared between commands', () => {
  it('answers a question asked while it is being prepared as without preparation, and builds once', async () => {
    const expected = ask(library(), 'Where did the ceasefire collapse?');
    rmSync(storedFile());
    const lib = library();
    const built = lexicalStats.built;
    const preparing = prepareAsk(lib);
    // The preparation has done one slice; the question completes it at once.
    const a = ask(lib, 'Where did the ceasefire collapse?');
    await preparing;
    expect(a).toEqual(expected);
    expect(lexicalStats.built).toBe(built + 1);
    // The next start reads what the preparation wrote.
    const read = lexicalStats.read;
    await prepareAsk(library());
    expect(lexicalStats.read).toBe(read + 1);
  });

  it('stops preparing a library a reload replaced, and never writes its file over the newer one', async () => {
    const built = lexicalStats.built;
    const replaced = prepareAsk(library('An older sentence about Kherson.'));
    const current = prepareAsk(library());
    await Promise.all([replaced, current]);
    expect(lexicalStats.built).toBe(built + 1);
    // What is on disk is the newer library's: a restart with it reads instead of building.
    const read = lexicalStats.read;
    await prepareAsk(library());
    expect(lexicalStats.read).toBe(read + 1);
  });

  it('leaves a small library alone (it is analysed whole on the first question)', async () => {
    const built = lexicalStats.built;
    await prepareAsk(evalLibrary());
    expect(lexicalStats.built).toBe(built);
  });
});

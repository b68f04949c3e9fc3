/**
 * Analyses kept on disk as token stores: read back they give the tokens the analyser gave, a folder of
 * another format (the JSON files of earlier releases) is removed and never read, and a damaged or truncated
 * file is analysed again and rewritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_SUFFIX, analysisKey, analysisOf, analysisStats, factTexts, setAnalysisCacheDir, TokenStore } from '../../src/ask/analysis.ts';
import { analyze } from '../../src/ask/analyze.ts';
import { ask } from '../../src/ask/answer.ts';
import { Library } from '../../src/briefing/library.ts';
import { SEED_ID } from '../helpers.ts';
import { evalLibrary, temporaryAnalysisCache } from './helpers.ts';

const rootOf = temporaryAnalysisCache('ask-store-', { each: true });

const seed = () => evalLibrary().get(SEED_ID)!;
const facts = (lib: Library) => factTexts(lib.get(SEED_ID)!, (id) => lib.nameOf(lib.get(SEED_ID)!, id));

function analysisFile(): string {
  const folder = readdirSync(rootOf()).find((n) => n.startsWith('ask-analysis-'))!;
  return join(rootOf(), folder, `${analysisKey(seed(), facts(evalLibrary()))}${ANALYSIS_SUFFIX}`);
}

describe('analyses on disk', () => {
  it('reads back the tokens the analyser gave', () => {
    const texts = seed().article.sentences.slice(0, 5).map((s) => s.text);
    const tokens = texts.map((t) => analyze(t));
    const store = TokenStore.decode(TokenStore.fromTokens(tokens.length, (i) => tokens[i]!).encode(), texts.length)!;
    expect(texts.map((_, i) => store.tokens(i))).toEqual(tokens);
    expect(TokenStore.decode(TokenStore.fromTokens(tokens.length, (i) => tokens[i]!).encode(), texts.length + 1)).toBeUndefined();
  });

  it('removes a folder of another format once it is an hour old, and answers the same', () => {
    const expected = ask(new Library([seed()]), 'What did Lecornu deny?');
    const old = join(rootOf(), 'ask-analysis-0123456789ab');
    mkdirSync(old);
    writeFileSync(join(old, `${'0'.repeat(32)}.json`), '{"tags":[],"rows":[]}');
    // As a process of the new release starting over the old release's cache folder: while the old release may
    // still be running (its folder written in the last hour), the folder stays.
    setAnalysisCacheDir(rootOf());
    expect(ask(new Library([{ ...seed() }]), 'What did Lecornu deny?')).toEqual(expected);
    expect(existsSync(old)).toBe(true);
    // Once the old release has stopped writing, the next start removes it.
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    setAnalysisCacheDir(rootOf());
    const a = ask(new Library([{ ...seed() }]), 'What did Lecornu deny?');
    expect(existsSync(old)).toBe(false);
    expect(a).toEqual(expected);
  });

  it('analyses a damaged or truncated file again and rewrites it', () => {
    const lib = new Library([seed()]);
    const first = analysisOf(lib.get(SEED_ID)!, facts(lib));
    const file = analysisFile();
    const good = readFileSync(file);
    for (const bad of [good.subarray(0, good.length - 4), Buffer.concat([good.subarray(0, 20), Buffer.alloc(good.length - 20, 0xff)]), Buffer.from('{}')]) {
      writeFileSync(file, bad);
      const analysed = analysisStats.analysed;
      const again = analysisOf(lib.get(SEED_ID)!, facts(lib));
      expect(analysisStats.analysed).toBe(analysed + 1);
      expect(again.store.tokens(3)).toEqual(first.store.tokens(3));
      expect(readFileSync(file).equals(good)).toBe(true);
    }
  });
});

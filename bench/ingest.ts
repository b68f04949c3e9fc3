/**
 * Ingest throughput for the benchmark: words per second of ingest (article text → draft briefing) on real
 * articles, against compromise's bare parse of the same text (`nlp(body).json()`: tokenising, tagging and
 * reading the result, the work ingest cannot do without), and the ratio of time per word (target ≤ 2).
 *
 * The articles are the repository's real ones (briefings/ and test/fixtures/briefings/), not the synthetic
 * corpus, whose filler would flatter or punish ingest's rules. Both sides run in turn for the same time,
 * after a warm-up, in this process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nlp from 'compromise';
import { parseArticle } from '../src/briefing/article.ts';
import { IngestError, ingestText } from '../src/ingest/draft.ts';
import type { Skipped } from './slack.ts';

export interface IngestResult {
  words_per_s: number;
  bare_words_per_s: number;
  /** Time per word of ingest over time per word of the bare parse. */
  ratio: number;
  words: number;
  articles: number;
  runs: number;
}

function articles(root: string): string[] {
  const out: string[] = [];
  for (const dir of [join(root, 'briefings'), join(root, 'test', 'fixtures', 'briefings')]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      try {
        out.push(readFileSync(join(dir, name, 'article.md'), 'utf8'));
      } catch {
        // Not a briefing folder.
      }
    }
  }
  return out;
}

/** Runs `work` over every article repeatedly for about `ms`; returns articles processed per ms. */
function rate(texts: string[], work: (text: string) => void, ms: number): { perMs: number; runs: number } {
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const t of texts) work(t);
    runs++;
  }
  return { perMs: (runs * texts.length) / (performance.now() - start), runs };
}

export async function benchIngest(root: string, ms = 1500): Promise<IngestResult | Skipped> {
  const raws = articles(root);
  if (raws.length === 0) return { skipped: 'no articles found' };
  const bodies = raws.map((r) => parseArticle(r).body);
  const words = bodies.reduce((n, b) => n + (b.match(/\S+/g)?.length ?? 0), 0);
  const ingest = (raw: string): void => {
    try {
      ingestText(raw);
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
    }
  };
  const bare = (body: string): void => void nlp(body).json();
  // Warm-up: compromise's lexicon and the JIT.
  rate(raws, ingest, 300);
  rate(bodies, bare, 300);
  let ingestRuns = 0;
  let bareRuns = 0;
  let ingestMs = 0;
  let bareMs = 0;
  for (let round = 0; round < 3; round++) {
    const a = rate(raws, ingest, ms / 3);
    const b = rate(bodies, bare, ms / 3);
    ingestRuns += a.runs;
    bareRuns += b.runs;
    ingestMs += (a.runs * raws.length) / a.perMs;
    bareMs += (b.runs * bodies.length) / b.perMs;
  }
  const wordsPerS = (ingestRuns * words) / (ingestMs / 1000);
  const bareWordsPerS = (bareRuns * words) / (bareMs / 1000);
  return { words_per_s: wordsPerS, bare_words_per_s: bareWordsPerS, ratio: bareWordsPerS / wordsPerS, words, articles: raws.length, runs: ingestRuns };
}

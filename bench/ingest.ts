/**
 * Ingest throughput for the benchmark: words per second of ingest (article text → draft briefing) on the
 * corpus articles, against the NLP library's bare parse of the same text, and the ratio (target ≤ 2).
 * Not measured yet: ingest is built on its own branch and joins after its merge.
 *
 * To add it: time `ingestText(article)` from src/ingest over the articles of the 100-briefing corpus, and
 * compromise's `nlp(body)` (plus `.json()` or whatever ingest itself asks of the parse) over the same bodies,
 * in the same process after a warm-up; words = the body split on white space. Return IngestResult.
 */
import type { Skipped } from './slack.ts';

export interface IngestResult {
  words_per_s: number;
  bare_words_per_s: number;
  ratio: number;
  words: number;
  articles: number;
}

/** `corpusDir`: a generated corpus (the 100-briefing one) to take names or articles from. */
export async function benchIngest(_corpusDir: string): Promise<IngestResult | Skipped> {
  return { skipped: 'ingest is not on this branch yet (see bench/ingest.ts for how it joins)' };
}

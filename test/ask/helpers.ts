import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { setAnalysisCacheDir } from '../../src/ask/analysis.ts';
import { libraryOf } from '../../src/ask/eval.ts';
import type { Library } from '../../src/briefing/library.ts';
import { BRIEFINGS_DIR, FIXTURES_DIR } from '../helpers.ts';

export const EVAL_FILE = join(FIXTURES_DIR, 'ask-eval.yaml');

let combined: Library | undefined;

/** The bundled briefings plus the fixture briefings written for /ask, as one library. */
export function evalLibrary(): Library {
  combined ??= libraryOf([BRIEFINGS_DIR, join(FIXTURES_DIR, 'briefings')]);
  return combined;
}

/**
 * Points /ask's on-disk caches at a fresh temporary folder for the file's tests (`each`: for every test) and
 * removes it after; returns the folder as it is at the time of the call.
 */
export function temporaryAnalysisCache(prefix: string, options: { each?: boolean } = {}): () => string {
  let dir = '';
  const [before, after] = options.each ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    setAnalysisCacheDir(dir);
  });
  after(() => {
    setAnalysisCacheDir(undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

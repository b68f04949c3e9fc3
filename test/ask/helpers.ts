import { join } from 'node:path';
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

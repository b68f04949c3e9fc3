import { fileURLToPath } from 'node:url';
import { Library } from '../src/briefing/library.ts';
import { createCore, type Core } from '../src/core.ts';

export const BRIEFINGS_DIR = fileURLToPath(new URL('../briefings', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures', import.meta.url));
export const SEED_ID = 'shoigu-lecornu-call';

let seed: Library | undefined;

/** The bundled briefings, loaded once per test file. */
export function seedLibrary(): Library {
  seed ??= Library.load(BRIEFINGS_DIR);
  return seed;
}

export function seedCore(): Core {
  return createCore(seedLibrary());
}

/**
 * compromise and chrono-node, loaded on the first question rather than when the bot starts: together they
 * take about 40 MB and 400 ms to load, which a process that is never asked anything should not pay. Both
 * ship a CommonJS build, so they load synchronously and `ask` stays synchronous.
 */
import { createRequire } from 'node:module';
import type compromise from 'compromise';
import type * as Chrono from 'chrono-node';

const load = createRequire(import.meta.url);

let nlpModule: typeof compromise | undefined;
let chronoModule: typeof Chrono | undefined;

export function nlp(): typeof compromise {
  nlpModule ??= load('compromise') as typeof compromise;
  return nlpModule;
}

export function chrono(): typeof Chrono {
  chronoModule ??= load('chrono-node') as typeof Chrono;
  return chronoModule;
}

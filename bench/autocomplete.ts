/**
 * Child process of the benchmark: Discord autocomplete, which answers on every keystroke and can't be deferred.
 * For each source (names, people, claimants, briefing ids), the first keystroke (which builds the library's
 * completion tables) and then p50/p99 over varied typed text: 1 to 4 first letters of names from the library,
 * a later word's start, and text that matches nothing.
 * Usage: node --expose-gc --import tsx bench/autocomplete.ts --dir DIR [--cache DIR] [--time MS]
 */
import { Bench } from 'tinybench';
import { Library } from '../src/briefing/library.ts';
import type { CompletionSource } from '../src/commands/command.ts';
import { complete } from '../src/platforms/discord/autocomplete.ts';
import { childArgs, report } from './child.ts';
import { random } from './corpus.ts';
import { quantile } from './stats.ts';

const args = childArgs();
const cacheDir = args.cache && args.cache !== 'off' ? args.cache : undefined;
const library = Library.load(args.dir!, { cacheDir });
const next = random(Number(args.seed ?? 7));

/** What people type: the start of a name, the start of its second word, or something that matches nothing. */
function typedTexts(count: number): string[] {
  const names = library.briefings.flatMap((b) => b.entities.map((e) => e.name));
  const out: string[] = ['', 'zqx'];
  while (out.length < count && names.length > 0) {
    const words = names[Math.floor(next() * names.length)]!.split(' ');
    const word = words[Math.floor(next() * words.length)]!;
    out.push(word.slice(0, 1 + Math.floor(next() * 4)));
  }
  return out;
}

export interface AutocompleteMeasure {
  first_ms: number;
  p50_ms: number;
  p99_ms: number;
  samples: number;
}

const typed = typedTexts(Number(args.inputs ?? 64));
const out: Record<string, AutocompleteMeasure> = {};
for (const source of ['entity', 'person', 'claimant', 'briefing'] as CompletionSource[]) {
  const t0 = performance.now();
  complete(library, { source, typed: typed[2] ?? '', options: {} });
  const firstMs = performance.now() - t0;
  let i = 0;
  const bench = new Bench({ time: Number(args.time ?? 300), warmupTime: 50, iterations: 64, retainSamples: true });
  bench.add(source, () => void complete(library, { source, typed: typed[i++ % typed.length]!, options: {} }));
  await bench.run();
  const samples = [...((bench.tasks[0]!.result as { latency?: { samples?: number[] } } | undefined)?.latency?.samples ?? [])].sort((a, b) => a - b);
  out[source] = { first_ms: firstMs, p50_ms: quantile(samples, 0.5), p99_ms: quantile(samples, 0.99), samples: samples.length };
}
report({ briefings: library.briefings.length, autocomplete: out });

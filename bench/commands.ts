/**
 * Child process of the benchmark: loads a corpus (warm cache when given), then measures each command's latency
 * in process, through the core as every platform calls it (option validation, handler, reply), with tinybench.
 * Usage: node --expose-gc --import tsx bench/commands.ts --dir DIR [--cache DIR] [--time MS] [--warmup MS] [--iterations N]
 */
import { Bench } from 'tinybench';
import { Library } from '../src/briefing/library.ts';
import type { Caller } from '../src/commands/command.ts';
import { createCore } from '../src/core.ts';
import { childArgs, report } from './child.ts';
import { buildQueries } from './queries.ts';
import { mixture, quantile } from './stats.ts';

const args = childArgs();
const cacheDir = args.cache && args.cache !== 'off' ? args.cache : undefined;
const library = Library.load(args.dir!, { cacheDir });
const core = createCore(library);
const caller: Caller = { platform: 'console', userId: 'bench' };
const commands = core.commands.map((c) => c.name);
const variants = buildQueries(library, commands, Number(args.inputs ?? 64), Number(args.seed ?? 42));

export interface VariantResult {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  samples: number;
  /** Errors answered (unknown names are expected to answer with an error reply). */
  error_replies: number;
}

const out: Record<string, { p50_ms: number; p99_ms: number; first_ms: number; variants: Record<string, VariantResult> }> = {};
for (const [command, list] of Object.entries(variants)) {
  // The first call of a command may build lazy indexes; it is reported apart, not hidden in the warm-up.
  const firstStart = performance.now();
  await core.run(command, list[0]!.inputs[0]!, caller);
  const firstMs = performance.now() - firstStart;
  const bench = new Bench({
    time: Number(args.time ?? 300),
    warmupTime: Number(args.warmup ?? 100),
    iterations: Number(args.iterations ?? 64),
    retainSamples: true,
  });
  const errors = new Map<string, number>();
  for (const variant of list) {
    let i = 0;
    bench.add(variant.name, async () => {
      const reply = await core.run(command, variant.inputs[i++ % variant.inputs.length]!, caller);
      if (reply.error) errors.set(variant.name, (errors.get(variant.name) ?? 0) + 1);
    });
  }
  await bench.run();
  const perVariant: Record<string, VariantResult> = {};
  const sets: number[][] = [];
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { samples?: number[]; mean: number } } | undefined;
    const samples = [...(result?.latency?.samples ?? [])].sort((a, b) => a - b);
    sets.push(samples);
    perVariant[task.name] = {
      p50_ms: quantile(samples, 0.5),
      p99_ms: quantile(samples, 0.99),
      mean_ms: result?.latency?.mean ?? NaN,
      samples: samples.length,
      error_replies: errors.get(task.name) ?? 0,
    };
  }
  const pooled = mixture(sets);
  out[command] = { p50_ms: quantile(pooled, 0.5), p99_ms: quantile(pooled, 0.99), first_ms: firstMs, variants: perVariant };
  (globalThis as { gc?: () => void }).gc?.();
}
report({ briefings: library.briefings.length, commands: out });

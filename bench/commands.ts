/**
 * Child process of the benchmark: loads a corpus (warm cache when given), then measures each command's latency
 * in process, through the core as every platform calls it (option validation, handler, reply), with tinybench.
 *
 * A command far too slow for many iterations (a single answer over SLOW_MS) is measured with a few plain runs
 * per query instead, and says so (`mode: "few runs"`), so one slow command cannot hold the benchmark up.
 *
 * Usage: node --expose-gc --import tsx bench/commands.ts --dir DIR [--cache DIR] [--time MS] [--warmup MS]
 *        [--iterations N] [--skip ask,…]
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { Library } from '../src/briefing/library.ts';
import type { Caller } from '../src/commands/command.ts';
import { createCore } from '../src/core.ts';
import { childArgs, report } from './child.ts';
import { buildQueries } from './queries.ts';
import { mixture, quantile } from './stats.ts';

const SLOW_MS = 50;
const FEW_RUNS = 3;

const args = childArgs();
const cacheDir = args.cache && args.cache !== 'off' ? args.cache : undefined;
const skip = new Set((args.skip ?? '').split(',').filter(Boolean));
const library = Library.load(args.dir!, { cacheDir });
// Replies bounded as in chat (the default): what Slack, Discord and the console get.
const core = createCore(library);
const caller: Caller = { platform: 'console', userId: 'bench' };
const commands = core.commands.map((c) => c.name).filter((c) => !skip.has(c));
const variants = buildQueries(library, commands, Number(args.inputs ?? 64), Number(args.seed ?? 42));

export interface VariantResult {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  samples: number;
  /** Answers that were error replies (an unknown name is expected to answer with one). */
  error_replies: number;
}

export interface CommandMeasure {
  p50_ms: number;
  p99_ms: number;
  /** The first call, which may build lazy indexes: reported apart, not hidden in the warm-up. */
  first_ms: number;
  mode: 'tinybench' | 'few runs';
  variants: Record<string, VariantResult>;
  /** Garbage-collection pauses while this command was measured: how many, the longest, in all (ms). */
  gc: { pauses: number; longest_ms: number; total_ms: number };
}

// GC pauses stop every command running at the time; they are counted per command to explain the tail.
let pauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });

const time = async (command: string, options: Record<string, unknown>): Promise<{ ms: number; error: boolean }> => {
  const start = performance.now();
  const reply = await core.run(command, options, caller);
  return { ms: performance.now() - start, error: reply.error !== undefined };
};

const out: Record<string, CommandMeasure> = {};
for (const [command, list] of Object.entries(variants)) {
  pauses = [];
  const first = await time(command, list[0]!.inputs[0]!);
  const probe = await time(command, list[0]!.inputs[1 % list[0]!.inputs.length]!);
  const perVariant: Record<string, VariantResult> = {};
  const sets: number[][] = [];
  const record = (name: string, samples: number[], mean: number, errors: number): void => {
    const sorted = [...samples].sort((a, b) => a - b);
    sets.push(sorted);
    perVariant[name] = { p50_ms: quantile(sorted, 0.5), p99_ms: quantile(sorted, 0.99), mean_ms: mean, samples: sorted.length, error_replies: errors };
  };
  const slow = probe.ms > SLOW_MS;
  if (slow) {
    for (const variant of list) {
      const samples: number[] = [];
      let errors = 0;
      for (let i = 0; i < FEW_RUNS; i++) {
        const run = await time(command, variant.inputs[i % variant.inputs.length]!);
        samples.push(run.ms);
        if (run.error) errors++;
      }
      record(variant.name, samples, samples.reduce((a, b) => a + b, 0) / samples.length, errors);
    }
  } else {
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
    for (const task of bench.tasks) {
      const result = task.result as { latency?: { samples?: number[]; mean: number } } | undefined;
      record(task.name, result?.latency?.samples ?? [], result?.latency?.mean ?? NaN, errors.get(task.name) ?? 0);
    }
  }
  const pooled = mixture(sets);
  const gc = { pauses: pauses.length, longest_ms: Math.max(0, ...pauses), total_ms: pauses.reduce((a, b) => a + b, 0) };
  out[command] = { p50_ms: quantile(pooled, 0.5), p99_ms: quantile(pooled, 0.99), first_ms: first.ms, mode: slow ? 'few runs' : 'tinybench', variants: perVariant, gc };
  (globalThis as { gc?: () => void }).gc?.();
}
report({ briefings: library.briefings.length, commands: out });

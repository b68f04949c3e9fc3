/**
 * Child process of the benchmark: loads a corpus (warm cache when given), then measures each command's latency
 * in process, through the core as every platform calls it (option validation, handler, reply), with tinybench.
 *
 * A query far too slow for many iterations (a single answer over SLOW_MS) is measured with a few plain runs
 * instead, and the command says so (`mode: "few runs"`), so one slow query cannot hold the benchmark up.
 *
 * Usage: node --expose-gc --import tsx bench/commands.ts --dir DIR [--cache DIR] [--time MS] [--warmup MS]
 *        [--iterations N] [--skip ask,…]
 *        [--prepare-ask yes] (ask: prepare its library-wide index before the first question, as after startup)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { Library } from '../src/briefing/library.ts';
import type { Caller } from '../src/commands/command.ts';
import { createCore } from '../src/core.ts';
import { analysisStats, setAnalysisCacheDir } from '../src/ask/analysis.ts';
import { prepareAsk } from '../src/ask/index.ts';
import { childArgs, report } from './child.ts';
import { buildQueries } from './queries.ts';
import { mixture, quantile } from './stats.ts';

const SLOW_MS = 50;
const FEW_RUNS = 3;

const args = childArgs();
const cacheDir = args.cache && args.cache !== 'off' ? args.cache : undefined;
const skip = new Set((args.skip ?? '').split(',').filter(Boolean));
const library = Library.load(args.dir!, { cacheDir });
// ask keeps its NLP analyses beside the startup cache, as in a deployment (the corpus is new: it starts empty).
setAnalysisCacheDir(cacheDir);
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

/**
 * ask: every drawn question once, variants interleaved, so that no answer or briefing index can serve the
 * next question; then the same questions again in another order, when their briefings' analyses are on
 * disk (a deployment's steady state) but mostly no longer in memory. The very first question (which builds
 * the library-wide index) is `first_ms`.
 */
async function measureAsk(list: typeof variants[string]): Promise<CommandMeasure & Record<string, unknown>> {
  pauses = [];
  const questions = list.flatMap((v) => v.inputs.map((input, i) => ({ variant: v.name, input, i }))).sort((a, b) => a.i - b.i);
  // What ask adds to the process: resident and live heap memory after full collections, before and after.
  const settled = (): { rss: number; heap: number } => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss / 2 ** 20, heap: (m.heapUsed + m.arrayBuffers) / 2 ** 20 };
  };
  const before = settled();
  let prepareMs: number | undefined;
  if (args['prepare-ask'] === 'yes') {
    const start = performance.now();
    await prepareAsk(library);
    prepareMs = performance.now() - start;
  }
  const first = await time('ask', questions[0]!.input);
  // The highest RSS seen after a question of each pass (the process's peak covers the whole run).
  let passPeakRss = 0;
  const pass = async (order: typeof questions): Promise<{ sets: number[][]; perVariant: Record<string, VariantResult> }> => {
    const byVariant = new Map<string, { samples: number[]; errors: number }>();
    passPeakRss = 0;
    for (const q of order) {
      const run = await time('ask', q.input);
      passPeakRss = Math.max(passPeakRss, process.memoryUsage.rss());
      const entry = byVariant.get(q.variant) ?? { samples: [], errors: 0 };
      entry.samples.push(run.ms);
      if (run.error) entry.errors++;
      byVariant.set(q.variant, entry);
    }
    const perVariant: Record<string, VariantResult> = {};
    const sets: number[][] = [];
    for (const [name, { samples, errors }] of byVariant) {
      const sorted = [...samples].sort((a, b) => a - b);
      sets.push(sorted);
      perVariant[name] = { p50_ms: quantile(sorted, 0.5), p99_ms: quantile(sorted, 0.99), mean_ms: sorted.reduce((a, b) => a + b, 0) / sorted.length, samples: sorted.length, error_replies: errors };
    }
    return { sets, perVariant };
  };
  const analysedBefore = analysisStats.analysed;
  const cold = await pass(questions.slice(1));
  const coldPeakRss = passPeakRss;
  const analysed = analysisStats.analysed - analysedBefore;
  const fromDiskBefore = analysisStats.fromDisk;
  const againStart = settled();
  const again = await pass([...questions].reverse());
  const againPeakRss = passPeakRss;
  const pooled = mixture(cold.sets);
  const pooledAgain = mixture(again.sets);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gc = { pauses: pauses.length, longest_ms: Math.max(0, ...pauses), total_ms: pauses.reduce((a, b) => a + b, 0) };
  return {
    p50_ms: quantile(pooled, 0.5),
    p99_ms: quantile(pooled, 0.99),
    first_ms: first.ms,
    ask_first_ms: first.ms,
    ...(prepareMs === undefined ? {} : { prepare_ms: prepareMs }),
    mode: 'tinybench',
    questions: questions.length,
    briefings_analysed: analysed,
    variants: cold.perVariant,
    analyses_on_disk: { p50_ms: quantile(pooledAgain, 0.5), p99_ms: quantile(pooledAgain, 0.99), read_from_disk: analysisStats.fromDisk - fromDiskBefore, rss_mb_at_start: againStart.rss, peak_rss_mb: againPeakRss / 2 ** 20, variants: again.perVariant },
    cold_pass_peak_rss_mb: coldPeakRss / 2 ** 20,
    rss_mb_after: process.memoryUsage().rss / 2 ** 20,
    memory: (() => {
      const after = settled();
      return { rss_mb_before: before.rss, rss_mb_after_gc: after.rss, rss_mb_added: after.rss - before.rss, live_mb_added: after.heap - before.heap, peak_rss_mb: process.resourceUsage().maxRSS / 1024 };
    })(),
    gc,
  };
}

const out: Record<string, CommandMeasure> = {};
for (const [command, list] of Object.entries(variants)) {
  if (command === 'ask') {
    out[command] = await measureAsk(list);
    (globalThis as { gc?: () => void }).gc?.();
    continue;
  }
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
  // Each query variant is probed once: one far too slow for many iterations gets a few plain runs instead.
  const slowVariants = new Set<string>();
  if (probe.ms > SLOW_MS) for (const v of list) slowVariants.add(v.name);
  // Probed twice: a variant's first call may build a lazy index (the title index of `claims about:`, say).
  else for (const v of list) if ((await time(command, v.inputs[0]!)).ms > SLOW_MS && (await time(command, v.inputs[0]!)).ms > SLOW_MS) slowVariants.add(v.name);
  for (const variant of list.filter((v) => slowVariants.has(v.name))) {
    const samples: number[] = [];
    let errors = 0;
    for (let i = 0; i < FEW_RUNS; i++) {
      const run = await time(command, variant.inputs[i % variant.inputs.length]!);
      samples.push(run.ms);
      if (run.error) errors++;
    }
    record(variant.name, samples, samples.reduce((a, b) => a + b, 0) / samples.length, errors);
  }
  const fast = list.filter((v) => !slowVariants.has(v.name));
  if (fast.length) {
    const bench = new Bench({
      time: Number(args.time ?? 300),
      warmupTime: Number(args.warmup ?? 100),
      iterations: Number(args.iterations ?? 64),
      retainSamples: true,
    });
    const errors = new Map<string, number>();
    for (const variant of fast) {
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
  const slow = slowVariants.size > 0;
  const pooled = mixture(sets);
  // GC entries are delivered after the fact: let the observer catch up before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gc = { pauses: pauses.length, longest_ms: Math.max(0, ...pauses), total_ms: pauses.reduce((a, b) => a + b, 0) };
  out[command] = { p50_ms: quantile(pooled, 0.5), p99_ms: quantile(pooled, 0.99), first_ms: first.ms, mode: slow ? 'few runs' : 'tinybench', variants: perVariant, gc };
  (globalThis as { gc?: () => void }).gc?.();
}
report({ briefings: library.briefings.length, commands: out });

/**
 * `npm run bench`: generates synthetic corpora of 1, 100, 1,000 and 10,000 briefings in a temporary folder and
 * measures, at each size, startup (cold: no cache; warm: with the startup cache) and peak memory in a fresh
 * child process, then each command's latency in process; writes bench/results.json and prints a table.
 * Method and figures: BENCHMARKS.md.
 *
 * Options: --sizes 1,100,1000,10000  --time MS (per query variant, default 300)  --warmup MS (100)
 *          --iterations N (minimum runs per variant, 64)  --warm-runs N (3)  --out FILE  --keep (keep the corpora)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReport } from './child.ts';
import type { AutocompleteMeasure } from './autocomplete.ts';
import { readSources, writeCorpus } from './corpus.ts';
import { benchIngest, type IngestResult } from './ingest.ts';
import { loadNow, machine } from './machine.ts';
import { benchSlack, type SlackResult, type Skipped } from './slack.ts';
import { printTable, targets } from './table.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Options {
  sizes: number[];
  time: number;
  warmup: number;
  iterations: number;
  warmRuns: number;
  out: string;
  keep: boolean;
}

function options(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, not "${v}"`);
    return n;
  };
  return {
    sizes: (value('sizes') ?? '1,100,1000,10000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0),
    time: number('time', 300),
    warmup: number('warmup', 100),
    iterations: number('iterations', 64),
    warmRuns: Math.max(1, number('warm-runs', 3)),
    out: resolve(value('out') ?? join(ROOT, 'bench', 'results.json')),
    keep: argv.includes('--keep'),
  };
}

export interface StartupResult {
  briefings: number;
  errors: number;
  startup_ms: number;
  cpu_ms: number;
  boot_ms: number;
  ready_ms: number;
  rss_mb: number;
  rss_base_mb: number;
  rss_after_gc_mb: number;
  heap_mb: number;
  external_mb: number;
  load: Record<string, unknown> | null;
}

export type CommandResult =
  | {
      p50_ms: number;
      p99_ms: number;
      first_ms: number;
      mode: 'tinybench' | 'few runs';
      variants: Record<string, { p50_ms: number; p99_ms: number; mean_ms: number; samples: number; error_replies: number }>;
      gc: { pauses: number; longest_ms: number; total_ms: number };
    }
  | { p50_ms: null; p99_ms: null; skipped: string };

/**
 * A command this slow at one size is not run at the larger ones (its first answer alone could take longer
 * than the whole benchmark may); the results say so and why.
 */
const TOO_SLOW = { firstMs: 2000, p50Ms: 50 };

export interface SizeResult {
  briefings: number;
  /** Warm start (the startup cache is current): load + validate + index. */
  startup_ms: number;
  /** Peak RSS of the warm start. */
  rss_mb: number;
  /** First start (no cache): every file read, parsed, validated and anchored; the cache is written after. */
  startup_cold_ms: number;
  rss_cold_mb: number;
  warm: StartupResult;
  cold: StartupResult;
  generate_ms: number;
  commands: Record<string, CommandResult>;
  /** Discord autocomplete per source: the first keystroke (builds the completion tables), then p50/p99. */
  autocomplete: Record<string, AutocompleteMeasure>;
}

export interface Results {
  machine: ReturnType<typeof machine>;
  options: Omit<Options, 'out' | 'keep'>;
  sizes: SizeResult[];
  slack: SlackResult | Skipped;
  ingest: IngestResult | Skipped;
  targets: ReturnType<typeof targets>;
  duration_s: number;
}

function child<T>(script: string, args: string[]): T {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  const result = parseReport<T>(run.stdout ?? '');
  if (run.status !== 0 || !result) {
    throw new Error(`bench/${script} ${args.join(' ')} failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  }
  return result;
}

const log = (text: string): void => void process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const started = performance.now();
  const info = machine();
  const work = mkdtempSync(join(tmpdir(), 'briefing-bench-'));
  log(`bench: corpora in ${work}; ${info.cores} × ${info.cpu}, load ${info.load_start.toFixed(2)}`);
  const sources = readSources([join(ROOT, 'briefings'), join(ROOT, 'test', 'fixtures', 'briefings')]);
  log(`bench: ${sources.length} source briefing(s): ${sources.map((s) => s.id).join(', ')}`);
  const sizes: SizeResult[] = [];
  const skipped = new Map<string, string>();
  let sample: { dir: string; cache: string } | undefined;
  try {
    for (const size of opts.sizes) {
      const dir = join(work, `corpus-${size}`);
      const cache = join(work, `cache-${size}`);
      mkdirSync(cache, { recursive: true });
      const g0 = performance.now();
      writeCorpus(dir, sources, size);
      const generateMs = performance.now() - g0;
      log(`bench: ${size} briefings generated in ${generateMs.toFixed(0)} ms`);
      // Files changed in the last two seconds are never cached (see src/briefing/cache.ts); a deployment's
      // briefings are older than that, so wait rather than measure a half-cached "warm" start.
      await new Promise((resolve) => setTimeout(resolve, 2100));

      const cold = child<StartupResult>('startup.ts', ['--dir', dir, '--cache', cache]);
      if (cold.errors > 0 || cold.briefings !== size) throw new Error(`the ${size}-briefing corpus did not load cleanly: ${cold.briefings} loaded, ${cold.errors} errors`);
      log(`bench: ${size} cold start ${cold.startup_ms.toFixed(0)} ms, peak RSS ${cold.rss_mb.toFixed(0)} MB`);
      const warmRuns = Array.from({ length: opts.warmRuns }, () => child<StartupResult>('startup.ts', ['--dir', dir, '--cache', cache]));
      const warm = warmRuns.sort((a, b) => a.startup_ms - b.startup_ms)[Math.floor((warmRuns.length - 1) / 2)]!;
      log(`bench: ${size} warm start ${warm.startup_ms.toFixed(0)} ms (median of ${warmRuns.length}), peak RSS ${warm.rss_mb.toFixed(0)} MB`);

      const measured = child<{ commands: Record<string, CommandResult> }>('commands.ts', [
        '--dir', dir, '--cache', cache,
        '--time', String(opts.time), '--warmup', String(opts.warmup), '--iterations', String(opts.iterations),
        '--skip', [...skipped.keys()].join(','),
      ]);
      for (const [name, reason] of skipped) measured.commands[name] = { p50_ms: null, p99_ms: null, skipped: reason };
      for (const [name, c] of Object.entries(measured.commands)) {
        if ('skipped' in c) {
          log(`bench: ${size} ${name} not measured: ${c.skipped}`);
          continue;
        }
        log(`bench: ${size} ${name} p50 ${c.p50_ms.toFixed(3)} ms, p99 ${c.p99_ms.toFixed(3)} ms${c.mode === 'few runs' ? ' (few runs: too slow for many)' : ''}`);
        // ask is measured at every size (each question once: bench/commands.ts, measureAsk).
        if (name !== 'ask' && !skipped.has(name) && (c.first_ms > TOO_SLOW.firstMs || c.p50_ms > TOO_SLOW.p50Ms)) {
          skipped.set(name, `too slow to measure at larger sizes: at ${size.toLocaleString('en')} briefings its first answer took ${(c.first_ms / 1000).toFixed(1)} s and its median ${c.p50_ms.toFixed(0)} ms`);
        }
      }
      const { autocomplete } = child<{ autocomplete: Record<string, AutocompleteMeasure> }>('autocomplete.ts', ['--dir', dir, '--cache', cache, '--time', String(opts.time)]);
      for (const [source, a] of Object.entries(autocomplete)) {
        log(`bench: ${size} autocomplete ${source} first ${a.first_ms.toFixed(1)} ms, p50 ${a.p50_ms.toFixed(3)} ms, p99 ${a.p99_ms.toFixed(3)} ms`);
      }
      sizes.push({
        briefings: size,
        startup_ms: warm.startup_ms,
        rss_mb: warm.rss_mb,
        startup_cold_ms: cold.startup_ms,
        rss_cold_mb: cold.rss_mb,
        warm,
        cold,
        generate_ms: generateMs,
        commands: measured.commands,
        autocomplete,
      });
      // The first corpus of 100 or more stays for the Slack benchmark; the others go (disk space).
      if (!sample && size >= 100) sample = { dir, cache };
      else if (!opts.keep) {
        rmSync(dir, { recursive: true, force: true });
        rmSync(cache, { recursive: true, force: true });
      }
    }
    log('bench: the Slack path against a bare Bolt app…');
    const slack = await benchSlack(sample?.dir ?? join(ROOT, 'briefings'), sample?.cache ?? join(work, 'cache-slack'));
    if (!('skipped' in slack)) log(`bench: Slack p50 ${slack.app_p50_ms} ms vs bare ${slack.bare_p50_ms} ms (${slack.ratio_p50.toFixed(2)}×), ${slack.app_rps.toFixed(0)} vs ${slack.bare_rps.toFixed(0)} requests/s`);
    else log(`bench: Slack not measured: ${slack.skipped}`);
    log('bench: ingest against the bare parse…');
    const ingest = await benchIngest(ROOT);
    if (!('skipped' in ingest)) log(`bench: ingest ${ingest.words_per_s.toFixed(0)} words/s, bare parse ${ingest.bare_words_per_s.toFixed(0)} words/s (${ingest.ratio.toFixed(2)}×)`);
    info.load_end = loadNow();
    const results: Results = {
      machine: info,
      options: { sizes: opts.sizes, time: opts.time, warmup: opts.warmup, iterations: opts.iterations, warmRuns: opts.warmRuns },
      sizes,
      slack,
      ingest,
      targets: targets(sizes, slack, ingest),
      duration_s: (performance.now() - started) / 1000,
    };
    writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(printTable(results));
    log(`bench: results in ${opts.out} (${results.duration_s.toFixed(0)} s)`);
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    else log(`bench: corpora kept in ${work}`);
  }
}

await main();

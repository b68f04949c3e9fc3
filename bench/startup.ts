/**
 * Child process of the benchmark: one start of the bot's core, as `npm start` does it (load, validate, anchor,
 * index; with the startup cache when one is given), then its time, CPU time and memory. The modules `npm start`
 * loads before the briefings (every command, the digest service, the platform configuration) are imported
 * first, so the memory figures are those of the real process, not of the loader alone.
 * Usage: node --expose-gc --import tsx bench/startup.ts --dir DIR [--cache DIR|off] [--workers N]
 */
import { Library } from '../src/briefing/library.ts';
import { createCore } from '../src/core.ts';
import '../src/main.ts';
import { childArgs, report } from './child.ts';

// Time since the process started: node, tsx and the imports above.
const MiB = 1024 * 1024;
const bootMs = performance.now();
const args = childArgs();
const cacheDir = args.cache && args.cache !== 'off' ? args.cache : undefined;
// What the process holds before any briefing: node, tsx and the bot's modules.
const baseRssMb = process.memoryUsage().rss / MiB;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const library = Library.load(args.dir!, { cacheDir, workers: args.workers === undefined ? undefined : Number(args.workers) });
const core = createCore(library);
const startupMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// maxRSS is in KiB.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
report({
  briefings: library.briefings.length,
  errors: library.errors.length,
  startup_ms: startupMs,
  cpu_ms: (cpu.user + cpu.system) / 1000,
  boot_ms: bootMs,
  ready_ms: performance.now(),
  rss_mb: peakRssMb,
  rss_base_mb: baseRssMb,
  rss_after_gc_mb: memory.rss / MiB,
  heap_mb: memory.heapUsed / MiB,
  external_mb: (memory.external + memory.arrayBuffers) / MiB,
  load: library.stats ?? null,
  names_from_cache: library.namesFromCache,
  commands: core.commands.length,
});

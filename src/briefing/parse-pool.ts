/**
 * Parses many briefing folders on several threads, for a first start (no startup cache) of a large library:
 * reading, YAML, validation and anchoring are most of a cold start, and every folder is independent.
 *
 * The caller stays synchronous (Library.load is): results are taken in folder order with `take(i)`, which
 * blocks on the worker threads (Atomics.wait, then receiveMessageOnPort) only when the folder's result is not
 * there yet. Jobs are claimed from a shared counter, by the workers and by the calling thread itself whenever
 * it has nothing to decode, so the work spreads over every core and a worker that never starts costs nothing.
 * Correctness never depends on the workers: they run the same parseFolder, and a result that does not arrive
 * (a worker that died) is parsed again by the calling thread.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ParsedFolder } from './load.ts';

export interface FolderJob {
  dir: string;
  name: string;
}

/** What a parsing thread needs: the jobs, where error messages name files from, and the shared counters. */
export interface PoolData {
  jobs: FolderJob[];
  displayRoot: string;
  /** Int32: [0] the next job to claim, [1] results posted (the calling thread waits on it). */
  shared: SharedArrayBuffer;
  port: MessagePort;
}

export interface ParsedMessage extends ParsedFolder {
  index: number;
}

/**
 * Below this many folders, starting threads costs more than it saves: a thread takes about half a second of
 * CPU and 50 MB to start (tsx, zod, the YAML parsers), a folder about 0.8 ms to parse (measured at 1,000
 * folders: no faster with a worker on a busy two-core machine, 50 MB more at the peak).
 */
export const PARALLEL_MIN_FOLDERS = 2000;
/** How long the calling thread waits for a claimed folder with no result from any thread before parsing it itself. */
const STALL_MS = 5000;
const MAX_THREADS = 8;

export interface FolderParser {
  /** The result of job i; call with i = 0, 1, 2 … in order. */
  take(i: number): ParsedFolder;
  close(): void;
}

/** The number of worker threads for `jobs` folders: none for few folders or on one core. */
export function workerCount(jobs: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.min(MAX_THREADS, Math.floor(requested)));
  if (jobs < PARALLEL_MIN_FOLDERS) return 0;
  // The calling thread parses too (and decodes what the others hand back): one worker per other core.
  // Measured at 10,000 folders on two cores: one worker 7.2 s and 760 MB peak, two 7.8 s and 840 MB (before a
  // first load parsed and read back in two passes; now the peak is the read-back's, one worker or none:
  // 561-579 MB with one, 553-561 MB without, and 1.0 to 1.6 times faster with one).
  return Math.min(MAX_THREADS, availableParallelism() - 1);
}

/**
 * Parses `jobs` with `parse` on this thread and on `workers` worker threads. With no workers it is a plain
 * loop over parse.
 */
export function parseFolders(
  jobs: FolderJob[],
  displayRoot: string,
  workers: number,
  parse: (job: FolderJob) => ParsedFolder,
  /** Whether the calling thread claims folders too (tests turn it off to see the workers' own results). */
  callerParses = true,
): FolderParser {
  if (workers <= 0 || jobs.length === 0) return { take: (i) => parse(jobs[i]!), close: () => {} };
  const shared = new SharedArrayBuffer(8);
  const counters = new Int32Array(shared);
  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  for (let w = 0; w < workers; w++) {
    const { port1, port2 } = new MessageChannel();
    try {
      const data: PoolData = { jobs, displayRoot, shared, port: port2 };
      // A clean execArgv: the thread registers tsx itself (parse-worker.mjs), whatever loaded this one.
      const thread = new Worker(new URL('./parse-worker.mjs', import.meta.url), { workerData: data, transferList: [port2], execArgv: [] });
      // A thread that fails is not an error of the load: its folders are parsed here instead.
      thread.on('error', () => {});
      thread.unref();
      threads.push(thread);
      ports.push(port1);
    } catch {
      port1.close();
    }
  }
  const results = new Map<number, ParsedFolder>();
  /** Folders handed to the caller: a stalled worker's late result for one of them is dropped, not kept. */
  let taken = 0;
  const drain = (): void => {
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const { index, line, errors, names } = m.message as ParsedMessage;
        if (index >= taken && !results.has(index)) results.set(index, { line, errors, names });
      }
    }
  };
  return {
    take(i) {
      let waitedMs = 0;
      for (;;) {
        drain();
        const done = results.get(i);
        if (done) {
          results.delete(i);
          taken = Math.max(taken, i + 1);
          return done;
        }
        // Nothing to decode yet: do a folder here rather than wait.
        const claimed = callerParses ? Atomics.add(counters, 0, 1) : jobs.length;
        if (claimed < jobs.length) {
          results.set(claimed, parse(jobs[claimed]!));
          waitedMs = 0;
          continue;
        }
        const posted = Atomics.load(counters, 1);
        drain();
        if (results.has(i)) continue;
        const t0 = performance.now();
        if (Atomics.wait(counters, 1, posted, 50) !== 'timed-out') waitedMs = 0;
        else waitedMs += performance.now() - t0;
        if (waitedMs > STALL_MS) {
          results.set(i, parse(jobs[i]!));
          waitedMs = 0;
        }
      }
    },
    close() {
      // Every job is claimed by now; the threads finish their last one and exit. Terminating frees them at once.
      for (const thread of threads) void thread.terminate();
      for (const port of ports) port.close();
      results.clear();
    },
  };
}

/** The loop of a parsing thread (parse-worker.mjs calls it): claim a folder, parse it, post the result. */
export function runParseThread(data: PoolData, parse: (job: FolderJob, displayRoot: string) => ParsedFolder): void {
  const counters = new Int32Array(data.shared);
  for (let claimed = Atomics.add(counters, 0, 1); claimed < data.jobs.length; claimed = Atomics.add(counters, 0, 1)) {
    let result: ParsedFolder;
    try {
      result = parse(data.jobs[claimed]!, data.displayRoot);
    } catch (err) {
      // parseFolder reports its own failures; anything else is still this folder's problem, not the thread's end.
      result = { errors: [{ file: data.jobs[claimed]!.name, path: '', reason: `could not load: ${(err as Error).message}` }] };
    }
    const message: ParsedMessage = { index: claimed, line: result.line, errors: result.errors, names: result.names };
    data.port.postMessage(message);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  }
  data.port.close();
}

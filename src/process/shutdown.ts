/**
 * Graceful shutdown for `npm start`. Every part that runs registers how to stop; on SIGTERM or SIGINT the
 * parts stop stage by stage (the chat platforms first, so no new work comes in and answers in progress can
 * finish; then digests, their database and the briefings watcher; the health endpoint last, answering 503
 * meanwhile), all within a hard deadline. Past the deadline the process exits 1 after logging which parts
 * still had not stopped; a second signal exits at once. A clean stop logs "stopped" and exits 0.
 */
import { constants } from 'node:os';
import { logger as rootLogger } from '../log.ts';
import { safeError } from './guards.ts';

export interface Stoppable {
  readonly name: string;
  stop(): Promise<void> | void;
}

/** When a part stops, relative to the others: stages run in this order, the parts of one stage together. */
export type ShutdownStage = 'platforms' | 'services' | 'endpoints';
const STAGES: readonly ShutdownStage[] = ['platforms', 'services', 'endpoints'];

export const SHUTDOWN_DEADLINE_MS = 10_000;

interface ShutdownLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ShutdownOptions {
  deadlineMs?: number;
  logger?: ShutdownLogger;
  exit?: (code: number) => void;
  now?: () => number;
  /** Told as soon as a shutdown begins (the health endpoint then answers 503). */
  onStopping?: () => void;
}

export interface StopOutcome {
  /** Every part stopped without an error. */
  clean: boolean;
  failed: string[];
}

export class Shutdown {
  private readonly parts: Array<{ part: Stoppable; stage: ShutdownStage }> = [];
  private readonly deadlineMs: number;
  private readonly log: ShutdownLogger;
  private readonly exit: (code: number) => void;
  private readonly now: () => number;
  private readonly onStopping?: () => void;
  private stopping?: Promise<StopOutcome>;
  private signalled?: string;
  private readonly pending = new Set<string>();

  constructor(options: ShutdownOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
    this.log = options.logger ?? rootLogger;
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.now = options.now ?? Date.now;
    this.onStopping = options.onStopping;
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Registers a running part. One that finishes starting after the shutdown began is stopped at once. */
  add(part: Stoppable, stage: ShutdownStage): void {
    if (this.stopping) {
      this.log.info({ part: part.name }, 'stopping a part that finished starting during the shutdown');
      void this.stopPart(part);
      return;
    }
    this.parts.push({ part, stage });
  }

  /** Stops every registered part, stage by stage; resolves when all have settled (no deadline, no exit). */
  stopAll(): Promise<StopOutcome> {
    if (this.stopping) return this.stopping;
    this.onStopping?.();
    this.stopping = (async () => {
      const failed: string[] = [];
      for (const stage of STAGES) {
        const parts = this.parts.filter((p) => p.stage === stage).map((p) => p.part);
        const results = await Promise.all(parts.map((part) => this.stopPart(part)));
        results.forEach((ok, i) => ok || failed.push(parts[i]!.name));
      }
      return { clean: failed.length === 0, failed };
    })();
    return this.stopping;
  }

  /** What a signal does: the first shuts down (exit 0 when clean), a second one exits at once. */
  handleSignal(signal: NodeJS.Signals): void {
    const code = 128 + (constants.signals[signal] ?? 0);
    if (this.signalled) {
      this.log.warn({ signal, first: this.signalled, waitingFor: [...this.pending] }, `second signal during shutdown; exiting now (code ${code})`);
      this.exit(code);
      return;
    }
    this.signalled = signal;
    void this.shutdown(signal);
  }

  installSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    for (const signal of signals) process.on(signal, () => this.handleSignal(signal));
  }

  /** Stops everything and exits: 0 when every part stopped in time, 1 otherwise (with a log line saying why). */
  async shutdown(reason: string): Promise<void> {
    const began = this.now();
    this.log.info({ reason, deadline_ms: this.deadlineMs }, 'shutting down');
    const deadline = setTimeout(() => {
      this.log.error({ reason, waitingFor: [...this.pending], deadline_ms: this.deadlineMs }, `shutdown did not finish within ${this.deadlineMs / 1000} s; exiting with code 1`);
      this.exit(1);
    }, this.deadlineMs);
    // The deadline must not itself keep the process alive once everything has stopped.
    deadline.unref();
    const outcome = await this.stopAll();
    clearTimeout(deadline);
    const ms = this.now() - began;
    if (outcome.clean) {
      this.log.info({ reason, ms, parts: this.parts.map((p) => p.part.name) }, 'stopped');
      this.exit(0);
    } else {
      this.log.error({ reason, ms, failed: outcome.failed }, `stopped, but ${outcome.failed.join(', ')} failed to stop cleanly; exiting with code 1`);
      this.exit(1);
    }
  }

  private async stopPart(part: Stoppable): Promise<boolean> {
    this.pending.add(part.name);
    try {
      await part.stop();
      return true;
    } catch (err) {
      this.log.error({ part: part.name, error: safeError(err) }, `${part.name} failed to stop`);
      return false;
    } finally {
      this.pending.delete(part.name);
    }
  }
}

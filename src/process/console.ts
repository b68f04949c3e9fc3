/**
 * The console as a long-running process (`briefing console`, and `npm start` with no chat platform): the same
 * guards as the platforms, and SIGTERM/SIGINT close it like the end of its input, after which `parts` (the
 * briefings watcher) stop. A second signal while it closes gets Node's default: the process ends at once.
 */
import type { Core } from '../core.ts';
import { runConsole } from '../platforms/console/repl.ts';
import { installProcessGuards } from './guards.ts';
import type { Stoppable } from './shutdown.ts';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export async function serveConsole(core: Core, parts: readonly Stoppable[] = []): Promise<void> {
  installProcessGuards();
  const closing = new AbortController();
  const onSignal = (): void => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    closing.abort();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    await runConsole(core, { signal: closing.signal });
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    await Promise.allSettled(parts.map((p) => p.stop()));
  }
}

/**
 * `npm start`: starts every platform whose credentials are configured, or the console when none is,
 * and shuts everything down cleanly on SIGINT/SIGTERM.
 */
import { Library } from './briefing/library.ts';
import { watchBriefings } from './briefing/watch.ts';
import { formatBriefingError } from './briefing/model.ts';
import { readConfig } from './config.ts';
import { createCore } from './core.ts';
import { logger } from './log.ts';
import { runConsole } from './platforms/console/repl.ts';

export interface RunningPlatform {
  name: string;
  stop(): Promise<void>;
}

export async function start(): Promise<void> {
  const config = readConfig();
  logger.level = config.logLevel;
  const library = Library.load(config.briefingsDir);
  for (const e of library.errors) logger.warn({ file: e.file, path: e.path, line: e.line }, `briefing not loaded: ${formatBriefingError(e)}`);
  logger.info({ briefings: library.briefings.length, dir: config.briefingsDir }, 'briefings loaded');
  const core = createCore(library);
  const watcher = watchBriefings(core, config.briefingsDir);

  const running: RunningPlatform[] = [];
  // Chat platforms join here as they are configured (see README, "Slack" and "Discord").

  if (running.length === 0) {
    await runConsole(core);
    watcher.stop();
    return;
  }
  installShutdown([...running, { name: 'briefings watcher', stop: async () => watcher.stop() }]);
}

function installShutdown(running: RunningPlatform[]): void {
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    await Promise.allSettled(running.map((p) => p.stop()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));
}

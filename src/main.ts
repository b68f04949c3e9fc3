/**
 * `npm start`: starts every platform whose credentials are configured, or the console when none is,
 * and shuts everything down cleanly on SIGINT/SIGTERM.
 */
import { Library } from './briefing/library.ts';
import { watchBriefings } from './briefing/watch.ts';
import { formatBriefingError } from './briefing/model.ts';
import { readConfig } from './config.ts';
import { createCore } from './core.ts';
import { readDigestConfig } from './digest/config.ts';
import { DigestRuntime } from './digest/service.ts';
import { logger } from './log.ts';
import { runConsole } from './platforms/console/repl.ts';
import { readSlackConfig, slackConfigured } from './platforms/slack/config.ts';
import { readDiscordConfig } from './platforms/discord/config.ts';

export interface RunningPlatform {
  name: string;
  stop(): Promise<void>;
}

export async function start(): Promise<void> {
  const config = readConfig();
  const digestConfig = readDigestConfig();
  logger.level = config.logLevel;
  const library = Library.load(config.briefingsDir);
  for (const e of library.errors) logger.warn({ file: e.file, path: e.path, line: e.line }, `briefing not loaded: ${formatBriefingError(e)}`);
  const services: Record<string, unknown> = {};
  const core = createCore(library, { services });
  // Opens the digest database and starts the scheduler when the first platform hands over its delivery.
  const digests = new DigestRuntime({ config: digestConfig, library: () => core.library(), services });
  const watcher = watchBriefings(core, config.briefingsDir);

  const running: RunningPlatform[] = [];
  // Chat platforms join here as they are configured (see README, "Slack" and "Discord"); each one hands its
  // DigestChannel to digests.addChannel before it starts listening (see src/digest/channel.ts).
  if (slackConfigured()) {
    const { startSlack } = await import('./platforms/slack/app.ts');
    const slack = await startSlack(core, readSlackConfig(process.env, core.commands), { digests });
    running.push({ name: 'slack', stop: slack.stop });
  }
  const discord = readDiscordConfig();
  if (discord) {
    const { startDiscord } = await import('./platforms/discord/client.ts');
    running.push(await startDiscord(core, discord, { digests }));
  }

  if (running.length === 0) {
    // The console is for a person at a terminal: only warnings and errors interleave with its replies.
    if (!process.env.LOG_LEVEL) logger.level = 'warn';
    await runConsole(core);
    watcher.stop();
    return;
  }
  if (digests.started) running.push(digests);
  logger.info({ briefings: library.briefings.length, dir: config.briefingsDir, platforms: running.map((p) => p.name) }, 'started');
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

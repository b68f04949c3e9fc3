/**
 * `npm start`: starts every platform whose credentials are configured, or the console when none is.
 *
 * Process hygiene (src/process/): the guards against unhandled rejections and uncaught exceptions go in
 * before anything else runs; each part registers how it stops as soon as it has started, so SIGTERM/SIGINT
 * (or a failed start) stops exactly what runs, within 10 s. Health (src/health/): /healthz on Slack's HTTP
 * port, and on HEALTH_PORT when set; it answers 503 while starting and while shutting down.
 */
import { prepareAsk } from './ask/index.ts';
import { cacheDirFromEnv } from './briefing/cache.ts';
import { Library } from './briefing/library.ts';
import { watchBriefings } from './briefing/watch.ts';
import { formatBriefingError } from './briefing/model.ts';
import { ConfigError, readConfig } from './config.ts';
import { createCore } from './core.ts';
import { readDigestConfig } from './digest/config.ts';
import { DigestRuntime } from './digest/service.ts';
import { readHealthConfig } from './health/config.ts';
import { HealthMonitor } from './health/monitor.ts';
import { HEALTH_PATH, healthzListener, startHealthServer } from './health/server.ts';
import { logger } from './log.ts';
import { readSlackConfig, slackConfigured } from './platforms/slack/config.ts';
import { readDiscordConfig } from './platforms/discord/config.ts';
import { serveConsole } from './process/console.ts';
import { installProcessGuards, processIncidents } from './process/guards.ts';
import { Shutdown } from './process/shutdown.ts';

export async function start(): Promise<void> {
  installProcessGuards();
  const config = readConfig();
  const digestConfig = readDigestConfig();
  const healthConfig = readHealthConfig();
  logger.level = config.logLevel;
  const library = Library.load(config.briefingsDir, { cacheDir: cacheDirFromEnv() });
  logger.info({ dir: config.briefingsDir, ...library.stats }, `${library.briefings.length} briefings loaded`);
  for (const e of library.errors) logger.warn({ file: e.file, path: e.path, line: e.line }, `briefing not loaded: ${formatBriefingError(e)}`);
  const services: Record<string, unknown> = {};
  // /ask's library-wide index is read or built in the background, so the first question needn't wait for it.
  const prepare = (next: Library): void =>
    void prepareAsk(next).catch((err: unknown) => logger.warn({ error: (err as Error).message }, '/ask could not prepare its index; the first question will build it'));
  const core = createCore(library, { services, onLibrary: prepare });
  // Every platform's settings are checked before anything connects, so a mistake fails fast and alone.
  const slackConfig = slackConfigured() ? readSlackConfig(process.env, core.commands) : undefined;
  const discordConfig = readDiscordConfig();
  if (slackConfig && !slackConfig.appToken && healthConfig.port && healthConfig.port === slackConfig.port) {
    throw new ConfigError(`HEALTH_PORT: Slack's HTTP mode already serves /healthz on PORT (${slackConfig.port}); leave HEALTH_PORT unset or choose another port.`);
  }
  const watcher = watchBriefings(core, config.briefingsDir);
  const watching = { name: 'briefings watcher', stop: () => watcher.stop() };

  if (!slackConfig && !discordConfig) {
    // The console is for a person at a terminal: only warnings and errors interleave with its replies.
    if (!process.env.LOG_LEVEL) logger.level = 'warn';
    if (healthConfig.port !== undefined) logger.warn('HEALTH_PORT is ignored: no chat platform is configured, so the console runs instead');
    await serveConsole(core, [watching]);
    return;
  }

  // Opens the digest database and starts the scheduler when the first platform hands over its delivery.
  const digests = new DigestRuntime({ config: digestConfig, library: () => core.library(), services });
  const health = new HealthMonitor({
    briefings: () => ({ loaded: core.library().briefings.length, errors: core.library().errors.length }),
    digests: () => digests.state,
    incidents: processIncidents,
  });
  const report = () => health.report();
  const shutdown = new Shutdown({ onStopping: () => (health.phase = 'stopping') });
  shutdown.installSignals();
  shutdown.add(digests, 'services');
  shutdown.add(watching, 'services');

  try {
    if (healthConfig.port !== undefined) {
      // Before the platforms: a probe sees 503 while they connect, and a taken port fails before any connection.
      const server = await startHealthServer({ host: healthConfig.host, port: healthConfig.port, report });
      shutdown.add(server, 'endpoints');
      logger.info({ host: server.host, port: server.port }, `health endpoint listening on http://${server.host}:${server.port}${HEALTH_PATH}`);
    }
    // Chat platforms join here as they are configured (see README, "Slack" and "Discord"); each one hands its
    // DigestChannel to digests.addChannel before it starts listening (see src/digest/channel.ts).
    if (slackConfig) {
      const { startSlack } = await import('./platforms/slack/app.ts');
      const slack = await startSlack(core, slackConfig, { digests, healthz: healthzListener(report) });
      shutdown.add({ name: 'slack', stop: slack.stop }, 'platforms');
      health.addPlatform('slack', slack.health);
    }
    if (discordConfig) {
      const { startDiscord } = await import('./platforms/discord/client.ts');
      const discord = await startDiscord(core, discordConfig, { digests });
      shutdown.add(discord, 'platforms');
      health.addPlatform('discord', discord.health);
    }
  } catch (err) {
    // What did start (database, scheduler, a connected platform, the health port) would keep the process alive.
    await shutdown.stopAll();
    throw err;
  }
  // A signal during the start: the shutdown under way exits the process.
  if (shutdown.isStopping) return;
  health.phase = 'running';
  logger.info({ briefings: library.briefings.length, dir: config.briefingsDir, platforms: Object.keys(health.report().platforms), digests: digests.state }, 'started');
}

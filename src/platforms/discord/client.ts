/**
 * The Discord bot: a discord.js client with the Guilds intent only (slash commands need no privileged
 * intent), wired to the core. `startDiscord` resolves once the gateway session is ready.
 */
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Core } from '../../core.ts';
import type { DigestChannelRegistry } from '../../digest/channel.ts';
import type { PlatformHealth } from '../../health/health.ts';
import { logger } from '../../log.ts';
import { DISCORD_LIMITS } from '../../render/limits.ts';
import { noMentions } from '../../render/discord.ts';
import type { DiscordConfig } from './config.ts';
import { discordDigestChannel, discordDigestRest } from './digest-channel.ts';
import { trackGateway } from './health.ts';
import { handleInteraction } from './interactions.ts';
import { PageStore } from './pages.ts';

export interface DiscordOptions {
  /** Defer a command still running after this long (default DISCORD_LIMITS.deferAfterMs). */
  deferAfterMs?: number;
  /** How long an answer's pages can be turned (default DISCORD_LIMITS.pageTtlMs, under the 15-minute token). */
  pageTtlMs?: number;
  /** Most paginated answers kept at once (default DISCORD_LIMITS.pagesKept). */
  pagesKept?: number;
  /** REST retries and request timeout; tests lower them so a failure shows at once. */
  rest?: { retries?: number; timeout?: number };
  /** Give up logging in after this long (default 30 s). */
  readyTimeoutMs?: number;
  /** Scheduled digests: the bot hands over its Discord DigestChannel here before it logs in. */
  digests?: DigestChannelRegistry;
  /** Request timeout of digest posts (default DIGEST_POST_TIMEOUT_MS). */
  digestTimeoutMs?: number;
}

export interface RunningDiscord {
  name: 'discord';
  client: Client;
  /** The gateway connection as /healthz reports it. */
  health(): PlatformHealth;
  stop(): Promise<void>;
}

export async function startDiscord(core: Core, config: DiscordConfig, options: DiscordOptions = {}): Promise<RunningDiscord> {
  const pageTtlMs = options.pageTtlMs ?? DISCORD_LIMITS.pageTtlMs;
  if (pageTtlMs >= DISCORD_LIMITS.interactionTokenMs) throw new Error('pageTtlMs must be shorter than the 15 minutes an interaction token lasts.');
  const pages = new PageStore(pageTtlMs, options.pagesKept ?? DISCORD_LIMITS.pagesKept);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Belt and braces: every message we send also sets allowed_mentions itself.
    allowedMentions: noMentions(),
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...options.rest },
  });
  const gateway = trackGateway(client);
  const ctx = { core, pages, deferAfterMs: options.deferAfterMs ?? DISCORD_LIMITS.deferAfterMs, pageTtlMs };

  // Answers in progress, so that a shutdown lets them finish (handleInteraction never rejects).
  const inFlight = new Set<Promise<void>>();
  const onInteraction = (interaction: Interaction): void => {
    const answering = handleInteraction(interaction, ctx).finally(() => inFlight.delete(answering));
    inFlight.add(answering);
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ code: event.code, shard }, 'discord gateway disconnected'));
  client.on(Events.ShardResume, (shard) => logger.info({ shard }, 'discord gateway resumed'));

  let readyTimer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyTimer = setTimeout(() => reject(new Error('Discord did not become ready in time; check the token and the network.')), options.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, (c) => {
      logger.info({ user: c.user.tag, application: c.application.id }, 'discord ready');
      if (config.applicationId && c.application.id !== config.applicationId) {
        logger.warn({ configured: config.applicationId, actual: c.application.id }, 'DISCORD_APPLICATION_ID is not the application of DISCORD_TOKEN; commands registered for it will not reach this bot');
      }
      resolve();
    });
  });
  ready.catch(() => undefined);
  // Before logging in, so that a /digest arriving first finds digests running. Its own REST client: see digest-channel.ts.
  const digestRest = discordDigestRest(config, options.digestTimeoutMs);
  const stopDigestRest = (): void => {
    digestRest.clearHashSweeper();
    digestRest.clearHandlerSweeper();
  };
  options.digests?.addChannel(discordDigestChannel(digestRest));
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    pages.clear();
    stopDigestRest();
    await client.destroy();
    throw new Error(`Discord login failed: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(readyTimer);
  }

  return {
    name: 'discord',
    client,
    health: gateway.health,
    async stop() {
      gateway.stop();
      client.off(Events.InteractionCreate, onInteraction);
      await Promise.allSettled([...inFlight]);
      pages.clear();
      stopDigestRest();
      await client.destroy();
    },
  };
}

/**
 * How digests reach commands and `npm start`: the `DigestService` placed in `core.services.digest`, a typed
 * accessor that explains what is missing, and the runtime that opens the database and starts the scheduler
 * once a chat platform hands over its delivery (so the console alone never creates a database).
 */
import { existsSync } from 'node:fs';
import type { Library } from '../briefing/library.ts';
import type { CommandContext } from '../commands/command.ts';
import { logger } from '../log.ts';
import { UserError } from '../reply/reply.ts';
import type { DigestChannel } from './channel.ts';
import type { DigestConfig } from './config.ts';
import { DigestScheduler, type SchedulerOptions } from './scheduler.ts';
import { DigestStore } from './store.ts';

export const DIGEST_SERVICE_KEY = 'digest';

export interface DigestService {
  config: DigestConfig;
  store: DigestStore;
  /** Absent where nothing can deliver (the CLI): list and preview still work, subscribe and send-now don't. */
  scheduler?: DigestScheduler;
}

function isDigestService(value: unknown): value is DigestService {
  const v = value as Partial<DigestService> | undefined;
  return v?.store instanceof DigestStore && typeof v.config === 'object' && v.config !== null && (v.scheduler === undefined || v.scheduler instanceof DigestScheduler);
}

/** The digest service when this bot runs one. */
export function findDigestService(ctx: Pick<CommandContext, 'services'>): DigestService | undefined {
  const value = ctx.services[DIGEST_SERVICE_KEY];
  return isDigestService(value) && value.store.isOpen ? value : undefined;
}

/** The digest service, or a UserError saying why `what` is not available here. */
export function requireDigestService(ctx: Pick<CommandContext, 'services'>, what: string): DigestService {
  const service = findDigestService(ctx);
  if (!service) {
    throw new UserError(
      'digests_unavailable',
      `Digests are not running here, so ${what} is not available. They run with the Slack or Discord bot (npm start with a chat platform configured); see the README, "Digests".`,
    );
  }
  return service;
}

export function requireScheduler(service: DigestService, what: string): DigestScheduler {
  if (!service.scheduler) throw new UserError('digests_unavailable', `${what} works from a Slack or Discord channel, where the bot delivers digests.`);
  return service.scheduler;
}

/** For the CLI: the database when it exists (never created just to look at it), without a scheduler. */
export function openExistingDigestService(config: DigestConfig): DigestService | undefined {
  if (!existsSync(config.dbFile)) return undefined;
  return { config, store: DigestStore.open(config.dbFile) };
}

export interface DigestRuntimeOptions {
  config: DigestConfig;
  library: () => Library;
  /** The core's services record; the runtime puts the DigestService in it when it starts. */
  services: Record<string, unknown>;
  scheduler?: Partial<Omit<SchedulerOptions, 'store' | 'library' | 'config'>>;
}

/**
 * Wiring for `npm start`. Each chat platform calls `addChannel` before it starts listening; the first call
 * opens the database (creating DATA_DIR and running migrations) and starts the scheduler. `stop` is the
 * shutdown hook (a Stoppable of src/process/shutdown.ts).
 */
export class DigestRuntime {
  readonly name = 'digests';
  private service?: DigestService;
  private failed = false;

  constructor(private readonly options: DigestRuntimeOptions) {}

  get started(): boolean {
    return this.service !== undefined;
  }

  /** For /healthz: running, failed (the database could not be opened), or off (not started, or stopped). */
  get state(): 'running' | 'failed' | 'off' {
    return this.service ? 'running' : this.failed ? 'failed' : 'off';
  }

  addChannel(channel: DigestChannel): void {
    const service = this.ensureStarted();
    service?.scheduler?.addChannel(channel);
  }

  private ensureStarted(): DigestService | undefined {
    if (this.service || this.failed) return this.service;
    const { config } = this.options;
    try {
      const store = DigestStore.open(config.dbFile);
      const scheduler = new DigestScheduler({ store, library: this.options.library, config, ...this.options.scheduler });
      this.service = { config, store, scheduler };
      this.options.services[DIGEST_SERVICE_KEY] = this.service;
      scheduler.start();
      logger.info({ db: config.dbFile, schema: store.schemaVersion, subscriptions: store.subscriptions().length }, 'digests started');
    } catch (err) {
      // The bot still answers commands; the digest command explains that digests are not running.
      this.failed = true;
      logger.error({ err, db: config.dbFile }, 'digests disabled: the database could not be opened');
    }
    return this.service;
  }

  async stop(): Promise<void> {
    const service = this.service;
    if (!service) return;
    delete this.options.services[DIGEST_SERVICE_KEY];
    await service.scheduler?.stop();
    service.store.close();
    this.service = undefined;
  }
}

/**
 * The Slack edge: a Bolt app that turns slash commands and page buttons into core commands and answers
 * in Block Kit. Socket Mode when an app token is configured, HTTP (/slack/events on PORT) otherwise.
 *
 * Deadlines: Slack must have the ack within 3 s. A slash command from a command known to be quick is
 * answered in its ack (the HTTP body, or the Socket Mode ack's payload) when the answer is ready within a
 * deadline; any other is acked at once, empty, and answered through respond() (the request's
 * response_url): see ack-answer.ts. A page button is acked at once and its page replaces the message
 * through respond(). Commands answer privately (ephemeral) unless the user adds public:true; errors are
 * always private.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, SocketModeReceiver, webApi, type BlockAction, type ButtonAction, type RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Caller } from '../../commands/command.ts';
import type { RawOptions } from '../../commands/parse-text.ts';
import type { Core } from '../../core.ts';
import type { DigestChannelRegistry } from '../../digest/channel.ts';
import type { PlatformHealth } from '../../health/health.ts';
import { HEALTH_PATH } from '../../health/server.ts';
import { ConnectionTracker } from '../../health/tracker.ts';
import { logger as defaultLogger } from '../../log.ts';
import { renderSlackMessages, renderSlackPage, type SlackBlock, type SlackMessage } from '../../render/blockkit.ts';
import type { Reply } from '../../reply/reply.ts';
import type { SlackConfig } from './config.ts';
import { ACK_ANSWER_DEADLINE_MS, ackWithAnswerOrLater, CommandTimes } from './ack-answer.ts';
import { parseInvocation, slackUsage, type Invocation, type Visibility } from './invocation.ts';
import { slackDigestChannel, slackDigestClient } from './digest-channel.ts';
import { trackSocketMode } from './health.ts';
import { boltLogger, scrubSecrets } from './log.ts';
import { decodePageState, encodePageState } from './page-state.ts';
import { RateLimiter } from './rate-limit.ts';
import { TimestampCheckedReceiver } from './receiver.ts';
import { WorkspaceRoles } from './roles.ts';

export interface SlackApp {
  mode: 'socket' | 'http';
  /** HTTP mode: the port /slack/events listens on. */
  port?: number;
  /** Web API client with the bot token, for parts that post on their own (digests). */
  client: webApi.WebClient;
  /** The connection as /healthz reports it: Socket Mode connected / reconnecting, or HTTP listening. */
  health(): PlatformHealth;
  /** Waits for answers in progress, then disconnects. */
  stop(): Promise<void>;
}

export interface SlackStartOptions {
  logger?: Logger;
  /** Web API retries (Bolt's default when left out; tests use 0 to fail fast). */
  retries?: number;
  /** Clock for request timestamps, rate limits and remembered roles. */
  now?: () => number;
  /** Scheduled digests: the app hands over its Slack DigestChannel here before it starts listening. */
  digests?: DigestChannelRegistry;
  /** HTTP mode: answers GET/HEAD /healthz on the same port as /slack/events. */
  healthz?: (req: IncomingMessage, res: ServerResponse) => void;
  /** How long a slash command's ack may wait for its answer (ack-answer.ts); tests shorten it. */
  ackDeadlineMs?: number;
}

/** A message as the answer to a slash command: in the ack's body, or posted to response_url. */
interface SlackAnswer {
  response_type: Visibility;
  text: string;
  blocks?: SlackBlock[];
}

const SOMETHING_WENT_WRONG = 'Something went wrong while answering; it has been logged.';
const slowDown = (seconds: number): string => `You are sending requests a little fast. Please try again in ${seconds} s.`;

/** Matches the action_ids of the page buttons (PAGE_ACTIONS in render/blockkit.ts). */
const PAGE_ACTION = /^briefing_page_/;

export class SlackStartError extends Error {}

/** The most telling short reason in a Web API or network error. */
function describeApiError(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; message?: string; original?: { message?: string; cause?: { code?: string } } };
  return e.data?.error ?? e.original?.cause?.code ?? e.original?.message ?? e.message ?? e.code ?? String(err);
}

export async function startSlack(core: Core, config: SlackConfig, options: SlackStartOptions = {}): Promise<SlackApp> {
  const secrets = [config.botToken, config.appToken, config.signingSecret];
  const log = (options.logger ?? defaultLogger).child({ platform: 'slack' });
  const bolt = boltLogger(log, secrets);
  const now = options.now ?? Date.now;
  const clientOptions: webApi.WebClientOptions = {
    logger: bolt,
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    ...(options.retries !== undefined ? { retryConfig: { retries: options.retries } } : {}),
  };

  // One auth.test up front: a wrong token or an unreachable Slack fails here, readably and within seconds
  // (a few retries, not the client's default half hour), and Bolt needs no call of its own.
  let identity: { botId: string; botUserId: string; botName?: string; team?: string };
  try {
    const startup = new webApi.WebClient(config.botToken, { ...clientOptions, timeout: 10_000, retryConfig: { retries: options.retries ?? 2, factor: 2 } });
    const auth = await startup.auth.test();
    identity = { botId: auth.bot_id!, botUserId: auth.user_id!, botName: auth.user, team: auth.team };
  } catch (err) {
    const reason = scrubSecrets(describeApiError(err), secrets);
    if ((err as { code?: string }).code === webApi.ErrorCode.PlatformError) {
      throw new SlackStartError(`Slack did not accept SLACK_BOT_TOKEN (${reason}). Copy the Bot User OAuth Token again from the app's Install App page.`);
    }
    const where = config.apiUrl ?? 'https://slack.com/api/';
    throw new SlackStartError(`Could not reach Slack at ${where} (${reason}). Check the network${config.apiUrl ? ' and SLACK_API_URL' : ''}.`);
  }

  const socket = config.appToken
    ? // A copy: the Socket Mode client writes its own retry policy into the options it is given.
      new SocketModeReceiver({ appToken: config.appToken, logger: bolt, installerOptions: { clientOptions: { ...clientOptions } } })
    : undefined;
  const http = socket
    ? undefined
    : new TimestampCheckedReceiver({
        signingSecret: config.signingSecret!,
        logger: bolt,
        now,
        onRefused: (reason) => log.warn({ reason }, 'refused a request to /slack/events'),
        customRoutes: options.healthz ? [{ path: HEALTH_PATH, method: ['GET', 'HEAD'], handler: options.healthz }] : [],
      });
  const connection = new ConnectionTracker('connecting', now);
  if (socket) trackSocketMode(socket.client, connection, log);
  const app = new App({
    token: config.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver: socket ?? http,
    socketMode: Boolean(socket),
    logger: bolt,
    logLevel: bolt.getLevel(),
    clientOptions,
    convoStore: false,
  });

  // Calls whose retries are ours: digest posts (the scheduler's retry loop) and role checks (a command
  // must not hang in the client's own half-hour retry policy).
  const direct = slackDigestClient(config.botToken, { logger: bolt, ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}) });
  const roles = new WorkspaceRoles(direct, now);
  /** Who is asking; whether they manage the channel is looked up only if the command asks. */
  const callerOf = (user: { id: string; name?: string }, channelId: string | undefined, teamId: string | undefined): Caller => ({
    platform: 'slack',
    userId: user.id,
    userName: user.name,
    channelId,
    spaceId: teamId,
    canManageChannel: () => roles.isManager(teamId, user.id),
  });

  const limiter = new RateLimiter(config.rateLimit.burst, config.rateLimit.perMinute, now);
  const times = new CommandTimes();
  const ackDeadlineMs = options.ackDeadlineMs ?? ACK_ANSWER_DEADLINE_MS;
  const inFlight = new Set<Promise<void>>();
  /** Runs the work after an ack; a failure is logged and, if Slack still listens, the user told. */
  const track = (respond: RespondFn, work: () => Promise<void>): Promise<void> => {
    const p = work()
      .catch(async (err: unknown) => {
        log.error({ error: scrubSecrets(describeApiError(err), secrets) }, 'could not answer in Slack');
        await respond({ response_type: 'ephemeral', replace_original: false, text: SOMETHING_WENT_WRONG }).catch(() => {});
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  /**
   * Undefined when the caller is within their rate; otherwise what to ack with: the "slow down" notice the
   * first time, null (an empty ack) after that.
   */
  const rateRefusal = (caller: Caller): SlackAnswer | null | undefined => {
    const decision = limiter.take(`${caller.spaceId ?? ''}:${caller.userId ?? ''}`);
    if (decision.allowed) return undefined;
    log.info({ user: caller.userId }, 'rate limited');
    return decision.notify ? { response_type: 'ephemeral', text: slowDown(decision.retryAfterSeconds) } : null;
  };

  /** False (after telling the user once) when they are over their rate. */
  const withinRate = async (caller: Caller, respond: RespondFn): Promise<boolean> => {
    const refusal = rateRefusal(caller);
    if (refusal === undefined) return true;
    if (refusal) await respond({ ...refusal, replace_original: false });
    return false;
  };

  const names = config.commands;
  const slackHint = `In Slack: ${names.umbrella} <command> [options]${names.direct.size ? `, or ${[...names.direct.keys()].join(', ')} directly` : ''}. Add public:true to post the answer in the channel.`;

  /** Page `page` of a reply, with buttons to the others; an error shows the usage as typed in Slack. */
  const draw = (reply: Reply, run: { command: string; options: RawOptions; usage: string; page: number }): SlackMessage => {
    if (reply.error) return renderSlackMessages(reply.error.usage ? { ...reply, error: { ...reply.error, usage: run.usage } } : reply)[0]!;
    const shown = run.command === 'help' ? { ...reply, footer: [reply.footer, slackHint].filter(Boolean).join(' ') } : reply;
    return renderSlackPage(shown, run.page, (index) => encodePageState({ command: run.command, options: run.options, page: index })).message;
  };
  const privately = (message: SlackMessage): SlackAnswer => ({ response_type: 'ephemeral', ...message });

  /** The answer to a slash command whose text parsed: the command's reply, or its error privately. */
  const answer = async (invocation: Extract<Invocation, { ok: true }>, caller: Caller): Promise<SlackAnswer> => {
    const { command, options, visibility, usage } = invocation;
    log.debug({ command: command.name, user: caller.userId }, 'slash command');
    const started = performance.now();
    const library = core.library();
    try {
      const reply = await core.run(command.name, options, caller);
      const message = draw(reply, { command: command.name, options, usage, page: 0 });
      return reply.error ? privately(message) : { response_type: visibility, ...message };
    } finally {
      times.record(command.name, performance.now() - started, library);
    }
  };
  /** A failure of our own (a bug), logged; the user is told privately. */
  const failed = (err: unknown): SlackAnswer => {
    log.error({ error: scrubSecrets(describeApiError(err), secrets) }, 'could not answer in Slack');
    return { response_type: 'ephemeral', text: SOMETHING_WENT_WRONG };
  };

  for (const slash of [names.umbrella, ...names.direct.keys()]) {
    app.command(slash, async ({ command, ack, respond }) => {
      const started = performance.now();
      const caller = callerOf({ id: command.user_id, name: command.user_name }, command.channel_id, command.team_id);
      const refusal = rateRefusal(caller);
      if (refusal !== undefined) return ack(refusal ?? undefined);
      let invocation: Invocation;
      try {
        invocation = parseInvocation(command.command, command.text ?? '', { names, commands: core.commands, library: core.library() });
      } catch (err) {
        return ack(failed(err));
      }
      if (!invocation.ok) return ack(privately(renderSlackMessages(invocation.reply)[0]!));
      const target = invocation;
      await ackWithAnswerOrLater({
        quick: times.isQuick(target.command.name, core.library()),
        deadlineMs: ackDeadlineMs,
        started,
        work: () => answer(target, caller).catch(failed),
        ack: (message) => ack(message),
        later: (answered) =>
          track(respond, async () => {
            await respond({ ...(await answered), replace_original: false });
          }),
      });
    });
  }

  app.action<BlockAction<ButtonAction>>({ action_id: PAGE_ACTION }, async ({ ack, body, action, respond }) => {
    await ack();
    await track(respond, async () => {
      const state = decodePageState(action.value);
      if (!state) {
        log.warn({ action: action.action_id }, 'a page button with a value that is not ours');
        return;
      }
      const caller = callerOf(body.user, body.channel?.id, body.team?.id ?? body.user.team_id);
      if (!(await withinRate(caller, respond))) return;
      const command = core.commands.find((c) => c.name === state.command);
      const usage = command ? slackUsage(command, names.umbrella, names) : `${names.umbrella} help`;
      const reply = await core.run(state.command, state.options, caller);
      const message = draw(reply, { ...state, usage });
      // The new page replaces the message the button is on, private or in the channel alike.
      await respond(reply.error ? { ...privately(message), replace_original: false } : { replace_original: true, ...message });
    });
  });

  app.error(async (err) => {
    log.error({ error: scrubSecrets(describeApiError(err), secrets) }, 'Slack listener failed');
  });

  // Before listening, so that a digest command arriving first finds digests running.
  options.digests?.addChannel(slackDigestChannel({ client: direct, botName: identity.botName ?? 'briefing-bot', command: names.umbrella }));

  let port: number | undefined;
  let server: Server | undefined;
  try {
    if (socket) await app.start();
    else {
      server = await app.start(config.port);
      const address = server!.address();
      port = typeof address === 'object' && address ? address.port : config.port;
    }
  } catch (err) {
    const what = describeApiError(err);
    throw new SlackStartError(
      socket
        ? `Could not open a Socket Mode connection (${scrubSecrets(what, secrets)}). Check SLACK_APP_TOKEN (an App-Level Token with connections:write) and that Socket Mode is enabled for the app.`
        : `Could not listen on port ${config.port} (${what}). Set PORT to a free port.`,
    );
  }
  if (!socket) {
    connection.set('listening', `HTTP on port ${port}`);
    server?.once('close', () => connection.set('disconnected', `the HTTP server on port ${port} closed`));
  }
  log.info({ mode: socket ? 'socket' : 'http', port, team: identity.team }, socket ? 'Slack connected (Socket Mode)' : `Slack listening on port ${port} at /slack/events`);

  return {
    mode: socket ? 'socket' : 'http',
    port,
    client: app.client,
    health: () => connection.health(),
    stop: async () => {
      connection.stop();
      await Promise.allSettled([...inFlight]);
      if (socket) await socket.client.disconnect();
      else if (server) {
        const closing = app.stop();
        // Keep-alive connections would hold the server open for seconds after its last request.
        server.closeIdleConnections();
        await closing;
      }
    },
  };
}

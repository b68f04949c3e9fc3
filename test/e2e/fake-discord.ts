/**
 * A fake Discord (REST API + gateway) on 127.0.0.1 for end-to-end tests that drive the real discord.js.
 *
 * ```ts
 * const discord = await FakeDiscord.start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl, retries: 0, timeout: 2000 } });
 * await client.login(FakeDiscord.TOKEN);              // GET /gateway/bot, then HELLO → IDENTIFY → READY
 * const callback = await discord.interact(chatInput('who', [option('name', 'Shoigu')]));
 * callback.body                                       // {type: 4, data: {embeds, allowed_mentions, flags…}}
 * await discord.close();                              // after client.destroy()
 * ```
 *
 * What it does:
 * - REST under `/api/v10`: `GET /gateway/bot`; interaction callbacks (`POST /interactions/:id/:token/callback`,
 *   answered 204 or, with `?with_response=true`, with a callback response); webhook messages of interactions
 *   (`PATCH|GET|DELETE /webhooks/:app/:token/messages/:id`, follow-ups `POST /webhooks/:app/:token`); channel
 *   messages (`POST /channels/:id/messages`, `PATCH|DELETE /channels/:id/messages/:id`); command registration
 *   (`PUT|GET /applications/:app/commands`, `…/guilds/:guild/commands`). Anything else is a Discord-style 404.
 *   Every request is recorded in `calls` (decoded path without `/api/v10`, parsed JSON body), and messages it
 *   creates get ids and come back as full message objects, so discord.js can build a `Message` from them.
 * - Gateway: HELLO, READY in answer to IDENTIFY (recorded in `identifies`, e.g. to check intents), heartbeat
 *   ACKs, and `dispatch(event, data)` / `interact(payload)` to send events such as INTERACTION_CREATE.
 * - `closeGateway(code)` closes the gateway sessions with a close code (4004: discord.js gives up) and
 *   `dropGateway()` cuts them without one (discord.js comes back and RESUMEs, answered with RESUMED).
 * - `failNext(method, path, status)` makes the next matching request fail, for retry and error-path tests
 *   (with response headers such as Retry-After, or after handling the request, like a lost answer).
 * - Channel messages honour `nonce` with `enforce_nonce`, as Discord does for a few minutes: a repeat returns
 *   the message already created instead of a second one. `channelMessages(id)` lists what a channel holds.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedCall {
  method: string;
  /** Decoded path after `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body (multipart bodies are recorded from their `payload_json` part), or undefined. */
  body: any;
  headers: IncomingMessage['headers'];
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  body: unknown;
  times: number;
  headers?: Record<string, string>;
  /** Handle the request (create the message…) and then answer with the failure: an answer lost on the way. */
  afterHandling?: boolean;
}

export interface FailureOptions {
  headers?: Record<string, string>;
  afterHandling?: boolean;
}

/** A fake snowflake: unique, increasing, 19 digits. */
let sequence = 0n;
export function snowflake(): string {
  sequence += 1n;
  return (1_200_000_000_000_000_000n + BigInt(Date.now() % 1_000_000) * 1_000_000n + sequence).toString();
}

export const DEFAULT_USER = { id: '300000000000000001', username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
export const DEFAULT_GUILD_ID = '400000000000000001';
export const DEFAULT_CHANNEL_ID = '500000000000000001';

/** Permissions of the default member: View Channel, Send Messages, Manage Channels. */
const MEMBER_PERMISSIONS = String((1n << 10n) | (1n << 11n) | (1n << 4n));

export interface InteractionInit {
  type: number;
  data?: Record<string, unknown>;
  message?: Record<string, unknown>;
  user?: { id: string; username?: string };
  /** Leave out (or set null) for a direct message with the bot. */
  guildId?: string | null;
  channelId?: string;
  /** The member's permission bits as a decimal string. */
  permissions?: string;
}

/** An option of a slash command: its type follows from the value (string 3, integer 4, boolean 5). */
export function option(name: string, value: string | number | boolean, focused = false): Record<string, unknown> {
  const type = typeof value === 'boolean' ? 5 : typeof value === 'number' ? 4 : 3;
  return { name, type, value, ...(focused ? { focused: true } : {}) };
}

/** A subcommand holding its own options. */
export function subcommand(name: string, options: Array<Record<string, unknown>> = []): Record<string, unknown> {
  return { name, type: 1, options };
}

/** A slash command invocation (APPLICATION_COMMAND, 2). */
export function chatInput(name: string, options: Array<Record<string, unknown>> = [], init: Partial<InteractionInit> = {}): InteractionInit {
  return { type: 2, data: { id: snowflake(), name, type: 1, options }, ...init };
}

/** An autocomplete request (APPLICATION_COMMAND_AUTOCOMPLETE, 4): mark one option with `option(name, typed, true)`. */
export function autocomplete(name: string, options: Array<Record<string, unknown>>, init: Partial<InteractionInit> = {}): InteractionInit {
  return { type: 4, data: { id: snowflake(), name, type: 1, options }, ...init };
}

/** A button press (MESSAGE_COMPONENT, 3) on `message` (e.g. from `discord.messageOf(callback)`). */
export function buttonPress(customId: string, message: Record<string, unknown>, init: Partial<InteractionInit> = {}): InteractionInit {
  return { type: 3, data: { custom_id: customId, component_type: 2 }, message, ...init };
}

export class FakeDiscord {
  static readonly TOKEN = 'fake-bot-token.for.tests';

  readonly applicationId: string;
  readonly bot = { id: '', username: 'briefing-bot', discriminator: '0', global_name: null, avatar: null, bot: true };
  /** Every REST request, in order. */
  readonly calls: RecordedCall[] = [];
  /** The `d` of every IDENTIFY received. */
  readonly identifies: Array<Record<string, any>> = [];
  /** The `d` of every RESUME received. */
  readonly resumes: Array<Record<string, any>> = [];

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiters: Array<{ predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }> = [];
  private readonly failures: Failure[] = [];
  private readonly messages = new Map<string, Record<string, unknown>>();
  private readonly registered = new Map<string, unknown[]>();
  private identified: Array<() => void> = [];
  private seq = 0;

  private constructor(applicationId: string) {
    this.applicationId = applicationId;
    this.bot.id = applicationId;
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.onSocket(socket));
  }

  /** A fake listening on a free port of 127.0.0.1. */
  static async start(options: { applicationId?: string } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options.applicationId ?? '100000000000000001');
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The REST base to give discord.js (`rest.api`) or DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Resolves when a client has sent IDENTIFY (at once if one already has). */
  waitForIdentify(): Promise<void> {
    if (this.identifies.length) return Promise.resolve();
    return new Promise((resolve) => this.identified.push(resolve));
  }

  /** The first recorded call matching `predicate`, already made or still to come. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (c: RecordedCall) => {
          clearTimeout(timer);
          resolve(c);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching Discord API call within ${timeoutMs} ms; calls so far:\n${this.calls.map((c) => `${c.method} ${c.path}`).join('\n')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Calls to the callback endpoint of one interaction, or of all. */
  callbacks(interactionId?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(c.path) && (!interactionId || c.path.startsWith(`/interactions/${interactionId}/`)));
  }

  /** Calls on the webhook of one interaction token (edits, follow-ups, deletes). */
  webhookCalls(token: string): RecordedCall[] {
    return this.calls.filter((c) => c.path.startsWith(`/webhooks/${this.applicationId}/${token}`));
  }

  /** The next request matching method and path fails with `status` (Discord-style error body), `times` times. */
  failNext(method: string, path: RegExp, status: number, body: unknown = { message: 'Fake failure', code: 0 }, times = 1, options: FailureOptions = {}): void {
    this.failures.push({ method, path, status, body, times, ...options });
  }

  /** The messages a channel holds (created by POST /channels/:id/messages), oldest first. */
  channelMessages(channelId: string): Array<Record<string, any>> {
    return [...this.messages.entries()].filter(([key]) => key.startsWith(`${channelId}/`)).map(([, m]) => m);
  }

  /** The commands last PUT for the application (`guildId` for a server's). */
  registeredCommands(guildId?: string): unknown[] | undefined {
    return this.registered.get(guildId ?? 'global');
  }

  /** Sends a gateway DISPATCH to every connected client. */
  dispatch(event: string, data: unknown): void {
    const payload = JSON.stringify({ op: 0, t: event, s: ++this.seq, d: data });
    for (const socket of this.sockets) socket.send(payload);
  }

  /**
   * Sends INTERACTION_CREATE and resolves with the interaction's callback call (reply, defer, update,
   * autocomplete result). The full payload sent is on `sent`, its token on `sent.token`.
   */
  async interact(init: InteractionInit, timeoutMs = 5000): Promise<RecordedCall & { sent: Record<string, any> }> {
    const sent = this.interactionPayload(init);
    const waiting = this.waitForCall((c) => c.method === 'POST' && c.path === `/interactions/${sent.id}/${sent.token}/callback`, timeoutMs);
    this.dispatch('INTERACTION_CREATE', sent);
    return { ...(await waiting), sent };
  }

  /** A full interaction payload, as Discord sends it (discord.js needs entitlements and authorizing_integration_owners). */
  interactionPayload(init: InteractionInit): Record<string, any> {
    const id = snowflake();
    const user = { ...DEFAULT_USER, ...init.user };
    const guildId = init.guildId === undefined ? DEFAULT_GUILD_ID : init.guildId;
    const channelId = init.channelId ?? DEFAULT_CHANNEL_ID;
    const where = guildId
      ? {
          guild_id: guildId,
          member: { user, roles: [], permissions: init.permissions ?? MEMBER_PERMISSIONS, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
          channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' },
          context: 0,
        }
      : { user, channel: { id: channelId, type: 1, recipients: [user] }, context: 1 };
    return {
      id,
      application_id: this.applicationId,
      type: init.type,
      ...(init.data ? { data: init.data } : {}),
      ...(init.message ? { message: init.message } : {}),
      channel_id: channelId,
      ...where,
      token: `itoken-${id}-${randomUUID()}`,
      version: 1,
      app_permissions: MEMBER_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      attachment_size_limit: 8 * 1024 * 1024,
    };
  }

  /**
   * The message a reply callback (type 4) or update (type 7) created, as Discord would return it;
   * pass it to `buttonPress` to press one of its buttons.
   */
  messageOf(callback: RecordedCall & { sent?: Record<string, any> }): Record<string, unknown> {
    const data = callback.body?.data ?? {};
    return this.makeMessage(callback.sent?.channel_id ?? DEFAULT_CHANNEL_ID, data, { interaction: callback.sent });
  }

  /** Closes every gateway connection with a close frame carrying `code`, as Discord ends a session. */
  closeGateway(code: number, reason = ''): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  /** Cuts every gateway connection without a close frame, as a network failure does. */
  dropGateway(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Open gateway connections. */
  get gatewayConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------------------------------------ gateway

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      let payload: { op: number; d: any };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11 }));
      else if (payload.op === 2) {
        this.identifies.push(payload.d);
        const ready = {
          v: 10,
          user: this.bot,
          guilds: [],
          session_id: randomUUID(),
          resume_gateway_url: this.gatewayUrl,
          shard: payload.d.shard,
          application: { id: this.applicationId, flags: 0 },
          user_settings: {},
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
        };
        socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.seq, d: ready }));
        for (const resolve of this.identified.splice(0)) resolve();
      } else if (payload.op === 6) {
        // RESUME: nothing was missed here, so the session continues at once.
        this.resumes.push(payload.d);
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
      }
    });
  }

  // --------------------------------------------------------------------------------------------- REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent(url.pathname.replace(/^\/api(\/v\d+)?/, ''));
    const call: RecordedCall = { method: req.method ?? 'GET', path, query: url.searchParams, body: parseBody(raw, req.headers['content-type']), headers: req.headers };
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }

    const failure = this.failures.find((f) => f.method === call.method && f.path.test(path));
    if (failure) {
      if (--failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.afterHandling) this.route(call);
      return json(res, failure.status, failure.body, failure.headers);
    }
    const route = this.route(call);
    if (!route) return json(res, 404, { message: '404: Not Found', code: 0 });
    if (route.status === 204) {
      res.writeHead(204).end();
      return;
    }
    json(res, route.status, route.body);
  }

  private route(call: RecordedCall): { status: number; body?: unknown } | undefined {
    const { method, path, body } = call;
    const app = this.applicationId;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } };
    }
    if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: this.gatewayUrl } };
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: this.bot };
    if ((m = /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const [, id, token] = m;
      const data = body?.data ?? {};
      // Replies and updates become the interaction's original message, so later edits and fetches find it.
      if (body?.type === 4 || body?.type === 5) this.messages.set(`${token}/@original`, this.makeMessage(DEFAULT_CHANNEL_ID, body.type === 5 ? { ...data, content: '' } : data, {}));
      if (call.query.get('with_response') !== 'true') return { status: 204 };
      return { status: 200, body: { interaction: { id, type: 2, response_message_loading: body?.type === 5, response_message_ephemeral: Boolean((data.flags ?? 0) & 64) }, resource: { type: body?.type, message: this.messages.get(`${token}/@original`) } } };
    }
    if ((m = /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      const [, , token, messageId] = m;
      const key = `${token}/${messageId}`;
      const existing = this.messages.get(key) ?? this.makeMessage(DEFAULT_CHANNEL_ID, {}, {});
      if (method === 'GET') return { status: 200, body: existing };
      if (method === 'DELETE') {
        this.messages.delete(key);
        return { status: 204 };
      }
      if (method === 'PATCH') {
        const updated = { ...existing, ...messageFields(body ?? {}), edited_timestamp: new Date().toISOString() };
        this.messages.set(key, updated);
        return { status: 200, body: updated };
      }
    }
    if ((m = /^\/webhooks\/([^/]+)\/([^/]+)$/.exec(path)) && method === 'POST') {
      const message = this.makeMessage(DEFAULT_CHANNEL_ID, body ?? {}, { webhook: m[1] });
      this.messages.set(`${m[2]}/${message.id}`, message);
      return { status: 200, body: message };
    }
    if ((m = /^\/channels\/([^/]+)\/messages$/.exec(path)) && method === 'POST') {
      if (body?.enforce_nonce && body.nonce !== undefined) {
        const same = this.channelMessages(m[1]!).find((msg) => msg.nonce === body.nonce);
        if (same) return { status: 200, body: same };
      }
      const message = this.makeMessage(m[1]!, body ?? {}, {});
      this.messages.set(`${m[1]}/${message.id}`, message);
      return { status: 200, body: message };
    }
    if ((m = /^\/channels\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      const key = `${m[1]}/${m[2]}`;
      if (method === 'DELETE') {
        this.messages.delete(key);
        return { status: 204 };
      }
      const existing = this.messages.get(key);
      if (!existing) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
      if (method === 'GET') return { status: 200, body: existing };
      if (method === 'PATCH') {
        const updated = { ...existing, ...messageFields(body ?? {}), edited_timestamp: new Date().toISOString() };
        this.messages.set(key, updated);
        return { status: 200, body: updated };
      }
    }
    if ((m = /^\/applications\/([^/]+)(?:\/guilds\/([^/]+))?\/commands$/.exec(path))) {
      if (m[1] !== app) return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
      const scope = m[2] ?? 'global';
      if (method === 'GET') return { status: 200, body: this.registered.get(scope) ?? [] };
      if (method === 'PUT') {
        const commands = (Array.isArray(body) ? body : []).map((c: Record<string, unknown>) => ({
          id: snowflake(),
          application_id: app,
          version: snowflake(),
          default_member_permissions: null,
          ...(m![2] ? { guild_id: m![2] } : {}),
          ...c,
        }));
        this.registered.set(scope, commands);
        return { status: 200, body: commands };
      }
    }
    return undefined;
  }

  private makeMessage(channelId: string, data: Record<string, any>, extra: { webhook?: string; interaction?: Record<string, any> }): Record<string, any> {
    const id = snowflake();
    return {
      id,
      channel_id: channelId,
      author: this.bot,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: extra.interaction ? 20 : 0,
      flags: 0,
      application_id: this.applicationId,
      ...(extra.webhook ? { webhook_id: extra.webhook } : {}),
      ...messageFields(data),
    };
  }
}

/** The message fields of a create/edit body. */
function messageFields(body: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['content', 'embeds', 'components', 'flags', 'nonce'] as const) if (body[key] !== undefined) out[key] = body[key];
  return out;
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.startsWith('multipart/form-data')) {
    const m = /name="payload_json"\r?\n(?:[^\r\n]*\r?\n)*?\r?\n([\s\S]*?)\r?\n--/.exec(raw);
    return m ? JSON.parse(m[1]!) : raw;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

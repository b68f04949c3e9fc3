/**
 * A fake Slack on 127.0.0.1 for end-to-end tests of the real Bolt app (or any Slack client).
 *
 * It serves, on one port:
 * - the Web API under `/api/` (point the client's `slackApiUrl` at `fake.apiUrl`): `auth.test` and
 *   `apps.connections.open` check the tokens, `chat.postMessage` / `chat.update` are recorded and answered
 *   like Slack does, any other method answers `{ok: true}`; `setApiHandler` overrides a method (errors,
 *   rate limits) for tests of failure handling;
 * - response_url endpoints (`responseUrl()` makes a fresh one) whose posts are recorded;
 * - the answers to slash commands, wherever the app put them: in its ack (the HTTP body, or the Socket Mode
 *   ack's payload) or in a post to the command's response_url (`answers`, `waitForAnswer`);
 * - the Socket Mode WebSocket that `apps.connections.open` points to: it greets with `hello`, and
 *   `sendEnvelope` delivers an envelope and resolves with the app's ack; `disconnectSockets` asks the app
 *   to reconnect, as Slack does before recycling a server.
 * It also plays Slack's side of HTTP mode: `postSigned` sends a request signed with the signing secret
 * (or deliberately wrongly signed / stamped). Every `waitFor…` has a timeout that fails with a clear message.
 *
 * Shut down in this order: stop the app first (its socket closes cleanly), then `await fake.close()`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One Web API call as Slack would see it: form or JSON parameters, JSON-looking fields parsed. */
export interface ApiCall {
  method: string;
  /** The bearer token the call was made with. */
  token?: string;
  params: Record<string, unknown>;
}

/** One post to a response_url. */
export interface ResponsePost {
  url: string;
  body: Record<string, unknown>;
}

/** The app's answer to a slash command, and where it put it. */
export interface SlashAnswer {
  /** The command's response_url, which names the command. */
  responseUrl: string;
  via: 'ack' | 'response_url';
  body: Record<string, unknown>;
}

/** The app's answer to a Socket Mode envelope. */
export interface EnvelopeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface ApiReply {
  status?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export type ApiHandler = (call: ApiCall) => ApiReply | Record<string, unknown>;

export interface SignedPostOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead of the right one. */
  secret?: string;
  /** Send this signature header verbatim instead of computing one. */
  signature?: string;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  teamId?: string;
  /** How long `waitFor…` and `sendEnvelope` wait before failing (ms). */
  timeoutMs?: number;
}

interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'unfurls', 'user_auth_blocks']);

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly appId = 'A0FAKEAPP';
  readonly botUserId = 'U0FAKEBOT';
  readonly botId = 'B0FAKEBOT';

  /** Every Web API call, in order. */
  readonly calls: ApiCall[] = [];
  /** Every post to a response_url, in order. */
  readonly responses: ResponsePost[] = [];
  /** Every ack received over Socket Mode, in order. */
  readonly acks: EnvelopeAck[] = [];
  /** Every answer to a slash command sent by `sendEnvelope` or `postSlashCommand`, in order (see SlashAnswer). */
  readonly answers: SlashAnswer[] = [];

  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly handlers = new Map<string, ApiHandler>();
  private readonly callWaiters: Array<Waiter<ApiCall>> = [];
  private readonly responseWaiters: Array<Waiter<ResponsePost>> = [];
  private readonly ackWaiters: Array<Waiter<EnvelopeAck>> = [];
  private readonly answerWaiters: Array<Waiter<SlashAnswer>> = [];
  /** response_urls of the slash commands sent, whose posts are answers. */
  private readonly commandUrls = new Set<string>();
  private readonly socketWaiters: Array<() => void> = [];
  private readonly timeoutMs: number;
  private ts = 1_700_000_000;
  private responseCount = 0;

  private constructor(options: FakeSlackOptions) {
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-fake-app-token';
    this.signingSecret = options.signingSecret ?? 'fake-signing-secret-0123456789abcdef';
    this.teamId = options.teamId ?? 'T0FAKETEAM';
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Starts a fake Slack listening on a free port of 127.0.0.1. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The Web API base for the client (`slackApiUrl`, SLACK_API_URL), with its trailing slash. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** Environment for a Socket Mode app that talks to this fake. */
  get socketModeEnv(): Record<string, string> {
    return { SLACK_BOT_TOKEN: this.botToken, SLACK_APP_TOKEN: this.appToken, SLACK_API_URL: this.apiUrl };
  }

  /** Environment for an HTTP mode app that talks to this fake (PORT 0: a free port). */
  get httpModeEnv(): Record<string, string> {
    return { SLACK_BOT_TOKEN: this.botToken, SLACK_SIGNING_SECRET: this.signingSecret, SLACK_API_URL: this.apiUrl, PORT: '0' };
  }

  /** A fresh response_url; its posts land in `responses`. */
  responseUrl(kind: 'commands' | 'actions' = 'commands'): string {
    return `${this.origin}/${kind}/${this.teamId}/${++this.responseCount}/${randomUUID()}`;
  }

  /** Replaces the answer of one Web API method. */
  setApiHandler(method: string, handler: ApiHandler): void {
    this.handlers.set(method, handler);
  }

  // ---- payloads as Slack sends them ----

  /** A slash command payload (the same fields over Socket Mode and HTTP), with a fresh response_url. */
  slashCommand(text: string, fields: Partial<Record<string, string>> = {}): Record<string, string> {
    return {
      token: 'deprecated-verification-token',
      team_id: this.teamId,
      team_domain: 'fake',
      channel_id: 'C0FAKECHAN',
      channel_name: 'general',
      user_id: 'U0FAKEUSER',
      user_name: 'tester',
      command: '/brief',
      text,
      api_app_id: this.appId,
      is_enterprise_install: 'false',
      response_url: this.responseUrl('commands'),
      trigger_id: `${Date.now()}.trigger`,
      ...fields,
    } as Record<string, string>;
  }

  /** A block_actions payload for a click on a button with `actionId` and `value`. */
  buttonClick(actionId: string, value: string, options: { userId?: string; ephemeral?: boolean; message?: Record<string, unknown> } = {}): Record<string, unknown> {
    const userId = options.userId ?? 'U0FAKEUSER';
    return {
      type: 'block_actions',
      user: { id: userId, username: 'tester', name: 'tester', team_id: this.teamId },
      api_app_id: this.appId,
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: `${this.ts}.000100`, channel_id: 'C0FAKECHAN', is_ephemeral: options.ephemeral ?? true },
      trigger_id: `${Date.now()}.trigger`,
      team: { id: this.teamId, domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: 'C0FAKECHAN', name: 'general' },
      ...(options.message ? { message: options.message } : {}),
      response_url: this.responseUrl('actions'),
      actions: [{ type: 'button', action_id: actionId, block_id: 'nav', value, text: { type: 'plain_text', text: 'Next' }, action_ts: `${Date.now() / 1000}` }],
    };
  }

  // ---- Socket Mode ----

  /** Resolves once an app holds an open Socket Mode connection (and has been sent `hello`). */
  waitForSocket(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return this.withTimeout(new Promise<void>((resolve) => this.socketWaiters.push(resolve)), 'a Socket Mode connection');
  }

  /**
   * Delivers an envelope (`slash_commands`, `interactive`, `events_api`) to the connected app and
   * resolves with its ack.
   */
  async sendEnvelope(type: string, payload: Record<string, unknown>): Promise<EnvelopeAck> {
    const socket = [...this.sockets][0];
    if (!socket) throw new Error('FakeSlack: no Socket Mode connection');
    const envelopeId = randomUUID();
    const ack = this.waitFor(this.acks, this.ackWaiters, (a) => a.envelope_id === envelopeId, `the ack of envelope ${type}`);
    const responseUrl = type === 'slash_commands' && typeof payload.response_url === 'string' ? payload.response_url : undefined;
    if (responseUrl) this.commandUrls.add(responseUrl);
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    const acked = await ack;
    if (responseUrl && acked.payload && Object.keys(acked.payload).length > 0) this.record(this.answers, this.answerWaiters, { responseUrl, via: 'ack', body: acked.payload });
    return acked;
  }

  /**
   * Asks every connected app to reconnect, as Slack does before recycling a server (`{type: 'disconnect'}`);
   * the client closes its socket and, after a pause, calls apps.connections.open again.
   */
  disconnectSockets(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
  }

  /** Open Socket Mode connections. */
  get socketCount(): number {
    return this.sockets.size;
  }

  // ---- HTTP mode ----

  /** The `x-slack-signature` Slack would send. */
  sign(timestamp: number, body: string, secret = this.signingSecret): string {
    return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  }

  /** POSTs `body` (form-encoded unless `contentType` says otherwise) to `url`, signed like Slack. */
  async postSigned(url: string, body: string, options: SignedPostOptions & { contentType?: string } = {}): Promise<{ status: number; body: string }> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': options.signature ?? this.sign(timestamp, body, options.secret),
      },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  /** Sends a slash command payload to an HTTP mode app, form-encoded and signed; a message in the ack is recorded as its answer. */
  async postSlashCommand(url: string, payload: Record<string, string>, options: SignedPostOptions = {}): Promise<{ status: number; body: string }> {
    const responseUrl = payload.response_url;
    if (responseUrl) this.commandUrls.add(responseUrl);
    const res = await this.postSigned(url, new URLSearchParams(payload).toString(), options);
    if (responseUrl && res.status === 200 && res.body) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(res.body) as Record<string, unknown>;
      } catch {
        // Slack would show a plain-text ack as the message itself.
        body = { text: res.body };
      }
      this.record(this.answers, this.answerWaiters, { responseUrl, via: 'ack', body });
    }
    return res;
  }

  /** Sends an interactive payload (button click) to an HTTP mode app, as `payload=<json>`, signed. */
  postInteraction(url: string, payload: Record<string, unknown>, options: SignedPostOptions = {}): Promise<{ status: number; body: string }> {
    return this.postSigned(url, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
  }

  // ---- waiting ----

  /** The first post to `url` (resolves at once if it has already arrived). */
  waitForResponse(url: string): Promise<ResponsePost> {
    return this.waitFor(this.responses, this.responseWaiters, (r) => r.url === url, `a post to ${url}`);
  }

  /** The first answer to the slash command with this response_url, in its ack or posted (resolves at once if it is in). */
  waitForAnswer(responseUrl: string): Promise<SlashAnswer> {
    return this.waitFor(this.answers, this.answerWaiters, (a) => a.responseUrl === responseUrl, `an answer to the command with response_url ${responseUrl}`);
  }

  /** Every answer to the slash command with this response_url so far (there should be one). */
  answersTo(responseUrl: string): SlashAnswer[] {
    return this.answers.filter((a) => a.responseUrl === responseUrl);
  }

  /** The first Web API call of `method` matching `match`. */
  waitForCall(method: string, match: (call: ApiCall) => boolean = () => true): Promise<ApiCall> {
    return this.waitFor(this.calls, this.callWaiters, (c) => c.method === method && match(c), `a ${method} call`);
  }

  /** Stops listening and drops every connection. Stop the app first so its socket closes cleanly. */
  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- internals ----

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let message: EnvelopeAck;
      try {
        message = JSON.parse(String(data)) as EnvelopeAck;
      } catch {
        return;
      }
      if (message.envelope_id) this.record(this.acks, this.ackWaiters, message);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack' }, connection_info: { app_id: this.appId } }));
    for (const resolve of this.socketWaiters.splice(0)) resolve();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.origin).pathname;
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const call: ApiCall = { method: path.slice('/api/'.length), token: bearer(req), params: parseParams(raw, req.headers['content-type']) };
      this.record(this.calls, this.callWaiters, call);
      const reply = this.answer(call);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
      return;
    }
    if (req.method === 'POST' && /^\/(commands|actions)\//.test(path)) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      const url = `${this.origin}${path}`;
      this.record(this.responses, this.responseWaiters, { url, body });
      if (this.commandUrls.has(url)) this.record(this.answers, this.answerWaiters, { responseUrl: url, via: 'response_url', body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404).end();
  }

  private answer(call: ApiCall): ApiReply {
    const custom = this.handlers.get(call.method);
    if (custom) {
      const out = custom(call);
      return 'body' in out && typeof out.body === 'object' ? (out as ApiReply) : { body: out as Record<string, unknown> };
    }
    switch (call.method) {
      case 'auth.test':
        return call.token === this.botToken
          ? { body: { ok: true, url: 'https://fake.slack.com/', team: 'Fake Team', user: 'briefing-bot', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false } }
          : { body: { ok: false, error: 'invalid_auth' } };
      case 'apps.connections.open':
        return call.token === this.appToken
          ? { body: { ok: true, url: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=fake-ticket&app_id=${this.appId}` } }
          : { body: { ok: false, error: 'invalid_auth' } };
      case 'chat.postMessage': {
        const ts = `${++this.ts}.000100`;
        return { body: { ok: true, channel: call.params.channel, ts, message: { type: 'message', text: call.params.text, blocks: call.params.blocks, bot_id: this.botId, ts } } };
      }
      case 'chat.update':
        return { body: { ok: true, channel: call.params.channel, ts: call.params.ts, text: call.params.text } };
      default:
        return { body: { ok: true } };
    }
  }

  private record<T>(list: T[], waiters: Array<Waiter<T>>, item: T): void {
    list.push(item);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.match(item)) waiters.splice(i, 1)[0]!.resolve(item);
    }
  }

  private waitFor<T>(list: T[], waiters: Array<Waiter<T>>, match: (item: T) => boolean, what: string): Promise<T> {
    const found = list.find(match);
    if (found) return Promise.resolve(found);
    return this.withTimeout(new Promise<T>((resolve) => waiters.push({ match, resolve })), what);
  }

  private withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`FakeSlack: no ${what} within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { _raw: raw };
    }
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the string
      }
    }
    params[key] = value;
  }
  return params;
}

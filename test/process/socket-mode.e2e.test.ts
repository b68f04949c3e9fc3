/**
 * `briefing start` in Slack Socket Mode with HEALTH_PORT, as a child process against the fake Slack: /healthz
 * on its own loopback server; a real unhandled rejection from inside @slack/socket-mode (a reconnection that
 * Slack refuses with invalid_auth, which the client rejects without anyone awaiting it) is logged, secrets
 * scrubbed, and the bot keeps running and answering /healthz; then SIGTERM stops it cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../e2e/fake-slack.ts';
import { BotProcess, getHealthz, pollHealthz } from './child.ts';

let slack: FakeSlack;
let bot: BotProcess;
let dir: string;
let healthz: string;

beforeAll(async () => {
  slack = await FakeSlack.start({ timeoutMs: 8000 });
  dir = mkdtempSync(join(tmpdir(), 'briefing-health-'));
  bot = new BotProcess({ ...slack.socketModeEnv, HEALTH_PORT: '0' }, dir);
  const listening = await bot.waitForLog((l) => l.msg.startsWith('health endpoint listening'), 'the health endpoint');
  expect(listening.host).toBe('127.0.0.1');
  healthz = `http://127.0.0.1:${listening.port}/healthz`;
  await bot.waitForLog((l) => l.msg === 'started', 'started');
});

afterAll(async () => {
  await bot?.kill();
  await slack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a Slack Socket Mode deployment with HEALTH_PORT', () => {
  it('serves /healthz on 127.0.0.1: 200, Slack connected over Socket Mode', async () => {
    const { status, body } = await getHealthz(healthz);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', phase: 'running', platforms: { slack: { status: 'ok', state: 'connected', detail: 'Socket Mode' } }, digests: { running: true } });
    expect(Object.keys(body.platforms)).toEqual(['slack']);
  });

  it('answers only /healthz, with GET or HEAD', async () => {
    const origin = new URL(healthz).origin;
    expect((await fetch(`${origin}/`)).status).toBe(404);
    expect((await fetch(`${origin}/slack/events`, { method: 'POST' })).status).toBe(404);
    const post = await fetch(healthz, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('survives an unhandled rejection from the Socket Mode client: logged with the error, counted, still serving', async () => {
    // Slack asks for a reconnection and then refuses the new connection: @slack/socket-mode rejects a promise
    // nobody awaits (its reconnect timer calls start().then(...)), which by Node's default ends the process.
    slack.setApiHandler('apps.connections.open', () => ({ ok: false, error: 'invalid_auth' }));
    slack.disconnectSockets();
    await pollHealthz(healthz, (h) => h.body.platforms.slack.state === 'reconnecting', 'Slack reconnecting');
    await bot.waitForLog((l) => l.msg === 'Slack Socket Mode connection lost; the client reconnects', 'the lost connection');

    // The client waits 5 s (its ping timeout) before its first attempt.
    const logged = await bot.waitForLog((l) => l.incident === 'unhandledRejection', 'the unhandled rejection', 9000);
    expect(logged.level).toBe(50);
    expect(logged.msg).toBe('unhandled rejection (logged; the service keeps running)');
    expect(logged.error).toMatchObject({ platformError: 'invalid_auth', message: expect.stringContaining('invalid_auth') });
    expect(logged.error.stack).toContain('SocketModeClient');

    expect(bot.running).toBe(true);
    const { status, body } = await getHealthz(healthz);
    // Still within the reconnect grace: degraded, not down (a client that stays silent turns down later).
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', platforms: { slack: { status: 'degraded', state: 'reconnecting' } }, process: { unhandled_rejections: 1, uncaught_exceptions: 0 } });
  });

  it('never writes a token or the signing secret to the log', () => {
    for (const secret of [slack.botToken, slack.appToken, 'fake-ticket']) expect(bot.stderr).not.toContain(secret);
  });

  it('stops cleanly on SIGTERM after all that: exit code 0 and a "stopped" line', async () => {
    bot.signal('SIGTERM');
    const exit = await bot.waitForExit(8000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bot.logs.at(-1)).toMatchObject({ msg: 'stopped', reason: 'SIGTERM', parts: expect.arrayContaining(['slack', 'digests', 'briefings watcher', 'health endpoint']) });
  });
});

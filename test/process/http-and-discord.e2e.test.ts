/**
 * `briefing start` with Slack in HTTP mode and Discord, as a child process against the fake Slack and the fake
 * Discord: /healthz on Slack's own port (beside /slack/events) reports both platforms, signed commands keep
 * working, /healthz turns 503 when Discord ends the session for good, and SIGTERM stops everything cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../e2e/fake-discord.ts';
import { FakeSlack } from '../e2e/fake-slack.ts';
import { seedLibrary } from '../helpers.ts';
import { BotProcess, getHealthz, pollHealthz } from './child.ts';

let slack: FakeSlack;
let discord: FakeDiscord;
let bot: BotProcess;
let dir: string;
let base: string;

beforeAll(async () => {
  [slack, discord] = await Promise.all([FakeSlack.start(), FakeDiscord.start()]);
  dir = mkdtempSync(join(tmpdir(), 'briefing-health-'));
  bot = new BotProcess({ ...slack.httpModeEnv, DISCORD_TOKEN: FakeDiscord.TOKEN, DISCORD_API_URL: discord.apiUrl }, dir);
  const listening = await bot.waitForLog((l) => l.platform === 'slack' && typeof l.port === 'number', 'Slack listening');
  base = `http://127.0.0.1:${listening.port}`;
  await bot.waitForLog((l) => l.msg === 'started', 'started');
});

afterAll(async () => {
  await bot?.kill();
  await Promise.all([slack?.close(), discord?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a Slack HTTP + Discord deployment', () => {
  it('serves /healthz on the Slack port: 200, both platforms connected, briefings and digests', async () => {
    const { status, body, headers } = await getHealthz(`${base}/healthz`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({
      status: 'ok',
      phase: 'running',
      platforms: {
        slack: { status: 'ok', state: 'listening', detail: `HTTP on port ${new URL(base).port}` },
        discord: { status: 'ok', state: 'connected' },
      },
      briefings: { status: 'ok', loaded: seedLibrary().briefings.length, errors: 0 },
      digests: { status: 'ok', running: true },
      process: { unhandled_rejections: 0, uncaught_exceptions: 0 },
      reasons: [],
    });
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
  });

  it('answers HEAD /healthz with headers only, and leaves other methods to Bolt (404)', async () => {
    const head = await getHealthz(`${base}/healthz`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps answering signed slash commands on /slack/events, and refusing unsigned ones', async () => {
    const payload = slack.slashCommand('who Shoigu');
    expect((await slack.postSlashCommand(`${base}/slack/events`, payload)).status).toBe(200);
    const answer = await slack.waitForAnswer(payload.response_url!);
    expect(JSON.stringify(answer.body.blocks)).toContain('Sergei Shoigu');
    const forged = slack.slashCommand('who Shoigu');
    expect((await slack.postSlashCommand(`${base}/slack/events`, forged, { secret: 'not-the-secret' })).status).toBe(401);
  });

  it('turns 503 when Discord ends the session for good (4004), while Slack keeps working', async () => {
    discord.closeGateway(4004, 'Authentication failed');
    const { body } = await pollHealthz(`${base}/healthz`, (h) => h.status === 503, 'a 503');
    expect(body.status).toBe('down');
    expect(body.platforms.discord).toMatchObject({ status: 'down', state: 'disconnected' });
    expect(body.platforms.discord.detail).toContain('4004');
    expect(body.platforms.slack).toMatchObject({ status: 'ok', state: 'listening' });
    expect(body.reasons.join('\n')).toMatch(/^discord: disconnected/m);
    await bot.waitForLog((l) => l.msg === 'discord gateway disconnected' && l.code === 4004, 'the disconnection');

    const payload = slack.slashCommand('briefings');
    expect((await slack.postSlashCommand(`${base}/slack/events`, payload)).status).toBe(200);
    await slack.waitForAnswer(payload.response_url!);
  });

  it('stops cleanly on SIGTERM: exit code 0, a "stopped" line, the Slack port closed', async () => {
    bot.signal('SIGTERM');
    // Well within the 10 s deadline, whose expiry would exit 1.
    const exit = await bot.waitForExit(8000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(bot.logs.find((l) => l.msg === 'shutting down')).toMatchObject({ reason: 'SIGTERM' });
    expect(bot.logs.at(-1)).toMatchObject({ msg: 'stopped', reason: 'SIGTERM' });
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

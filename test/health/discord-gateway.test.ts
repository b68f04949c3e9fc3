/**
 * The Discord adapter's health() follows the real discord.js client through the fake gateway: connected when
 * ready; reconnecting when the connection drops, connected again after discord.js resumes; disconnected when
 * Discord ends the session in a way discord.js does not retry (4004); stopped after stop().
 */
import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.ts';
import { startDiscord, type RunningDiscord } from '../../src/platforms/discord/client.ts';
import { FakeDiscord } from '../e2e/fake-discord.ts';
import { seedLibrary } from '../helpers.ts';

let discord: FakeDiscord;
let bot: RunningDiscord;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  bot = await startDiscord(createCore(seedLibrary()), { token: FakeDiscord.TOKEN, apiUrl: discord.apiUrl }, { rest: { retries: 0, timeout: 2000 } });
});

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
});

describe('Discord health()', () => {
  it('is connected once the client is ready', () => {
    expect(bot.health()).toMatchObject({ state: 'connected', detail: 'gateway' });
  });

  it('is reconnecting while the gateway connection is down, and connected again after the resume', async () => {
    const reconnecting = once(bot.client, Events.ShardReconnecting);
    const resumed = once(bot.client, Events.ShardResume);
    discord.dropGateway();
    await reconnecting;
    const lost = bot.health();
    expect(lost.state).toBe('reconnecting');
    await resumed;
    expect(discord.resumes).toHaveLength(1);
    expect(bot.health()).toMatchObject({ state: 'connected', detail: 'gateway (resumed)' });
    expect(bot.health().since).toBeGreaterThanOrEqual(lost.since);
  });

  it('is disconnected, with the close code, when Discord ends the session for good', async () => {
    const disconnected = once(bot.client, Events.ShardDisconnect);
    discord.closeGateway(4004, 'Authentication failed');
    await disconnected;
    const health = bot.health();
    expect(health.state).toBe('disconnected');
    expect(health.detail).toContain('code 4004');
  });

  it('is stopped after stop(), whatever the client reports while closing', async () => {
    await bot.stop();
    expect(bot.health().state).toBe('stopped');
  });
});

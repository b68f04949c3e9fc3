/**
 * Stopping the Discord bot lets an answer in progress finish before the client is destroyed: a command still
 * running when stop() is called still edits its deferred reply, and stop() resolves only after that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.ts';
import { createCore } from '../../src/core.ts';
import { startDiscord, type RunningDiscord } from '../../src/platforms/discord/client.ts';
import { chatInput, FakeDiscord } from '../e2e/fake-discord.ts';
import { seedLibrary } from '../helpers.ts';
import { gatedCommand } from '../e2e/test-commands.ts';

let discord: FakeDiscord;
let bot: RunningDiscord;
const slow = gatedCommand();

beforeAll(async () => {
  discord = await FakeDiscord.start();
  const core = createCore(seedLibrary(), { commands: [...COMMANDS, slow.command] });
  bot = await startDiscord(core, { token: FakeDiscord.TOKEN, apiUrl: discord.apiUrl }, { rest: { retries: 0, timeout: 2000 }, deferAfterMs: 20 });
});

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
});

describe('Discord stop()', () => {
  it('waits for an answer in progress, which still reaches Discord', async () => {
    // Deferred after 20 ms: the command is now running and waits for the test.
    const deferred = await discord.interact(chatInput('slow'));
    expect(deferred.body.type).toBe(5);
    const stopping = bot.stop();
    setTimeout(() => slow.release(), 100);
    await stopping;
    const edits = discord.webhookCalls(deferred.sent.token).filter((c) => c.method === 'PATCH');
    expect(edits).toHaveLength(1);
    expect(JSON.stringify(edits[0]!.body)).toContain('Slow answer');
    expect(bot.health().state).toBe('stopped');
  });
});

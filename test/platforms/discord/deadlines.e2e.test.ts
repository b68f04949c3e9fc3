/**
 * Deadlines and failures end to end: slow commands are deferred then edited, a failure after a deferral
 * or a refused REST call still ends in an ephemeral error, and expired pages lose their buttons.
 * The slow command waits for the test (no sleeps), so which path runs never depends on timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { createCore } from '../../../src/core.ts';
import { startDiscord, type RunningDiscord } from '../../../src/platforms/discord/client.ts';
import { buttonPress, chatInput, FakeDiscord, option, type RecordedCall } from '../../e2e/fake-discord.ts';
import { seedLibrary } from '../../helpers.ts';
import { gatedCommand } from '../../e2e/test-commands.ts';

const EPHEMERAL = 64;

let discord: FakeDiscord;
let bot: RunningDiscord;
const slow = gatedCommand();

beforeAll(async () => {
  discord = await FakeDiscord.start();
  const core = createCore(seedLibrary(), { commands: [...COMMANDS, slow.command] });
  bot = await startDiscord(
    core,
    { token: FakeDiscord.TOKEN, apiUrl: discord.apiUrl },
    { rest: { retries: 0, timeout: 2000 }, deferAfterMs: 20, pageTtlMs: 300 },
  );
});

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
});

const original = (token: string) => (c: RecordedCall) => c.path === `/webhooks/${discord.applicationId}/${token}/messages/@original`;

describe('deadlines', () => {
  it('defers a slow command privately, then edits the answer in', async () => {
    const deferral = await discord.interact(chatInput('slow', []));
    expect(deferral.body.type).toBe(5);
    expect(deferral.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    slow.release();
    const edit = await discord.waitForCall((c) => c.method === 'PATCH' && original(deferral.sent.token)(c));
    expect(edit.body.embeds[0].title).toBe('Slow answer');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('turns an error after a public deferral into a private message: the public placeholder is removed', async () => {
    const deferral = await discord.interact(chatInput('slow', [option('fail', true), option('public', true)]));
    expect(deferral.body.type).toBe(5);
    expect((deferral.body.data.flags ?? 0) & EPHEMERAL).toBe(0);
    slow.release();
    const followUp = await discord.waitForCall(
      (c) => c.method === 'POST' && c.path === `/webhooks/${discord.applicationId}/${deferral.sent.token}`,
    );
    expect(followUp.body.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(followUp.body.embeds[0].description).toContain('Something went wrong');
    expect(followUp.body.allowed_mentions).toEqual({ parse: [] });
    const calls = discord.webhookCalls(deferral.sent.token).map((c) => c.method);
    expect(calls).toEqual(['DELETE', 'POST']);
  });

  it('still answers with an ephemeral error when sending the answer itself fails', async () => {
    discord.failNext('PATCH', /\/messages\/@original$/, 500, { message: 'Internal Server Error', code: 0 });
    const deferral = await discord.interact(chatInput('slow', []));
    slow.release();
    const token = deferral.sent.token;
    await discord.waitForCall(
      (c) => c.method === 'PATCH' && original(token)(c) && c.body.embeds[0].description?.includes('Something went wrong'),
    );
    const edits = discord.webhookCalls(token).filter((c) => c.method === 'PATCH');
    expect(edits).toHaveLength(2);
    expect(edits[0]!.body.embeds[0].title).toBe('Slow answer');
    expect(edits[1]!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('tries again with an ephemeral error when the first reply is refused', async () => {
    discord.failNext('POST', /^\/interactions\/[^/]+\/[^/]+\/callback$/, 400, { message: 'Invalid Form Body', code: 50035 });
    const sent = discord.interactionPayload(chatInput('who', [option('name', 'Shoigu')]));
    discord.dispatch('INTERACTION_CREATE', sent);
    const second = await discord.waitForCall(
      (c) =>
        c.path === `/interactions/${sent.id}/${sent.token}/callback` && c.body.data.embeds[0].description?.includes('Something went wrong'),
    );
    expect(second.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(discord.callbacks(sent.id)).toHaveLength(2);
  });
});

describe('expiry', () => {
  it('takes the buttons off an expired answer and tells a late press that the pages expired', async () => {
    const first = await discord.interact(chatInput('claims', []));
    const [next] = (first.body.data.components[0].components as Array<{ custom_id: string; disabled: boolean }>).filter((c) => !c.disabled);
    const cleanup = await discord.waitForCall((c) => c.method === 'PATCH' && original(first.sent.token)(c));
    expect(cleanup.body.components).toEqual([]);
    expect(cleanup.body.allowed_mentions).toEqual({ parse: [] });
    const late = await discord.interact(buttonPress(next!.custom_id, discord.messageOf(first)));
    expect(late.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(late.body.data.embeds[0].description).toContain('These pages have expired');
  });
});

describe('login', () => {
  it('fails with a readable error when Discord refuses the token', async () => {
    discord.failNext('GET', /^\/gateway\/bot$/, 401, { message: '401: Unauthorized', code: 0 });
    const core = createCore(seedLibrary());
    await expect(startDiscord(core, { token: 'wrong', apiUrl: discord.apiUrl }, { rest: { retries: 0, timeout: 2000 } })).rejects.toThrow(
      /Discord login failed: .*invalid token/i,
    );
  });
});

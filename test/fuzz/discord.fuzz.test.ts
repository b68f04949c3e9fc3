/**
 * Fuzz: Discord interactions. Raw INTERACTION_CREATE payloads with arbitrary options (names, types, values,
 * subcommands, focused options) and arbitrary button ids go through the real discord.js (its own
 * InteractionCreate action builds the interaction objects) into the bot's handler. Nothing touches the network:
 * discord.js's REST client is given an in-process `makeRequest` that records what the bot sends.
 *
 * Every interaction gets an answer, nothing throws or rejects, every message sent is within Discord's limits
 * with mentions disabled, and autocomplete offers at most 25 valid choices.
 */
import { Client, Events, type Interaction } from 'discord.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.ts';
import { commandDefinitions } from '../../src/platforms/discord/definitions.ts';
import { handleInteraction, type InteractionContext } from '../../src/platforms/discord/interactions.ts';
import { PageStore } from '../../src/platforms/discord/pages.ts';
import { discordViolations, pageButtonId, type DiscordMessage } from '../../src/render/discord.ts';
import { DISCORD_LIMITS } from '../../src/render/limits.ts';
import { seedCore } from '../helpers.ts';
import { anyValue, runs, text, TIMEOUT } from './fuzz.ts';

process.env.LOG_LEVEL = 'silent';

interface Sent {
  method: string;
  path: string;
  body: any;
}

let sent: Sent[] = [];
const client = new Client({
  intents: [],
  rest: {
    retries: 0,
    timeout: 2000,
    // discord.js's own hook for a custom transport: the requests stay in this process.
    makeRequest: async (url: string, init: { method?: string; body?: unknown }) => {
      const path = new URL(url).pathname.replace(/^\/api\/v\d+/, '');
      sent.push({ method: init.method ?? 'GET', path: decodeURIComponent(path), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
      const isCallback = /\/callback$/.test(path);
      const json = isCallback ? '' : JSON.stringify({ id: '900', channel_id: '5', content: '', embeds: [], components: [], attachments: [], author: { id: '100', username: 'bot', discriminator: '0' }, timestamp: new Date(0).toISOString(), type: 0, mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, edited_timestamp: null, flags: 0 });
      return new Response(json || null, { status: json ? 200 : 204, headers: json ? { 'content-type': 'application/json' } : {} });
    },
  } as never,
});
client.rest.setToken('fuzz-token');
const pages = new PageStore(60_000, 50);
const ctx: InteractionContext = { core: seedCore(), pages, deferAfterMs: 2000, pageTtlMs: 60_000 };
const handled: Array<Promise<void>> = [];
client.on(Events.InteractionCreate, (interaction: Interaction) => void handled.push(handleInteraction(interaction, ctx)));

afterAll(async () => {
  pages.clear();
  await client.destroy();
});

const user = { id: '300000000000000001', username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
let nextId = 1000;

function payload(type: number, data: Record<string, unknown> | undefined, message?: Record<string, unknown>): Record<string, unknown> {
  const id = String(nextId++);
  return {
    id,
    application_id: '100',
    type,
    ...(data ? { data } : {}),
    ...(message ? { message } : {}),
    channel_id: '5',
    guild_id: '4',
    member: { user, roles: [], permissions: '2147483647', joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
    channel: { id: '5', type: 0, guild_id: '4', name: 'general' },
    context: 0,
    token: `token-${id}`,
    version: 1,
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 8_000_000,
  };
}

const definitions = commandDefinitions(COMMANDS);
const optionNames = [...new Set(definitions.flatMap((d) => (d.options ?? []).flatMap((o: any) => [o.name, ...(o.options ?? []).map((s: any) => s.name)])))];
const option: fc.Arbitrary<Record<string, unknown>> = fc.record({
  name: fc.oneof(fc.constantFrom(...optionNames), text(12)),
  type: fc.oneof(fc.constantFrom(3, 4, 5, 10), fc.integer({ min: 0, max: 12 })),
  value: anyValue,
  focused: fc.option(fc.boolean(), { nil: undefined }),
});
const options = fc.oneof(
  fc.array(option, { maxLength: 5 }),
  // A subcommand (type 1) wrapping options, as Discord sends for commands with subcommands.
  fc.tuple(text(10), fc.array(option, { maxLength: 3 })).map(([name, inner]) => [{ name, type: 1, options: inner }]),
);
const commandName = fc.oneof(fc.constantFrom(...COMMANDS.map((c) => c.name)), text(12));

/** Feeds one raw payload to discord.js and waits until the bot has answered it. */
async function interact(raw: Record<string, unknown>): Promise<Sent[]> {
  sent = [];
  handled.length = 0;
  (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(raw);
  await Promise.all(handled);
  return sent;
}

function checkMessage(data: any): void {
  const message: DiscordMessage = { embeds: data.embeds ?? [], components: data.components, allowed_mentions: data.allowed_mentions, ...(data.content !== undefined ? { content: data.content } : {}) };
  expect(data.allowed_mentions).toEqual({ parse: [] });
  expect(discordViolations(message)).toEqual([]);
}

describe('fuzz: Discord interactions', () => {
  it(
    'answers any slash command with any options, within every limit and pinging no one',
    async () => {
      await fc.assert(
        fc.asyncProperty(commandName, options, async (name, opts) => {
          const calls = await interact(payload(2, { id: '2', name, type: 1, options: opts }));
          const answers = calls.filter((c) => c.method !== 'GET');
          expect(answers.length).toBeGreaterThan(0);
          for (const call of answers) {
            const data = /\/callback$/.test(call.path) ? call.body.data : call.body;
            if (data && (data.embeds || data.content !== undefined)) checkMessage(data);
          }
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );

  it(
    'completes any focused option with at most 25 choices Discord accepts',
    async () => {
      await fc.assert(
        fc.asyncProperty(commandName, options, text(120), async (name, opts, typed) => {
          const focused = [...opts.filter((o) => o.type !== 1), { name: fc.sample(fc.constantFrom(...optionNames), 1)[0], type: 3, value: typed, focused: true }];
          const calls = await interact(payload(4, { id: '2', name, type: 1, options: focused }));
          const callback = calls.find((c) => /\/callback$/.test(c.path));
          expect(callback?.body.type).toBe(8);
          const choices = callback!.body.data.choices as Array<{ name: string; value: unknown }>;
          expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
          for (const c of choices) {
            expect(c.name.length).toBeGreaterThan(0);
            expect(c.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
            expect(String(c.value).length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceValue);
          }
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );

  it(
    'answers any button press, turning pages only for their owner',
    async () => {
      // A long answer whose pages the presses can turn.
      const first = await interact(payload(2, { id: '2', name: 'claims', type: 1, options: [] }));
      const ids: string[] = (first[0]!.body.data.components ?? []).flatMap((row: any) => row.components.map((b: any) => b.custom_id));
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constantFrom(...ids, pageButtonId('zzzzzzzzzzzz', 3, 'next')), text(100)), fc.boolean(), async (customId, owner) => {
          const press = payload(3, { custom_id: customId, component_type: 2 }, { id: '900', channel_id: '5', content: '', embeds: [], components: [], attachments: [], author: { id: '100', username: 'bot', discriminator: '0' }, timestamp: new Date(0).toISOString(), type: 0, mentions: [], mention_roles: [], pinned: false, tts: false, mention_everyone: false, edited_timestamp: null, flags: 64 });
          if (!owner) (press.member as { user: typeof user }).user = { ...user, id: '300000000000000002' };
          const calls = await interact(press);
          const callback = calls.find((c) => /\/callback$/.test(c.path));
          expect(callback).toBeDefined();
          if (callback!.body.data) checkMessage(callback!.body.data);
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );
});

/**
 * The Discord bot end to end: the real discord.js Client logs in to the fake Discord on 127.0.0.1,
 * receives INTERACTION_CREATE over the gateway and answers through the REST API.
 */
import { GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { createCore } from '../../../src/core.ts';
import { startDiscord, type RunningDiscord } from '../../../src/platforms/discord/client.ts';
import { DISCORD_LIMITS } from '../../../src/render/limits.ts';
import {
  autocomplete,
  buttonPress,
  chatInput,
  DEFAULT_USER,
  FakeDiscord,
  option,
  subcommand,
  type RecordedCall,
} from '../../e2e/fake-discord.ts';
import { seedLibrary, SEED_ID } from '../../helpers.ts';
import { subcommandCommand, throwingCommand } from '../../e2e/test-commands.ts';

const EPHEMERAL = 64;
const CALLBACK = { reply: 4, deferred: 5, update: 7, autocomplete: 8 } as const;

let discord: FakeDiscord;
let bot: RunningDiscord;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  const core = createCore(seedLibrary(), { commands: [...COMMANDS, throwingCommand, subcommandCommand] });
  bot = await startDiscord(
    core,
    { token: FakeDiscord.TOKEN, applicationId: discord.applicationId, apiUrl: discord.apiUrl },
    { rest: { retries: 0, timeout: 2000 } },
  );
});

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
});

function embedText(call: RecordedCall): string {
  const embed = call.body.data.embeds[0];
  return [
    embed.title,
    embed.description,
    ...(embed.fields ?? []).flatMap((f: { name: string; value: string }) => [f.name, f.value]),
    embed.footer?.text,
  ].join('\n');
}

function buttonIds(call: RecordedCall): string[] {
  return (call.body.data.components ?? []).flatMap((row: { components: Array<{ custom_id: string; disabled?: boolean }> }) =>
    row.components.filter((c) => !c.disabled).map((c) => c.custom_id),
  );
}

describe('connection', () => {
  it('logs in with the Guilds intent only and reaches ready', () => {
    expect(bot.client.isReady()).toBe(true);
    expect(bot.client.user?.id).toBe(discord.applicationId);
    expect(discord.identifies).toHaveLength(1);
    expect(discord.identifies[0]!.intents).toBe(GatewayIntentBits.Guilds);
    expect(discord.identifies[0]!.token).toBe(FakeDiscord.TOKEN);
  });
});

describe('slash commands', () => {
  it('answers /who name:Shoigu through the interaction callback with an embed naming his role', async () => {
    const callback = await discord.interact(chatInput('who', [option('name', 'Shoigu')]));
    expect(callback.body.type).toBe(CALLBACK.reply);
    const embed = callback.body.data.embeds[0];
    expect(embed.title).toBe('Sergei Shoigu');
    expect(embed.description).toContain('Russian Defense Minister');
    // Citations are numbered footnotes quoting the article's sentence.
    expect(embed.fields[0].name).toContain(`Sources · ${SEED_ID}`);
    expect(embed.fields[0].value).toMatch(/\*\*\[1\]\*\* ¶1 s1: “In a rare phone call/);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('posts in the channel for everyone with public:true', async () => {
    const callback = await discord.interact(chatInput('brief', [option('public', true)]));
    expect(callback.body.type).toBe(CALLBACK.reply);
    expect((callback.body.data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(embedText(callback)).toContain('Shoigu');
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('passes typed options through the command schema (choices, dates, briefing scope)', async () => {
    const claims = await discord.interact(
      chatInput('claims', [option('by', 'Shoigu'), option('status', 'disputed'), option('briefing', SEED_ID)]),
    );
    expect(claims.body.data.embeds[0].title).toBe('Claims (by Shoigu, disputed)');
    const timeline = await discord.interact(chatInput('timeline', [option('from', '2022'), option('to', '2022-12')]));
    expect(timeline.body.data.embeds[0].description).toMatch(/^\d+ events? from 2022 to December 2022/);
  });

  it('answers an input problem privately, with suggestions', async () => {
    const callback = await discord.interact(chatInput('who', [option('name', 'Shoiguxyz')]), 5000);
    expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(callback)).toContain('Did you mean: Sergei Shoigu');
  });

  it('answers a command that is registered but no longer known with an ephemeral error', async () => {
    const callback = await discord.interact(chatInput('retired', []));
    expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(callback)).toContain('No command "retired"');
  });

  it('never lets user text ping anyone: @everyone comes back with allowed_mentions parse empty', async () => {
    for (const value of ['@everyone', '@here <@300000000000000002> <@&400000000000000002>']) {
      const callback = await discord.interact(chatInput('who', [option('name', value), option('public', true)]));
      expect(embedText(callback)).toContain(value.split(' ')[0]);
      expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
      expect(callback.body.data.content ?? '').toBe('');
    }
  });

  it('turns a throwing handler into an ephemeral error', async () => {
    const callback = await discord.interact(chatInput('explode', [option('public', true)]));
    expect(callback.body.type).toBe(CALLBACK.reply);
    expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(callback)).toContain('Something went wrong');
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    // The process is still answering.
    const after = await discord.interact(chatInput('briefings', []));
    expect(embedText(after)).toContain(SEED_ID);
  });

  it('passes a Discord subcommand back as the value of the command option that declares it', async () => {
    const callback = await discord.interact(chatInput('alerts', [subcommand('add', [option('topic', 'Ukraine')])]));
    expect(JSON.parse(callback.body.data.embeds[0].description)).toEqual({ action: 'add', topic: 'Ukraine' });
  });

  it('answers in a direct message too', async () => {
    const callback = await discord.interact(chatInput('who', [option('name', 'Lecornu')], { guildId: null }));
    expect(callback.body.data.embeds[0].title).toBe('Sébastien Lecornu');
  });
});

describe('autocomplete', () => {
  it('offers Lecornu for "Lec"', async () => {
    const callback = await discord.interact(autocomplete('who', [option('name', 'Lec', true)]));
    expect(callback.body.type).toBe(CALLBACK.autocomplete);
    expect(callback.body.data.choices.map((c: { value: string }) => c.value)).toContain('Sébastien Lecornu');
  });

  it('offers at most 25 choices within Discord limits for an empty input', async () => {
    const callback = await discord.interact(autocomplete('claims', [option('about', '', true)]));
    const choices = callback.body.data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
      expect(c.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceValue);
    }
  });

  it('completes claimants and briefing ids', async () => {
    const by = await discord.interact(autocomplete('claims', [option('by', 'sho', true)]));
    expect(by.body.data.choices).toContainEqual({ name: 'Sergei Shoigu', value: 'Sergei Shoigu' });
    const briefing = await discord.interact(autocomplete('brief', [option('briefing', 'shoigu', true)]));
    expect(briefing.body.data.choices[0].value).toBe(SEED_ID);
  });

  it('answers an option without completions with no choices rather than not at all', async () => {
    const callback = await discord.interact(autocomplete('retired', [option('x', 'a', true)]));
    expect(callback.body).toEqual({ type: CALLBACK.autocomplete, data: { choices: [] } });
  });
});

describe('pages', () => {
  it('turns a page with the buttons, for the person who asked only', async () => {
    const first = await discord.interact(chatInput('claims', []));
    expect(first.body.data.embeds[0].footer.text).toMatch(/Page 1 of (\d+)/);
    const [next] = buttonIds(first);
    expect(next).toBeDefined();

    const turned = await discord.interact(buttonPress(next!, discord.messageOf(first)));
    expect(turned.body.type).toBe(CALLBACK.update);
    expect(turned.body.data.embeds[0].footer.text).toMatch(/Page 2 of \d+/);
    expect(turned.body.data.embeds[0].description).not.toBe(first.body.data.embeds[0].description);
    expect(turned.body.data.allowed_mentions).toEqual({ parse: [] });

    // And back again: the previous button of page 2 leads to page 1.
    const [previous] = buttonIds(turned);
    const back = await discord.interact(buttonPress(previous!, discord.messageOf(turned)));
    expect(back.body.data.embeds[0].footer.text).toMatch(/Page 1 of/);

    const stranger = await discord.interact(
      buttonPress(next!, discord.messageOf(first), { user: { id: '300000000000000009', username: 'mallory' } }),
    );
    expect(stranger.body.type).toBe(CALLBACK.reply);
    expect(stranger.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(stranger)).toContain('Only the person who ran this command');
    expect(DEFAULT_USER.id).not.toBe('300000000000000009');
  });

  it('tells whoever presses a button of a forgotten answer that it expired', async () => {
    const first = await discord.interact(chatInput('claims', []));
    const stale = buttonIds(first)[0]!.replace(/^pg:[^:]+:/, 'pg:unknownkey:');
    const callback = await discord.interact(buttonPress(stale, discord.messageOf(first)));
    expect(callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(callback)).toContain('These pages have expired');
  });
});

/**
 * `briefing discord-register` end to end: the CLI verb puts the registry's commands to the fake Discord's
 * REST API, for one server or globally, and turns Discord's refusals into messages that say what to fix.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src/cli/main.ts';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { commandDefinitions } from '../../../src/platforms/discord/definitions.ts';
import { DEFAULT_GUILD_ID, FakeDiscord } from '../../e2e/fake-discord.ts';

let discord: FakeDiscord;
const saved = { ...process.env };

beforeAll(async () => {
  discord = await FakeDiscord.start();
});

afterAll(async () => {
  await discord?.close();
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('DISCORD_')) delete process.env[key];
  Object.assign(process.env, saved);
});

// Every DISCORD_ variable is set explicitly (empty means unset), so a developer's .env cannot leak in.
function useFake(extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    DISCORD_TOKEN: FakeDiscord.TOKEN,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: '',
    ...extra,
  });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('discord-register', () => {
  it('sends the full command list to one server', async () => {
    useFake();
    const { code, out } = await cli(['discord-register', '--guild', DEFAULT_GUILD_ID]);
    expect(code).toBe(0);
    const put = discord.calls.find(
      (c) => c.method === 'PUT' && c.path === `/applications/${discord.applicationId}/guilds/${DEFAULT_GUILD_ID}/commands`,
    );
    expect(put?.headers.authorization).toBe(`Bot ${FakeDiscord.TOKEN}`);
    expect(put!.body).toEqual(commandDefinitions(COMMANDS));
    expect(put!.body.map((c: { name: string }) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(out).toContain(`Registered ${COMMANDS.length} commands in server ${DEFAULT_GUILD_ID}`);
    expect(out).toContain(COMMANDS.map((c) => `/${c.name}`).join(' '));
  });

  it('registers globally when no server is given, and to DISCORD_GUILD_ID when that is set', async () => {
    useFake();
    expect((await cli(['discord-register'])).code).toBe(0);
    expect(discord.registeredCommands()).toHaveLength(COMMANDS.length);

    const guild = '400000000000000077';
    useFake({ DISCORD_GUILD_ID: guild });
    expect((await cli(['discord-register'])).code).toBe(0);
    expect(discord.registeredCommands(guild)).toHaveLength(COMMANDS.length);
  });

  it('removes the commands from a server with --clear', async () => {
    useFake();
    const guild = '400000000000000088';
    expect((await cli(['discord-register', '--guild', guild])).code).toBe(0);
    expect(discord.registeredCommands(guild)).toHaveLength(COMMANDS.length);
    const { code, out } = await cli(['discord-register', '--guild', guild, '--clear']);
    expect(code).toBe(0);
    expect(discord.registeredCommands(guild)).toEqual([]);
    expect(out).toContain(`Removed the bot's commands from server ${guild}`);
  });

  it('explains a refusal instead of failing obscurely', async () => {
    useFake();
    discord.failNext('PUT', /\/commands$/, 403, { message: 'Missing Access', code: 50001 });
    const { code, err } = await cli(['discord-register', '--guild', DEFAULT_GUILD_ID]);
    expect(code).toBe(1);
    expect(err).toContain('applications.commands');
  });

  it('says which variables are missing, and checks its arguments', async () => {
    Object.assign(process.env, { DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_URL: '' });
    const missing = await cli(['discord-register']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('DISCORD_TOKEN: is required');
    expect(missing.err).toContain('DISCORD_APPLICATION_ID: is required');

    useFake();
    const bad = await cli(['discord-register', '--guild', 'my-server']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not a server id');
  });

  it('prints the definitions without sending anything with --dry-run', async () => {
    const before = discord.calls.length;
    const { code, out } = await cli(['discord-register', '--dry-run']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(commandDefinitions(COMMANDS));
    expect(discord.calls.length).toBe(before);
  });
});

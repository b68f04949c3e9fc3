/**
 * `briefing discord-register [--guild ID | --global] [--dry-run] [--clear]`: puts the slash commands to Discord.
 * Without --guild it uses DISCORD_GUILD_ID when set (development), else registers globally. --clear removes
 * them instead (e.g. a server's development copies once the commands are global).
 */
import { addVerb } from '../../cli/main.ts';
import { COMMANDS } from '../../commands/registry.ts';
import { readRegistrationConfig } from './config.ts';
import { commandDefinitions } from './definitions.ts';
import { registerCommands, RegistrationError } from './register.ts';

const USAGE = 'Usage: briefing discord-register [--guild ID | --global] [--dry-run] [--clear]';

interface RegisterArgs {
  guildId?: string;
  global: boolean;
  dryRun: boolean;
  clear: boolean;
}

function parseArgs(args: string[]): RegisterArgs | string {
  const out: RegisterArgs = { global: false, dryRun: false, clear: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--global') out.global = true;
    else if (a === '--dry-run') out.dryRun = true;
    else if (a === '--clear') out.clear = true;
    else if (a === '--guild') {
      const id = args[++i];
      if (!id) return '--guild needs a server id';
      out.guildId = id;
    } else if (a.startsWith('--guild=')) out.guildId = a.slice('--guild='.length);
    else return `unknown argument "${a}"`;
  }
  if (out.guildId !== undefined && !/^\d{17,20}$/.test(out.guildId)) return `"${out.guildId}" is not a server id (17 to 20 digits; Developer Mode → right-click the server → Copy Server ID)`;
  if (out.global && out.guildId) return '--guild and --global exclude each other';
  return out;
}

addVerb('discord-register', 'register the slash commands with Discord (--guild ID: one server, at once; --clear removes)', async (flags, args, io) => {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`discord-register: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.dryRun) {
    io.out(JSON.stringify(commandDefinitions(parsed.clear ? [] : COMMANDS), null, 2));
    return 0;
  }
  const config = readRegistrationConfig();
  const guildId = parsed.guildId ?? (parsed.global ? undefined : config.guildId);
  try {
    const result = await registerCommands(config, parsed.clear ? [] : COMMANDS, { guildId });
    if (flags.json) io.out(JSON.stringify(result, null, 2));
    else if (parsed.clear) io.out(`Removed the bot's commands from ${guildId ? `server ${guildId}` : 'the global list'}.`);
    else {
      const names = result.commands.map((c) => `/${c.name}`).join(' ');
      io.out(
        result.scope === 'guild'
          ? `Registered ${result.commands.length} commands in server ${guildId}: ${names}\nThey are usable there now.`
          : `Registered ${result.commands.length} global commands: ${names}\nDiscord can take a few minutes to show them everywhere; restart the Discord app if they do not appear.`,
      );
    }
    return 0;
  } catch (err) {
    io.err(`discord-register: ${err instanceof RegistrationError ? err.message : `could not reach Discord: ${(err as Error).message}`}`);
    return 1;
  }
});

/**
 * Puts the registry's command definitions to Discord with one bulk overwrite: to one server (instant,
 * for development) or globally. Discord's refusals become messages that say what to fix.
 */
import { DiscordAPIError, REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { AnyCommand } from '../../commands/command.ts';
import type { DiscordConfig } from './config.ts';
import { commandDefinitions } from './definitions.ts';

export interface RegisterTarget {
  /** A server id; global registration when left out. */
  guildId?: string;
}

export interface Registered {
  scope: 'guild' | 'global';
  guildId?: string;
  commands: Array<{ id: string; name: string }>;
}

export class RegistrationError extends Error {}

function explain(err: unknown, config: DiscordConfig & { applicationId: string }, target: RegisterTarget): Error {
  if (!(err instanceof DiscordAPIError)) return err instanceof Error ? err : new Error(String(err));
  const where = target.guildId ? `server ${target.guildId}` : 'all servers (global)';
  const reasons: Record<number, string> = {
    401: 'Discord refused DISCORD_TOKEN (401). Copy the token again from Developer Portal → Bot → Reset Token.',
    403:
      `Discord refused to register commands in ${where} (403 ${err.message}). Invite the bot to that server with the ` +
      '`bot` and `applications.commands` scopes (README, "Discord"), and check DISCORD_APPLICATION_ID belongs to DISCORD_TOKEN.',
    404: `Discord does not know application ${config.applicationId} or ${where} (404 ${err.message}). Check DISCORD_APPLICATION_ID and the server id.`,
  };
  return new RegistrationError(reasons[err.status] ?? `Discord refused the commands (${err.status} ${err.message}).${err.status === 400 ? ` Details: ${JSON.stringify(err.rawError)}` : ''}`);
}

export async function registerCommands(
  config: DiscordConfig & { applicationId: string },
  commands: readonly AnyCommand[],
  target: RegisterTarget = {},
  rest: { retries?: number; timeout?: number } = {},
): Promise<Registered> {
  const body = commandDefinitions(commands);
  const client = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}), ...rest }).setToken(config.token);
  const route = target.guildId ? Routes.applicationGuildCommands(config.applicationId, target.guildId) : Routes.applicationCommands(config.applicationId);
  try {
    const result = (await client.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
    return {
      scope: target.guildId ? 'guild' : 'global',
      guildId: target.guildId,
      commands: result.map((c) => ({ id: c.id, name: c.name })),
    };
  } catch (err) {
    throw explain(err, config, target);
  }
}

/**
 * Discord settings from the environment. Discord is enabled by DISCORD_TOKEN; everything else is
 * checked only then, and every problem is named in one readable message (see .env.example).
 */
import { z } from 'zod';
import { ConfigError } from '../../config.ts';

const SNOWFLAKE = /^\d{17,20}$/;

const optional = z
  .string()
  .transform((v) => v.trim() || undefined)
  .optional();

const snowflake = (what: string) =>
  optional.refine((v) => v === undefined || SNOWFLAKE.test(v), `must be ${what}: a number of 17 to 20 digits (Developer Mode → right-click → Copy ID)`);

const discordSchema = z.object({
  DISCORD_TOKEN: optional.refine((v) => v === undefined || !/\s/.test(v), 'must be the bot token alone, with no spaces (Developer Portal → Bot → Reset Token)'),
  DISCORD_APPLICATION_ID: snowflake('the Application ID from the General Information page of your application'),
  DISCORD_GUILD_ID: snowflake('a server (guild) id'),
  DISCORD_API_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v), 'must be an http(s) URL such as https://discord.com/api'),
});

export interface DiscordConfig {
  token: string;
  /** Needed to register commands; the running bot learns it from Discord when it is not set. */
  applicationId?: string;
  /** Register to this server only (instant updates while developing) instead of globally. */
  guildId?: string;
  /** REST base without the version, e.g. `https://discord.com/api` (proxies, tests). */
  apiUrl?: string;
}

/** The Discord settings, or undefined when DISCORD_TOKEN is not set. Throws ConfigError on a bad value. */
export function readDiscordConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig | undefined {
  const parsed = discordSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Discord configuration problem:\n${lines.join('\n')}\nSee .env.example and the README's Discord section.`);
  }
  const c = parsed.data;
  if (!c.DISCORD_TOKEN) return undefined;
  return {
    token: c.DISCORD_TOKEN,
    applicationId: c.DISCORD_APPLICATION_ID,
    guildId: c.DISCORD_GUILD_ID,
    apiUrl: c.DISCORD_API_URL?.replace(/\/+$/, ''),
  };
}

/** The settings registration needs, or a ConfigError that says which variable to set and where to find it. */
export function readRegistrationConfig(env: NodeJS.ProcessEnv = process.env): DiscordConfig & { applicationId: string } {
  const config = readDiscordConfig(env);
  const missing = [
    !config && '  DISCORD_TOKEN: is required (Developer Portal → your application → Bot → Reset Token)',
    !config?.applicationId && '  DISCORD_APPLICATION_ID: is required (Developer Portal → your application → General Information → Application ID)',
  ].filter(Boolean);
  if (!config || !config.applicationId) {
    throw new ConfigError(`Discord configuration problem:\n${missing.join('\n')}\nSet them in .env (see .env.example).`);
  }
  return { ...config, applicationId: config.applicationId };
}

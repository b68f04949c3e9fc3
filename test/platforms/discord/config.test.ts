import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config.ts';
import { readDiscordConfig, readRegistrationConfig } from '../../../src/platforms/discord/config.ts';

const APP = '123456789012345678';

describe('Discord configuration', () => {
  it('is off without DISCORD_TOKEN', () => {
    expect(readDiscordConfig({})).toBeUndefined();
    expect(readDiscordConfig({ DISCORD_TOKEN: '  ' })).toBeUndefined();
  });

  it('reads every variable, trimming the API URL', () => {
    expect(
      readDiscordConfig({
        DISCORD_TOKEN: 'abc.def',
        DISCORD_APPLICATION_ID: APP,
        DISCORD_GUILD_ID: APP,
        DISCORD_API_URL: 'http://127.0.0.1:9/api/',
      }),
    ).toEqual({
      token: 'abc.def',
      applicationId: APP,
      guildId: APP,
      apiUrl: 'http://127.0.0.1:9/api',
    });
  });

  it('names every bad variable in one readable message', () => {
    const read = () => readDiscordConfig({ DISCORD_TOKEN: 'two words', DISCORD_APPLICATION_ID: 'my-app', DISCORD_API_URL: 'discord.com' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      /DISCORD_TOKEN: must be the bot token alone[\s\S]*DISCORD_APPLICATION_ID: must be the Application ID[\s\S]*DISCORD_API_URL: must be an http/,
    );
  });

  it('requires the application id for registration only', () => {
    expect(readDiscordConfig({ DISCORD_TOKEN: 'abc' })).toEqual({ token: 'abc' });
    expect(() => readRegistrationConfig({ DISCORD_TOKEN: 'abc' })).toThrow(/DISCORD_APPLICATION_ID: is required/);
    expect(readRegistrationConfig({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: APP }).applicationId).toBe(APP);
  });
});

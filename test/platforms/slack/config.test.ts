import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { ConfigError } from '../../../src/config.ts';
import { readSlackCommandNames, readSlackConfig, slackConfigured } from '../../../src/platforms/slack/config.ts';

const BOT = 'xoxb-1111-2222-abcdefghijkl';
const APP = 'xapp-1-A111-333-abcdef';

function problem(env: Record<string, string>): string {
  try {
    readSlackConfig(env, COMMANDS);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a configuration problem');
}

describe('Slack configuration', () => {
  it('reads Socket Mode settings with defaults', () => {
    const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }, COMMANDS);
    expect(config).toMatchObject({ botToken: BOT, appToken: APP, port: 3000, apiUrl: undefined, rateLimit: { burst: 5, perMinute: 20 } });
    expect(config.commands.umbrella).toBe('/brief');
    expect([...config.commands.direct]).toEqual([
      ['/timeline', 'timeline'],
      ['/claims', 'claims'],
      ['/ask', 'ask'],
    ]);
  });

  it('reads HTTP mode settings and normalises the API URL', () => {
    const config = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 'abc123', PORT: '8080', SLACK_API_URL: 'http://127.0.0.1:9/api' }, COMMANDS);
    expect(config).toMatchObject({ appToken: undefined, signingSecret: 'abc123', port: 8080, apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it('names every problem at once, says where to find each value, and never echoes a secret', () => {
    const message = problem({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_APP_TOKEN: 'wrong-app-token-secret', PORT: 'eighty', SLACK_DIRECT_COMMANDS: 'timeline,/remind=claims,nope' });
    expect(message).toContain('SLACK_BOT_TOKEN: must be the Bot User OAuth Token, starting with xoxb- (app settings → OAuth & Permissions)');
    expect(message).toContain('SLACK_APP_TOKEN: must be an App-Level Token with connections:write');
    expect(message).toContain('PORT: must be a whole number from 0 to 65535');
    expect(message).toContain("/remind is one of Slack's built-in commands");
    expect(message).toContain('"nope" is not a command');
    expect(message).not.toContain('user-token-secret');
    expect(message).not.toContain('wrong-app-token-secret');
  });

  it('says what to create when tokens are missing', () => {
    expect(problem({ SLACK_APP_TOKEN: APP })).toContain('SLACK_BOT_TOKEN: is required: the Bot User OAuth Token (xoxb-…)');
    expect(problem({ SLACK_BOT_TOKEN: BOT })).toMatch(/SLACK_APP_TOKEN: is required for Socket Mode .* or set SLACK_SIGNING_SECRET/);
  });

  it('starts Slack when any Slack variable is set', () => {
    expect(slackConfigured({})).toBe(false);
    expect(slackConfigured({ SLACK_BOT_TOKEN: ' ' })).toBe(false);
    expect(slackConfigured({ SLACK_APP_TOKEN: APP })).toBe(true);
  });

  it('takes configurable command names', () => {
    const names = readSlackCommandNames({ SLACK_COMMAND: 'news', SLACK_DIRECT_COMMANDS: '/tl=timeline, who-is=who' }, COMMANDS);
    expect(names.umbrella).toBe('/news');
    expect([...names.direct]).toEqual([
      ['/tl', 'timeline'],
      ['/who-is', 'who'],
    ]);
    expect(readSlackCommandNames({ SLACK_DIRECT_COMMANDS: '' }, COMMANDS).direct.size).toBe(0);
    expect(() => readSlackCommandNames({ SLACK_DIRECT_COMMANDS: '/brief=claims' }, COMMANDS)).toThrow('/brief is used twice');
    expect(() => readSlackCommandNames({ SLACK_COMMAND: '/who' }, COMMANDS)).toThrow("built-in");
  });
});

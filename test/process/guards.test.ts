/**
 * The process guards in a real process (an uncaught exception and an unhandled rejection are logged and
 * survived), and what they log of an error: enough to act on (type, message, stack, codes, the platform's own
 * error word, causes), nothing secret. Errors come from the real Slack Web API client against the fake Slack.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeError, scrubText } from '../../src/process/guards.ts';
import { FakeSlack } from '../e2e/fake-slack.ts';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await FakeSlack.start();
});
afterAll(async () => {
  await slack?.close();
});

const WORKER = fileURLToPath(new URL('./guards-worker.ts', import.meta.url));

describe('installProcessGuards', () => {
  it('logs an uncaught exception and an unhandled rejection with their errors, and the process lives on', async () => {
    const token = 'xoxb-worker-secret-1';
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, LOG_LEVEL: 'info', SLACK_BOT_TOKEN: token } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ unhandledRejections: 1, uncaughtExceptions: 1 });
    const lines = err.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 50, incident: 'unhandledRejection', count: 1, msg: 'unhandled rejection (logged; the service keeps running)', error: { type: 'Error', message: 'the gateway went away' } });
    expect(lines[1]).toMatchObject({ level: 50, incident: 'uncaughtException', count: 1, error: { type: 'TypeError', message: 'cannot read the socket of [redacted]' } });
    expect(lines[1]!.error.stack).toContain('guards-worker.ts');
    expect(err).not.toContain(token);
  });
});

const env = { SLACK_BOT_TOKEN: 'xoxb-1-bot-token', DISCORD_TOKEN: 'MTA.discord.secret-value', SLACK_SIGNING_SECRET: 'sign-me-please', PORT: '3000' };

describe('safeError', () => {
  it('keeps the Slack error word of a real Web API failure', async () => {
    const client = new webApi.WebClient('xoxb-wrong', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const err = await client.auth.test().catch((e: unknown) => e);
    const safe = safeError(err, env);
    expect(safe).toMatchObject({ type: 'WebAPIPlatformError', code: 'slack_webapi_platform_error', platformError: 'invalid_auth', message: 'An API error occurred: invalid_auth' });
    expect(safe.stack).toContain('invalid_auth');
  });

  it('scrubs secret values of the environment and Slack token shapes from message, stack and causes', () => {
    const cause = new Error(`gateway refused ${env.DISCORD_TOKEN}`);
    const err = new Error(`auth failed for ${env.SLACK_BOT_TOKEN} and xapp-1-A0-123-abc (secret ${env.SLACK_SIGNING_SECRET})`, { cause });
    const text = JSON.stringify(safeError(err, env));
    for (const secret of [env.SLACK_BOT_TOKEN, env.DISCORD_TOKEN, env.SLACK_SIGNING_SECRET, 'xapp-1-A0-123-abc']) expect(text).not.toContain(secret);
    expect(safeError(err, env).cause).toMatchObject({ type: 'Error', message: 'gateway refused [redacted]' });
    // Values that are not secrets stay readable.
    expect(scrubText('listening on 3000', env)).toBe('listening on 3000');
  });

  it('copies no other field of an error (requests, responses, headers)', () => {
    const err = Object.assign(new Error('request failed'), { config: { headers: { Authorization: 'Bearer abc-123-secret' } }, response: { body: 'x'.repeat(10_000) } });
    expect(Object.keys(safeError(err, env)).sort()).toEqual(['message', 'stack', 'type']);
  });

  it('describes reasons that are not errors: undefined, strings, objects', () => {
    expect(safeError(undefined, env)).toEqual({ type: 'undefined', message: 'undefined' });
    expect(safeError(`token ${env.SLACK_BOT_TOKEN}`, env)).toEqual({ type: 'string', message: "'token [redacted]'" });
    expect(safeError({ code: 4004, nested: { deeper: { deepest: { gone: true } } } }, env)).toEqual({ type: 'object', message: '{ code: 4004, nested: { deeper: { deepest: [Object] } } }' });
    expect(safeError(null, env)).toEqual({ type: 'null', message: 'null' });
  });
});

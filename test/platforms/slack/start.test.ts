/** Starting the Slack app fails fast, with a message a person can act on, and never shows a secret. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, SlackStartError } from '../../../src/platforms/slack/app.ts';
import { readSlackConfig } from '../../../src/platforms/slack/config.ts';
import { seedCore } from '../../helpers.ts';
import { FakeSlack } from '../../e2e/fake-slack.ts';

let fake: FakeSlack;
const core = seedCore();

beforeAll(async () => {
  fake = await FakeSlack.start();
});

afterAll(async () => {
  await fake?.close();
});

async function startError(env: Record<string, string>): Promise<Error> {
  try {
    const slack = await startSlack(core, readSlackConfig(env, core.commands), { retries: 0 });
    await slack.stop();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the start to fail');
}

describe('starting Slack', () => {
  it('says so when Slack refuses the bot token', async () => {
    const err = await startError({ ...fake.socketModeEnv, SLACK_BOT_TOKEN: 'xoxb-wrong-but-secret' });
    expect(err).toBeInstanceOf(SlackStartError);
    expect(err.message).toBe("Slack did not accept SLACK_BOT_TOKEN (invalid_auth). Copy the Bot User OAuth Token again from the app's Install App page.");
  });

  it('says so when Slack refuses the app token', async () => {
    const err = await startError({ ...fake.socketModeEnv, SLACK_APP_TOKEN: 'xapp-wrong-but-secret' });
    expect(err.message).toMatch(/^Could not open a Socket Mode connection \(invalid_auth\)\. Check SLACK_APP_TOKEN/);
    expect(err.message).not.toContain('wrong-but-secret');
  });

  it('says so when Slack cannot be reached', async () => {
    const err = await startError({ ...fake.socketModeEnv, SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(err.message).toMatch(/^Could not reach Slack at http:\/\/127\.0\.0\.1:9\/api\//);
  });

  it('says so when the HTTP port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await startError({ ...fake.httpModeEnv, PORT: String(port) });
      expect(err.message).toMatch(new RegExp(`^Could not listen on port ${port} \\(.*EADDRINUSE.*\\)\\. Set PORT to a free port\\.$`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

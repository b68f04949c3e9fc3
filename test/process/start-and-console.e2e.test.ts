/**
 * `briefing start` as a child process where the start fails, and in console mode: a failed start stops what
 * had already started (the digest scheduler, the health port) so the process ends with code 2 and a readable
 * message instead of hanging; the console closes on SIGTERM like the end of its input, with code 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../e2e/fake-slack.ts';
import { BotProcess } from './child.ts';

let slack: FakeSlack;
let blocker: Server;
let takenPort: number;
const dirs: string[] = [];
const bots: BotProcess[] = [];

function startBot(env: Record<string, string>, options?: { stdin?: 'pipe' }): BotProcess {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-health-'));
  dirs.push(dir);
  const bot = new BotProcess(env, dir, options);
  bots.push(bot);
  return bot;
}

beforeAll(async () => {
  slack = await FakeSlack.start();
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  takenPort = (blocker.address() as { port: number }).port;
});

afterAll(async () => {
  await Promise.all(bots.map((b) => b.kill()));
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await slack?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Each test has its own child process and folder, so they run side by side.
describe.concurrent('a failed start', () => {
  it('stops the digests it had started and exits 2 when the Slack port is taken', async () => {
    const bot = startBot({ ...slack.httpModeEnv, PORT: String(takenPort) });
    const exit = await bot.waitForExit(8000);
    // The CLI's code for a start that could not happen (src/cli/main.ts).
    expect(exit).toEqual({ code: 2, signal: null });
    expect(bot.logs.some((l) => l.msg === 'digests started')).toBe(true);
    expect(bot.stderr).toMatch(new RegExp(`Could not listen on port ${takenPort} \\(.*EADDRINUSE.*\\)\\. Set PORT to a free port\\.`));
  });

  it('exits 2 before connecting anywhere when HEALTH_PORT is taken', async () => {
    const own = await FakeSlack.start();
    const bot = startBot({ ...own.socketModeEnv, HEALTH_PORT: String(takenPort) });
    const exit = await bot.waitForExit(8000).finally(() => own.close());
    // The CLI's code for a start that could not happen (src/cli/main.ts).
    expect(exit).toEqual({ code: 2, signal: null });
    expect(bot.stderr).toContain(`Could not serve /healthz on 127.0.0.1:${takenPort} (EADDRINUSE). Set HEALTH_PORT to a free port`);
    expect(own.calls).toEqual([]);
  });
});

describe.concurrent('the console', () => {
  it('closes on SIGTERM with code 0, and says that HEALTH_PORT does not apply to it', async () => {
    const bot = startBot({ HEALTH_PORT: '0' }, { stdin: 'pipe' });
    await bot.waitForLog((l) => l.msg.startsWith('HEALTH_PORT is ignored'), 'the HEALTH_PORT warning');
    // The banner is written after the signal handlers are in place (a signal before them ends the process).
    await bot.waitForOutput('Briefing Bot console:');
    bot.signal('SIGTERM');
    expect(await bot.waitForExit(8000)).toEqual({ code: 0, signal: null });
  });
});

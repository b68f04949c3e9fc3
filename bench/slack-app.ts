/**
 * Child process of the Slack benchmark: serves /slack/events on 127.0.0.1 until it is stopped, either as the
 * real Slack app (src/platforms/slack/app.ts, over a loaded corpus) or as a bare Bolt app whose command
 * listener only acks. Both take Slack's Web API from the benchmark's fake (`--api`), so nothing leaves the
 * machine. Prints "BENCH_READY <port>" once listening.
 * Usage: node --import tsx bench/slack-app.ts --mode app|bare --api URL --secret S [--dir DIR --cache DIR]
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { Library } from '../src/briefing/library.ts';
import { createCore } from '../src/core.ts';
import { startSlack } from '../src/platforms/slack/app.ts';
import { readSlackCommandNames } from '../src/platforms/slack/config.ts';
import { childArgs } from './child.ts';

const args = childArgs();
const token = 'xoxb-bench-token';

async function main(): Promise<void> {
  let stop: () => Promise<void>;
  let port: number;
  if (args.mode === 'bare') {
    const app = new App({ token, signingSecret: args.secret!, botId: 'B1', botUserId: 'U1', logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: args.api } });
    app.command(/.*/, async ({ ack }) => {
      await ack();
    });
    const server = (await app.start(0)) as Server;
    port = (server.address() as AddressInfo).port;
    stop = async () => void (await app.stop());
  } else {
    const library = Library.load(args.dir!, { cacheDir: args.cache });
    const core = createCore(library);
    const slack = await startSlack(core, {
      botToken: token,
      signingSecret: args.secret!,
      port: 0,
      apiUrl: args.api,
      commands: readSlackCommandNames({}, core.commands),
      // The benchmark is one user sending as fast as it can; the per-user limit would refuse it.
      rateLimit: { burst: 1_000_000_000, perMinute: 1_000_000_000 },
    });
    port = slack.port!;
    stop = slack.stop;
  }
  process.stdout.write(`BENCH_READY ${port}\n`);
  const quit = (): void => void stop().finally(() => process.exit(0));
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);
}

await main();

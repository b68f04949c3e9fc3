/**
 * One "bot process" for race.test.ts: opens the shared database, waits for the common start instant, ticks
 * once at the fixed slot time and exits. Its DigestChannel is a fake platform that appends each post to a
 * shared log file (O_APPEND writes of one short line are atomic), so the test can count what arrived.
 */
import { appendFileSync } from 'node:fs';
import { DigestScheduler } from '../../src/digest/scheduler.ts';
import { DigestStore } from '../../src/digest/store.ts';
import type { DigestChannel } from '../../src/digest/channel.ts';
import { libraryOf, strikeBriefing } from './helpers.ts';

const [file, logFile, nowIso, startAt, name] = process.argv.slice(2) as [string, string, string, string, string];
const store = DigestStore.open(file);
const channel: DigestChannel = {
  platform: 'slack',
  async post(channelId, _reply, context) {
    appendFileSync(logFile, `${JSON.stringify({ channelId, key: context.idempotencyKey, by: name })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { messageId: `${name}-${channelId}` };
  },
};
const library = libraryOf(strikeBriefing());
const now = Date.parse(nowIso);
const scheduler = new DigestScheduler({ store, library: () => library, config: { catchUpS: 21_600, maxAttempts: 3 }, channels: [channel], now: () => now, instanceId: name });
while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 2));
const reports = await scheduler.tick(now);
process.stdout.write(JSON.stringify(reports.map((r) => r.outcome)));
store.close();

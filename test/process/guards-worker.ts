/**
 * A process with the guards installed that then suffers an uncaught exception (thrown from a timer) and an
 * unhandled rejection, as a library could; it prints the counts and exits on its own if it is still alive.
 * Run by guards.test.ts as `node --import tsx guards-worker.ts`.
 */
import { installProcessGuards, processIncidents } from '../../src/process/guards.ts';

installProcessGuards();
setTimeout(() => {
  throw new TypeError(`cannot read the socket of ${process.env.SLACK_BOT_TOKEN}`);
}, 0);
void Promise.reject(new Error('the gateway went away'));
setTimeout(() => process.stdout.write(JSON.stringify(processIncidents())), 20);

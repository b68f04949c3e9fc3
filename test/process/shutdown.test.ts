/**
 * The shutdown sequence: stages in order, a clean stop exits 0 with "stopped", a hung part meets the deadline
 * (exit 1, naming it), a failing part exits 1, a second signal exits at once, and a part that finishes starting
 * during the shutdown is stopped too. `exit` is the injected process.exit; the parts are real promises.
 */
import { describe, expect, it } from 'vitest';
import { Shutdown, type ShutdownStage, type Stoppable } from '../../src/process/shutdown.ts';

interface Line {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, any>;
  msg: string;
}

function harness(deadlineMs = 10_000) {
  const lines: Line[] = [];
  const exits: number[] = [];
  let exited: (code: number) => void = () => {};
  const exitedOnce = new Promise<number>((resolve) => (exited = resolve));
  const record = (level: Line['level']) => (obj: object, msg: string) => lines.push({ level, obj: obj as Record<string, any>, msg });
  let stoppingSeen = 0;
  const shutdown = new Shutdown({
    deadlineMs,
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
    onStopping: () => stoppingSeen++,
  });
  return { shutdown, lines, exits, exitedOnce, stoppingSeen: () => stoppingSeen };
}

/** A part that records when it stops and finishes when told (or at once). */
function part(name: string, order: string[], settle?: Promise<void>): Stoppable {
  return {
    name,
    stop: async () => {
      order.push(`${name}:begin`);
      await settle;
      order.push(`${name}:end`);
    },
  };
}

const never = new Promise<void>(() => {});
/** Lets every promise that can settle now do so. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Shutdown', () => {
  it('stops platforms first, then services, then endpoints, and exits 0 with "stopped"', async () => {
    const { shutdown, lines, exitedOnce, stoppingSeen } = harness();
    const order: string[] = [];
    let releaseSlack!: () => void;
    const slackDone = new Promise<void>((resolve) => (releaseSlack = resolve));
    const add = (name: string, stage: ShutdownStage, settle?: Promise<void>) => shutdown.add(part(name, order, settle), stage);
    add('health endpoint', 'endpoints');
    add('digests', 'services');
    add('slack', 'platforms', slackDone);
    add('discord', 'platforms');
    shutdown.handleSignal('SIGTERM');
    expect(stoppingSeen()).toBe(1);
    await settled();
    // Both platforms began together; nothing later begins while one is still stopping.
    expect(order).toEqual(['slack:begin', 'discord:begin', 'discord:end']);
    releaseSlack();
    expect(await exitedOnce).toBe(0);
    expect(order).toEqual(['slack:begin', 'discord:begin', 'discord:end', 'slack:end', 'digests:begin', 'digests:end', 'health endpoint:begin', 'health endpoint:end']);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'shutting down', obj: { reason: 'SIGTERM', deadline_ms: 10_000 } });
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'stopped', obj: { reason: 'SIGTERM', parts: ['health endpoint', 'digests', 'slack', 'discord'] } });
  });

  it('exits 1 at the deadline, naming the part that hangs', async () => {
    const { shutdown, lines, exits, exitedOnce } = harness(30);
    const order: string[] = [];
    shutdown.add(part('discord', order, never), 'platforms');
    shutdown.add(part('digests', order), 'services');
    shutdown.handleSignal('SIGINT');
    expect(await exitedOnce).toBe(1);
    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'shutdown did not finish within 0.03 s; exiting with code 1', obj: { reason: 'SIGINT', waitingFor: ['discord'] } });
    expect(order).toEqual(['discord:begin']);
  });

  it('exits at once on a second signal, with 128 + the signal number', async () => {
    const { shutdown, lines, exits } = harness();
    shutdown.add(part('slack', [], never), 'platforms');
    shutdown.handleSignal('SIGTERM');
    await settled();
    shutdown.handleSignal('SIGINT');
    expect(exits).toEqual([130]);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', msg: 'second signal during shutdown; exiting now (code 130)', obj: { signal: 'SIGINT', first: 'SIGTERM', waitingFor: ['slack'] } });
  });

  it('goes on past a part that fails to stop, and exits 1 saying which', async () => {
    const { shutdown, lines, exitedOnce } = harness();
    const order: string[] = [];
    shutdown.add({ name: 'slack', stop: () => Promise.reject(new Error('socket already closed')) }, 'platforms');
    shutdown.add(part('digests', order), 'services');
    shutdown.handleSignal('SIGTERM');
    expect(await exitedOnce).toBe(1);
    expect(order).toEqual(['digests:begin', 'digests:end']);
    expect(lines.find((l) => l.msg === 'slack failed to stop')).toMatchObject({ level: 'error', obj: { part: 'slack', error: { type: 'Error', message: 'socket already closed' } } });
    expect(lines.at(-1)).toMatchObject({ level: 'error', obj: { failed: ['slack'] } });
  });

  it('stops a part that finishes starting during the shutdown', async () => {
    const { shutdown } = harness();
    const order: string[] = [];
    shutdown.add(part('digests', order, never), 'services');
    void shutdown.stopAll();
    shutdown.add(part('discord', order), 'platforms');
    await settled();
    expect(order).toContain('discord:end');
  });

  it('stopAll (a failed start) stops everything once, without exiting', async () => {
    const { shutdown, exits } = harness();
    const order: string[] = [];
    shutdown.add(part('digests', order), 'services');
    const [a, b] = [shutdown.stopAll(), shutdown.stopAll()];
    expect(a).toBe(b);
    expect(await a).toEqual({ clean: true, failed: [] });
    expect(order).toEqual(['digests:begin', 'digests:end']);
    expect(exits).toEqual([]);
    expect(shutdown.isStopping).toBe(true);
  });
});

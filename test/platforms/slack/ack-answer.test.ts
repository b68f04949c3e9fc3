/** Which slash commands may hold their ack for the answer, and the deadline's race. */
import { describe, expect, it } from 'vitest';
import { ackWithAnswerOrLater, CommandTimes, QUICK_COMMAND_MS, within } from '../../../src/platforms/slack/ack-answer.ts';

describe('CommandTimes', () => {
  /** Any object stands for the library the runs were measured over. */
  const library = {};

  it('does not wait for a command it has not seen run', () => {
    expect(new CommandTimes().isQuick('who', library)).toBe(false);
  });

  it('waits for a command whose runs were all quick, and for that command only', () => {
    const times = new CommandTimes();
    times.record('who', 3, library);
    times.record('who', QUICK_COMMAND_MS, library);
    expect(times.isQuick('who', library)).toBe(true);
    expect(times.isQuick('ask', library)).toBe(false);
  });

  it('stops waiting after one slow run, until the slow run is 16 runs old', () => {
    const times = new CommandTimes(100);
    times.record('ask', 20, library);
    times.record('ask', 4000, library);
    expect(times.isQuick('ask', library)).toBe(false);
    for (let i = 0; i < 15; i++) {
      times.record('ask', 20, library);
      expect(times.isQuick('ask', library)).toBe(false);
    }
    times.record('ask', 20, library);
    expect(times.isQuick('ask', library)).toBe(true);
  });

  it('forgets the times of a library a reload replaced: its lazy indexes are built again', () => {
    const times = new CommandTimes();
    times.record('ask', 3, library);
    expect(times.isQuick('ask', library)).toBe(true);
    const reloaded = {};
    expect(times.isQuick('ask', reloaded)).toBe(false);
    times.record('ask', 3, reloaded);
    expect(times.isQuick('ask', reloaded)).toBe(true);
    expect(times.isQuick('ask', library)).toBe(false);
  });
});

describe('within', () => {
  it('gives the value of work that settles in time', async () => {
    await expect(within(Promise.resolve('answer'), 60_000)).resolves.toBe('answer');
  });

  it('gives undefined for work still running at the deadline, and leaves the work alone', async () => {
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    await expect(within(work, 1)).resolves.toBeUndefined();
    finish('later');
    await expect(work).resolves.toBe('later');
  });
});

describe('ackWithAnswerOrLater', () => {
  /** Runs it with Bolt's ack and a respond-later that record what happened, in order. */
  async function run(quick: boolean, work: () => Promise<string>, deadlineMs = 60_000) {
    const events: string[] = [];
    await ackWithAnswerOrLater({
      quick,
      deadlineMs,
      started: performance.now(),
      work: () => (events.push('work started'), work()),
      ack: async (answer) => void events.push(answer === undefined ? 'empty ack' : `ack: ${answer}`),
      later: async (answer) => void events.push(`later: ${await answer}`),
    });
    return events;
  }

  it('acks a command not known to be quick before starting it, then answers later', async () => {
    // Synchronous work in the command cannot hold the ack back: the ack is out before it starts.
    expect(await run(false, async () => 'answer')).toEqual(['empty ack', 'work started', 'later: answer']);
  });

  it('acks a quick command with its answer, and nothing later', async () => {
    expect(await run(true, async () => 'answer')).toEqual(['work started', 'ack: answer']);
  });

  it('acks a quick command still running at the deadline empty, then answers later', async () => {
    let finish!: (value: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const events = run(true, () => work, 1);
    // The work finishes only after the deadline has passed; the ack must not have waited for it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    finish('late answer');
    expect(await events).toEqual(['work started', 'empty ack', 'later: late answer']);
  });
});

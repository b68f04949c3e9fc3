/** Which slash commands may hold their ack for the answer, and the deadline's race. */
import { describe, expect, it } from 'vitest';
import { CommandTimes, QUICK_COMMAND_MS, within } from '../../../src/platforms/slack/ack-answer.ts';

describe('CommandTimes', () => {
  it('does not wait for a command it has not seen run', () => {
    expect(new CommandTimes().isQuick('who')).toBe(false);
  });

  it('waits for a command whose runs were all quick, and for that command only', () => {
    const times = new CommandTimes();
    times.record('who', 3);
    times.record('who', QUICK_COMMAND_MS);
    expect(times.isQuick('who')).toBe(true);
    expect(times.isQuick('ask')).toBe(false);
  });

  it('stops waiting after one slow run, until the slow run is 16 runs old', () => {
    const times = new CommandTimes(100);
    times.record('ask', 20);
    times.record('ask', 4000);
    expect(times.isQuick('ask')).toBe(false);
    for (let i = 0; i < 15; i++) {
      times.record('ask', 20);
      expect(times.isQuick('ask')).toBe(false);
    }
    times.record('ask', 20);
    expect(times.isQuick('ask')).toBe(true);
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

/**
 * Commands that exist only in tests, registered in a Core built for the test (not mocks of ours):
 * one that throws, one that waits until the test lets it answer, one with Discord subcommands.
 */
import { z } from 'zod';
import { defineCommand } from '../../src/commands/command.ts';
import { flagOption, textOption } from '../../src/commands/options.ts';

export const throwingCommand = defineCommand({
  name: 'explode',
  description: 'Always fails (test only)',
  usage: 'explode',
  options: z.object({}),
  handler() {
    throw new Error('boom');
  },
});

/**
 * A command that answers only when the test lets it, as a slow library or Web API lookup would (with an error
 * when `fail` was set). Closed at first: each `release()` lets the waiting run answer and closes again. With
 * `open: true` it answers at once until `hold()` closes it; `release()` then opens it for good.
 */
export function gatedCommand(options: { open?: boolean } = {}) {
  const stayOpen = options.open ?? false;
  let release = (): void => {};
  const closed = (): Promise<void> => new Promise<void>((resolve) => (release = resolve));
  let gate = stayOpen ? Promise.resolve() : closed();
  const command = defineCommand({
    name: 'slow',
    description: 'Answers when the test says so (test only)',
    usage: 'slow [fail]',
    options: z.object({ fail: flagOption({ description: 'Answer with an error' }) }),
    async handler({ fail }) {
      await gate;
      if (fail) throw new Error('slow failure');
      return { title: 'Slow answer', intro: 'Done at last', sections: [], data: {} };
    },
  });
  return {
    command,
    release: () => {
      release();
      if (!stayOpen) gate = closed();
    },
    hold: () => {
      gate = closed();
    },
  };
}

/** Shows its parsed options, so a test can see what the adapter passed in. */
export const subcommandCommand = defineCommand({
  name: 'alerts',
  description: 'Manage alerts (test only)',
  usage: 'alerts <add|list> [topic]',
  options: z.object({
    action: z
      .enum(['add', 'list'])
      .meta({
        description: 'What to do',
        positional: true,
        subcommand: true,
        subcommandDescriptions: { add: 'Add an alert', list: 'List alerts' },
      }),
    topic: textOption({ description: 'Topic of the alert', subcommands: ['add'] }),
  }),
  handler(options) {
    return { title: 'Alerts', intro: JSON.stringify(options), sections: [], data: options };
  },
});

/**
 * Fuzz: Slack slash-command text. Any text under any of the app's commands is parsed into an invocation or a
 * readable refusal; running it and drawing the answer as Block Kit stays within every Slack limit, with no
 * mention or broadcast escaping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/registry.ts';
import { readSlackCommandNames } from '../../src/platforms/slack/config.ts';
import { parseInvocation } from '../../src/platforms/slack/invocation.ts';
import { renderSlackMessages } from '../../src/render/blockkit.ts';
import { slackLimitViolations } from '../render/blockkit-limits.ts';
import { seedCore, seedLibrary } from '../helpers.ts';
import { runs, text, TIMEOUT } from './fuzz.ts';

const names = readSlackCommandNames({}, COMMANDS);
const ctx = { names, commands: COMMANDS, library: seedLibrary() };
const slashes = [names.umbrella, ...names.direct.keys(), '/unknown'];
const core = seedCore();

const typed = fc.oneof(
  text(300),
  fc.tuple(fc.constantFrom(...COMMANDS.map((c) => c.name)), text(200)).map(([n, t]) => `${n} ${t}`),
  fc.string({ minLength: 3990, maxLength: 4100, size: 'max' }),
);

describe('fuzz: Slack command text', () => {
  it(
    'parses any text into an invocation or a refusal that says why',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...slashes), typed, (slash, input) => {
          const invocation = parseInvocation(slash, input, ctx);
          if (invocation.ok) {
            expect(COMMANDS).toContain(invocation.command);
            for (const value of Object.values(invocation.options)) expect(['string', 'boolean']).toContain(typeof value);
            expect(['ephemeral', 'in_channel']).toContain(invocation.visibility);
          } else {
            expect(invocation.reply.error?.message.length).toBeGreaterThan(0);
          }
        }),
        runs(),
      );
    },
    TIMEOUT,
  );

  it(
    'answers within every Slack limit, whatever was typed',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...slashes), typed, async (slash, input) => {
          const invocation = parseInvocation(slash, input, ctx);
          const reply = invocation.ok ? await core.run(invocation.command.name, invocation.options, { platform: 'slack', userId: 'U1', channelId: 'C1' }) : invocation.reply;
          for (const message of renderSlackMessages(reply)) expect(slackLimitViolations(message)).toEqual([]);
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );
});

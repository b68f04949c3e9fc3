/**
 * Fuzz: the command line and text commands. Any argv, any typed line and any option values: no throw, no
 * unhandled rejection, an exit code the CLI documents, output without terminal control characters, JSON
 * that parses, and errors that say what went wrong.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeGlobalFlags } from '../../src/cli/args.ts';
import { runCli } from '../../src/cli/main.ts';
import { COMMANDS, findCommand } from '../../src/commands/registry.ts';
import { parseOptionTokens, splitCommandLine, tokenize } from '../../src/commands/parse-text.ts';
import { UserError } from '../../src/reply/reply.ts';
import { renderJson, renderText } from '../../src/render/text.ts';
import { BRIEFINGS_DIR, seedCore } from '../helpers.ts';
import { anyValue, CONTROL, runs, text, TIMEOUT } from './fuzz.ts';

// The CLI would otherwise write a startup cache into ./data while being fuzzed.
process.env.BRIEFINGS_CACHE = 'off';
process.env.LOG_LEVEL = 'silent';

const core = seedCore();
const caller = { platform: 'console' } as const;
const names = COMMANDS.map((c) => c.name);

/** Verbs that start servers, write files or call out (start, console, ingest, discord-register, …). */
let verbs = new Set<string>();
beforeAll(async () => {
  let usage = '';
  await runCli(['--help'], { out: (t) => (usage += `${t}\n`), err: () => undefined });
  verbs = new Set([...usage.split('Other commands:')[1]!.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!));
  expect(verbs.has('start')).toBe(true);
});

const word = fc.oneof(text(30), fc.constantFrom(...names, '--json', '--help', '-h', '--briefing', '--by', '--status', '--name', '--from', '--to', '--about', 'briefing:shoigu-lecornu-call', 'status:disputed', 'by:Shoigu', 'from:2022', 'to:2022-13', '--briefings'));
const argv = fc.tuple(fc.constantFrom(...names, 'whoo', ''), fc.array(word, { maxLength: 8 })).map(([name, rest]) => [name, ...rest].filter((a) => a !== ''));

describe('fuzz: command line', () => {
  it(
    'answers any argv with a documented exit code, printable text or parseable JSON, never a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(argv, async (args) => {
          let flags;
          try {
            flags = takeGlobalFlags(args);
          } catch {
            flags = undefined;
          }
          fc.pre(!flags || !verbs.has(flags.rest[0] ?? ''));
          const out: string[] = [];
          const err: string[] = [];
          const code = await runCli([...args, '--briefings', BRIEFINGS_DIR], { out: (t) => out.push(t), err: (t) => err.push(t) });
          expect([0, 1, 2]).toContain(code);
          const printed = out.join('\n');
          // JSON when a command answered with --json; either way nothing a terminal would act on.
          if (flags?.json && code !== 2 && findCommand(flags.rest[0] ?? '')) expect(() => JSON.parse(printed)).not.toThrow();
          expect(printed).not.toMatch(CONTROL);
        }),
        runs(0.2),
      );
    },
    TIMEOUT,
  );

  it('tokenizes and maps any text onto any command, or refuses it with a UserError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), text(120), (command, line) => {
        const tokens = tokenize(line);
        expect(tokens.every((t) => typeof t === 'string')).toBe(true);
        try {
          const options = parseOptionTokens(command, tokens);
          for (const value of Object.values(options)) expect(['string', 'boolean']).toContain(typeof value);
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
        }
        const { name, rest } = splitCommandLine(line);
        expect(name).toBe(name.toLowerCase());
        expect(typeof rest).toBe('string');
      }),
      runs(),
    );
  });
});

describe('fuzz: text commands and option values', () => {
  it(
    'runs any typed line to a reply, rendered without control characters',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(text(200), fc.tuple(fc.constantFrom(...names), text(150)).map(([n, t]) => `/${n} ${t}`)), async (line) => {
          const reply = await core.runLine(line, caller);
          expect(typeof reply.title).toBe('string');
          if (reply.error) expect(reply.error.message.length).toBeGreaterThan(0);
          expect(renderText(reply)).not.toMatch(CONTROL);
          expect(() => JSON.parse(renderJson(reply))).not.toThrow();
        }),
        runs(),
      );
    },
    TIMEOUT,
  );

  it(
    'validates option values of any type before a handler sees them',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names, 'nope'), fc.dictionary(fc.oneof(fc.constantFrom('name', 'actor', 'by', 'about', 'status', 'briefing', 'from', 'to', 'command', 'question'), text(10)), anyValue, { maxKeys: 4 }), async (name, options) => {
          const reply = await core.run(name, options, caller);
          expect(typeof reply.title).toBe('string');
          // A crash inside a handler would surface as internal_error: input problems are named, never that.
          expect(reply.error?.code).not.toBe('internal_error');
        }),
        runs(),
      );
    },
    TIMEOUT,
  );
});

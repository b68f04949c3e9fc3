/**
 * `briefing <command> [args] [--briefing ID] [--briefings DIR] [--json]`: runs one command and prints
 * its reply; plus the verbs that are not chat commands (start, console, validate, …).
 * Exit codes: 0 answered, 1 the command answered with an error, 2 the invocation itself was wrong.
 */
import { resolve } from 'node:path';
import { cacheDirFromEnv } from '../briefing/cache.ts';
import { Library } from '../briefing/library.ts';
import { formatBriefingError } from '../briefing/model.ts';
import { findCommand } from '../commands/registry.ts';
import type { AnyCommand } from '../commands/command.ts';
import { parseOptionTokens, type RawOptions } from '../commands/parse-text.ts';
import { ConfigError, loadDotEnv, readConfig } from '../config.ts';
import { createCore } from '../core.ts';
import { errorReply, UserError, type Reply } from '../reply/reply.ts';
import { renderJson, renderText } from '../render/text.ts';
import { takeGlobalFlags, type GlobalFlags } from './args.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

type Verb = (flags: GlobalFlags, args: string[], io: CliIo) => Promise<number>;

/** The briefings folder a CLI run works on: --briefings, else the configured one. */
export function cliBriefingsDir(flags: GlobalFlags): string {
  return flags.briefingsDir ? resolve(flags.briefingsDir) : readConfig().briefingsDir;
}

/** The briefings a CLI run works on (through the startup cache), with a warning per briefing skipped. */
export function loadCliLibrary(flags: GlobalFlags, io: CliIo): Library {
  const library = Library.load(cliBriefingsDir(flags), { cacheDir: cacheDirFromEnv() });
  for (const e of library.errors) io.err(`warning: ${formatBriefingError(e)} (briefing skipped)`);
  return library;
}

/** Prints a reply as text or JSON; the exit code is 1 for an error reply. */
export function printReply(reply: Reply, flags: GlobalFlags, io: CliIo): number {
  io.out(flags.json ? renderJson(reply) : renderText(reply));
  return reply.error ? 1 : 0;
}

/** A command's options from CLI words, or the error reply (with usage) when they don't parse. */
export function parseCliOptions(command: AnyCommand, args: string[]): { raw: RawOptions } | { error: Reply } {
  try {
    return { raw: parseOptionTokens(command, args) };
  } catch (err) {
    if (err instanceof UserError) return { error: errorReply({ code: err.code, message: err.message, suggestions: err.suggestions, usage: command.usage }) };
    throw err;
  }
}

const VERBS: Record<string, { summary: string; run: Verb }> = {
  start: {
    summary: 'start every configured platform (the console when none is)',
    run: async () => {
      const { start } = await import('../main.ts');
      await start();
      return 0;
    },
  },
  console: {
    summary: 'an interactive console over the briefings',
    run: async (flags) => {
      const { serveConsole } = await import('../process/console.ts');
      await serveConsole(createCore(Library.load(cliBriefingsDir(flags), { cacheDir: cacheDirFromEnv() })));
      return 0;
    },
  },
  validate: {
    summary: 'check every briefing; exit 1 on any problem',
    run: async (flags, _args, io) => {
      const dir = cliBriefingsDir(flags);
      const library = Library.load(dir);
      if (flags.json) io.out(JSON.stringify({ briefings: library.briefings.map((b) => b.id), errors: library.errors }, null, 2));
      else {
        for (const e of library.errors) io.err(formatBriefingError(e));
        io.out(`${library.briefings.length} briefing(s) valid, ${library.errors.length} problem(s) in ${dir}`);
      }
      return library.errors.length ? 1 : 0;
    },
  },
};

/** Lets later parts (Slack manifest, Discord registration, ingest, digests) add CLI verbs. */
export function addVerb(name: string, summary: string, run: Verb): void {
  VERBS[name] = { summary, run };
}

function usage(): string {
  const verbs = Object.entries(VERBS).map(([name, v]) => `  ${name.padEnd(18)} ${v.summary}`);
  return [
    'Usage: briefing <command> [args] [--briefing ID] [--briefings DIR] [--json]',
    '',
    'Chat commands (the same as in Slack and Discord): who, timeline, claims, ask, brief, briefings, help',
    '  e.g. briefing who Lecornu · briefing claims --by Shoigu · briefing timeline from:2022',
    '',
    'Other commands:',
    ...verbs,
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo = stdio): Promise<number> {
  try {
    loadDotEnv();
    await import('./verbs.ts');
    const flags = takeGlobalFlags(argv);
    const [name, ...args] = flags.rest;
    if (!name || (flags.help && !findCommand(name))) {
      io.out(usage());
      return name || flags.help ? 0 : 2;
    }
    const verb = VERBS[name];
    if (verb) return await verb.run(flags, args, io);
    const command = findCommand(name);
    const print = (reply: Reply): number => printReply(reply, flags, io);
    if (!command) {
      const core = createCore(new Library([]));
      return print(await core.run(name, {}, { platform: 'cli' }));
    }
    const library = loadCliLibrary(flags, io);
    const parsed = parseCliOptions(command, args);
    if ('error' in parsed) return print(parsed.error);
    const { raw } = parsed;
    // A command line prints everything it found (to a pager or a file); only chat replies are bounded.
    const core = createCore(library, { maxItems: Infinity });
    return print(await core.run(command.name, raw, { platform: 'cli', userId: process.env.USER }));
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    io.err(`briefing: ${(err as Error).message}`);
    return 2;
  }
}

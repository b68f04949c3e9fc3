/**
 * The list of commands and the one way to run them: validate the raw options with the command's
 * zod schema, call the handler, and turn every failure into an error Reply (never a throw).
 */
import type { z } from 'zod';
import type { Library } from '../briefing/library.ts';
import { logger } from '../log.ts';
import { errorReply, UserError, type Reply } from '../reply/reply.ts';
import { askCommand } from './ask.ts';
import { briefCommand } from './brief.ts';
import { briefingsCommand } from './briefings.ts';
import { claimsCommand } from './claims.ts';
import { digestCommand } from './digest.ts';
import type { AnyCommand, Caller, CommandContext } from './command.ts';
import { helpCommand } from './help.ts';
import { parseOptionTokens, splitCommandLine, tokenize, type RawOptions } from './parse-text.ts';
import { suggest } from './suggest.ts';
import { timelineCommand } from './timeline.ts';
import { whoCommand } from './who.ts';

export const COMMANDS: readonly AnyCommand[] = [whoCommand, timelineCommand, claimsCommand, askCommand, briefCommand, briefingsCommand, digestCommand, helpCommand];

export interface RunEnvironment {
  library: Library;
  caller: Caller;
  now?: Date;
  services?: Record<string, unknown>;
  commands?: readonly AnyCommand[];
  /** See CommandContext.maxItems. */
  maxItems?: number;
}

export function findCommand(name: string, commands: readonly AnyCommand[] = COMMANDS): AnyCommand | undefined {
  return commands.find((c) => c.name === name.toLowerCase());
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const option = issue.path.length ? String(issue.path[0]) : '';
  if (issue.code === 'unrecognized_keys') return `unknown option ${issue.keys.join(', ')}`;
  return option ? `${option} ${issue.message}` : issue.message;
}

// `.strict()` builds a new schema; building it on every call cost more than most commands themselves.
const strictSchemas = new WeakMap<AnyCommand, z.ZodType>();

function strictOptions(command: AnyCommand): z.ZodType {
  const known = strictSchemas.get(command);
  if (known) return known;
  const schema: z.ZodType = command.options.strict();
  strictSchemas.set(command, schema);
  return schema;
}

/** Runs a command by name with raw options (strings from text, typed values from Discord). */
export async function runCommand(name: string, raw: Record<string, unknown>, env: RunEnvironment): Promise<Reply> {
  const commands = env.commands ?? COMMANDS;
  const command = findCommand(name, commands);
  if (!command) {
    return errorReply({
      code: 'unknown_command',
      message: name ? `No command "${name}". Try help.` : 'Type a command, or help.',
      suggestions: suggest(name.toLowerCase(), commands.map((c) => c.name)),
    });
  }
  const parsed = strictOptions(command).safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map(describeIssue).join('; ');
    return errorReply({ code: 'invalid_options', message: `${message}.`, usage: command.usage });
  }
  const ctx: CommandContext = { library: env.library, caller: env.caller, now: env.now ?? new Date(), commands, services: env.services ?? {}, maxItems: env.maxItems };
  try {
    const reply = await command.handler(parsed.data, ctx);
    // A handler that returns nothing would crash the platform drawing the answer; it is a bug, answered as one.
    if (!reply || typeof reply.title !== 'string' || !Array.isArray(reply.sections)) throw new Error(`${command.name} returned no reply`);
    return reply;
  } catch (err) {
    if (err instanceof UserError) return errorReply({ code: err.code, message: err.message, suggestions: err.suggestions, usage: err.code === 'invalid_options' ? command.usage : undefined });
    logger.error({ err, command: command.name, platform: env.caller.platform }, 'command failed');
    return errorReply({ code: 'internal_error', message: 'Something went wrong while answering; it has been logged.' });
  }
}

/** Runs a typed line such as `/claims by:Shoigu status:disputed`. */
export async function runLine(line: string, env: RunEnvironment): Promise<Reply> {
  const { name, rest } = splitCommandLine(line);
  const commands = env.commands ?? COMMANDS;
  const command = findCommand(name, commands);
  if (!command) return runCommand(name, {}, env);
  let raw: RawOptions;
  try {
    raw = parseOptionTokens(command, tokenize(rest));
  } catch (err) {
    if (err instanceof UserError) return errorReply({ code: err.code, message: err.message, suggestions: err.suggestions, usage: command.usage });
    throw err;
  }
  return runCommand(command.name, raw, env);
}

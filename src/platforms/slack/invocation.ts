/**
 * Slash command text → which command to run, its raw options and who sees the answer.
 *
 * `/brief who Shoigu`: the umbrella's first word names any command of the registry, so commands added
 * later work with no change here. `/brief`, `/brief shoigu-lecornu-call` and `/brief briefing:ID` (no
 * command word: nothing, a briefing id or an option) run `brief`. Any other first word is answered with
 * the list of commands. A direct command (`/timeline Shoigu`) takes the whole text as its options.
 * `public:true` (or `--public`) anywhere posts the answer in the channel; answers are ephemeral otherwise.
 */
import type { Library } from '../../briefing/library.ts';
import type { AnyCommand } from '../../commands/command.ts';
import { parseOptionTokens, tokenize, type RawOptions } from '../../commands/parse-text.ts';
import { describeOptions } from '../../commands/command.ts';
import { suggest } from '../../commands/suggest.ts';
import { INPUT_LIMITS } from '../../render/limits.ts';
import { errorReply, UserError, type Reply } from '../../reply/reply.ts';
import type { SlackCommandNames } from './config.ts';

/** The command the umbrella runs when its text names no command. */
export const DEFAULT_COMMAND = 'brief';

export type Visibility = 'ephemeral' | 'in_channel';

export type Invocation =
  | { ok: true; command: AnyCommand; options: RawOptions; visibility: Visibility; usage: string }
  | { ok: false; reply: Reply };

export interface InvocationContext {
  names: SlackCommandNames;
  commands: readonly AnyCommand[];
  library: Library;
}

const PUBLIC_FLAG = /^(?:--public(?:=(.*))?|public[:=](.*))$/i;
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);
const OPTION_LIKE = /^(--|[a-z][a-z_-]*[:=])/i;

/** The usage line as typed in Slack: `/brief who [name] …` or `/timeline [actor] …`. */
export function slackUsage(command: AnyCommand, slash: string, names: SlackCommandNames): string {
  if (slash !== names.umbrella && command.usage.startsWith(command.name)) return `${slash}${command.usage.slice(command.name.length)}`;
  return `${names.umbrella} ${command.usage}`;
}

/** Takes `public:…` out of the tokens, unless the command has an option of that name itself. */
function takeVisibility(command: AnyCommand, tokens: string[]): { tokens: string[]; visibility: Visibility } {
  if (describeOptions(command).some((o) => o.name === 'public')) return { tokens, visibility: 'ephemeral' };
  let visibility: Visibility = 'ephemeral';
  const rest: string[] = [];
  for (const token of tokens) {
    const m = PUBLIC_FLAG.exec(token);
    if (!m) {
      rest.push(token);
      continue;
    }
    const value = (m[1] ?? m[2] ?? 'true').toLowerCase();
    if (TRUE_WORDS.has(value)) visibility = 'in_channel';
    else if (FALSE_WORDS.has(value)) visibility = 'ephemeral';
    else throw new UserError('invalid_options', `public is true or false, not "${value.slice(0, 20)}".`);
  }
  return { tokens: rest, visibility };
}

export function parseInvocation(slash: string, text: string, ctx: InvocationContext): Invocation {
  const { names, commands } = ctx;
  const umbrellaUsage = `${names.umbrella} <command> [options] [public:true]`;
  if (text.length > INPUT_LIMITS.commandLine) {
    return { ok: false, reply: errorReply({ code: 'too_long', message: `That is too long (at most ${INPUT_LIMITS.commandLine} characters).` }) };
  }
  let tokens = tokenize(text);
  let command: AnyCommand | undefined;
  const direct = names.direct.get(slash);
  if (direct) command = commands.find((c) => c.name === direct);
  else {
    const first = tokens[0]?.toLowerCase();
    command = first === undefined ? undefined : commands.find((c) => c.name === first);
    if (command) tokens = tokens.slice(1);
    else if (first === undefined || OPTION_LIKE.test(first) || ctx.library.get(tokens[0]!)) command = commands.find((c) => c.name === DEFAULT_COMMAND);
    else {
      return {
        ok: false,
        reply: errorReply({
          code: 'unknown_command',
          message: `"${tokens[0]}" is not a command. Commands: ${commands.map((c) => c.name).join(', ')}. ${names.umbrella} help explains them.`,
          suggestions: suggest(first, commands.map((c) => c.name)),
          usage: umbrellaUsage,
        }),
      };
    }
  }
  if (!command) {
    return { ok: false, reply: errorReply({ code: 'unknown_command', message: `${slash} is not set up. Try ${names.umbrella} help.`, usage: umbrellaUsage }) };
  }
  const usage = slackUsage(command, slash, names);
  try {
    const taken = takeVisibility(command, tokens);
    return { ok: true, command, options: parseOptionTokens(command, taken.tokens), visibility: taken.visibility, usage };
  } catch (err) {
    // The parser names the usage in its console form; Slack shows its own below the message.
    if (err instanceof UserError) return { ok: false, reply: errorReply({ code: err.code, message: err.message.replace(/\s*Usage: [\s\S]*$/, ''), suggestions: err.suggestions, usage }) };
    throw err;
  }
}

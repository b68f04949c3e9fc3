/**
 * A command is defined once: name, description, options as a zod object (with metadata that the
 * Slack manifest and Discord command JSON are generated from) and a handler returning a Reply.
 */
import { z } from 'zod';
import type { Library } from '../briefing/library.ts';
import type { Reply } from '../reply/reply.ts';

/** Who asked, and where. Adapters fill it; handlers may use it (digests, permissions, logs). */
export interface Caller {
  platform: 'console' | 'cli' | 'slack' | 'discord' | 'scheduler';
  userId?: string;
  userName?: string;
  channelId?: string;
  /** Workspace (Slack team) or server (Discord guild). */
  spaceId?: string;
  /**
   * Whether the caller may manage the channel (digest subscriptions). A boolean when the platform says so
   * with the request (Discord sends the member's permissions); a function when finding out costs a call
   * (Slack's users.info), so that only the commands that need the answer pay for it. Read it with
   * `callerManagesChannel`. The function may throw a UserError that explains why it could not tell.
   */
  canManageChannel?: boolean | (() => Promise<boolean>);
}

/** The caller's `canManageChannel`, asking the platform if the adapter left a function; absent means no. */
export async function callerManagesChannel(caller: Caller): Promise<boolean> {
  const value = caller.canManageChannel;
  return typeof value === 'function' ? (await value()) === true : value === true;
}

export interface CommandContext {
  library: Library;
  caller: Caller;
  now: Date;
  /** Every registered command, for `help`. */
  commands: readonly AnyCommand[];
  /** Services that some commands need (digest store, answerer…), filled by main. */
  services: Record<string, unknown>;
  /**
   * Most items (events, claims, names) a list reply shows; the reply says how many more there are and its
   * JSON carries the full count. Chat edges get REPLY_LIMITS.chatItems; undefined means all (the CLI).
   */
  maxItems?: number;
}

export type OptionsSchema = z.ZodObject<Record<string, z.ZodType>>;

export interface Command<S extends OptionsSchema = OptionsSchema> {
  name: string;
  description: string;
  /** Usage line shown on a parse error, e.g. `who [name] [briefing:ID]`. */
  usage: string;
  /** Example invocations for help. */
  examples?: string[];
  options: S;
  handler(options: z.output<S>, ctx: CommandContext): Reply | Promise<Reply>;
  /**
   * True when the answer to these (raw) options waits on something outside the bot, such as a delivery with
   * its retries (`digest send-now`): edges then acknowledge at once (Discord defers) instead of waiting first.
   */
  answersLate?(raw: Record<string, unknown>): boolean;
}

export type AnyCommand = Command<any>;

export function defineCommand<S extends OptionsSchema>(command: Command<S>): Command<S> {
  return command;
}

/** What autocomplete offers for an option. */
export type CompletionSource = 'entity' | 'person' | 'claimant' | 'briefing' | 'status' | 'timezone';

/** Option metadata attached with `.meta()`. */
export interface OptionMeta {
  [key: string]: unknown;
  description: string;
  /** Bare words of the input go to this option (at most one per command, or per subcommand). */
  positional?: boolean;
  autocomplete?: CompletionSource;
  /**
   * On an enum option: its value is what the command does (Discord shows each choice as a subcommand;
   * text platforms take the first bare word for it, `digest subscribe …`).
   */
  subcommand?: boolean;
  /** With `subcommand`: one-line descriptions of the choices (Discord shows them). */
  subcommandDescriptions?: Record<string, string>;
  /** With `subcommand`: other words text platforms accept for a choice, e.g. `{ls: 'list'}`. */
  subcommandAliases?: Record<string, string>;
  /** The option applies to these subcommands only (all when left out). */
  subcommands?: string[];
  /** Required under these subcommands (Discord asks for it there; the handler checks it everywhere). */
  requiredFor?: string[];
}

export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'boolean' | 'integer';
  required: boolean;
  positional: boolean;
  choices?: string[];
  maxLength?: number;
  autocomplete?: CompletionSource;
  /** The option naming what the command does (see OptionMeta.subcommand). */
  subcommand?: true;
  subcommandAliases?: Record<string, string>;
  /** Subcommands this option applies to; absent: all. */
  subcommands?: string[];
  requiredFor?: string[];
}

/** Whether an option applies under `subcommand` (undefined: none chosen, so only unrestricted options). */
export function appliesTo(spec: Pick<OptionSpec, 'subcommands'>, subcommand: string | undefined): boolean {
  return !spec.subcommands || (subcommand !== undefined && spec.subcommands.includes(subcommand));
}

interface JsonSchemaProperty {
  description?: string;
  type?: string;
  enum?: string[];
  maxLength?: number;
  positional?: boolean;
  autocomplete?: CompletionSource;
  subcommand?: boolean;
  subcommandAliases?: Record<string, string>;
  subcommands?: string[];
  requiredFor?: string[];
  anyOf?: JsonSchemaProperty[];
}

const specCache = new WeakMap<AnyCommand, OptionSpec[]>();

/** The command's options in platform-neutral form, read from its zod schema. */
export function describeOptions(command: AnyCommand): OptionSpec[] {
  const cached = specCache.get(command);
  if (cached) return cached;
  const schema = z.toJSONSchema(command.options, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const specs = Object.entries(schema.properties ?? {}).map(([name, prop]): OptionSpec => {
    const variants = prop.anyOf ?? [prop];
    const type = variants.some((v) => v.type === 'boolean') ? 'boolean' : variants.some((v) => v.type === 'integer') ? 'integer' : 'string';
    const withEnum = variants.find((v) => v.enum);
    return {
      name,
      description: prop.description ?? name,
      type,
      required: schema.required?.includes(name) ?? false,
      positional: prop.positional === true,
      choices: type === 'string' ? withEnum?.enum : undefined,
      maxLength: variants.find((v) => v.maxLength !== undefined)?.maxLength,
      autocomplete: prop.autocomplete,
      // Only when set, so commands without subcommands describe their options as before.
      ...(prop.subcommand === true && withEnum ? { subcommand: true as const, ...(prop.subcommandAliases ? { subcommandAliases: prop.subcommandAliases } : {}) } : {}),
      ...(prop.subcommands ? { subcommands: prop.subcommands } : {}),
      ...(prop.requiredFor ? { requiredFor: prop.requiredFor } : {}),
    };
  });
  specCache.set(command, specs);
  return specs;
}

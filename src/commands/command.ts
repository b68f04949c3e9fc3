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
  /** Facts the platform adapter established about the caller, e.g. that they may manage the channel. */
  canManageChannel?: boolean;
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
}

export type AnyCommand = Command<any>;

export function defineCommand<S extends OptionsSchema>(command: Command<S>): Command<S> {
  return command;
}

/** What autocomplete offers for an option. */
export type CompletionSource = 'entity' | 'person' | 'claimant' | 'briefing' | 'status';

/** Option metadata attached with `.meta()`. */
export interface OptionMeta {
  [key: string]: unknown;
  description: string;
  /** Bare words of the input go to this option (at most one per command). */
  positional?: boolean;
  autocomplete?: CompletionSource;
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
}

interface JsonSchemaProperty {
  description?: string;
  type?: string;
  enum?: string[];
  maxLength?: number;
  positional?: boolean;
  autocomplete?: CompletionSource;
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
    };
  });
  specCache.set(command, specs);
  return specs;
}

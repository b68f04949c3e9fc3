/**
 * Discord application-command JSON generated from the command registry, so a command added to
 * COMMANDS (ask, digest, …) appears in Discord with no Discord-specific code.
 *
 * Mapping of an option (from describeOptions):
 * - string/boolean/integer → the Discord option type; `maxLength` → `max_length`; required options first
 *   (Discord demands it).
 * - fixed choices (a zod enum) → `choices` when there are at most 25 of them, otherwise autocomplete over them;
 *   `autocomplete` metadata → `autocomplete: true` (answered by autocomplete.ts).
 * - Every command also gets the edge-only boolean option `public` (answers are private to the caller unless
 *   `public:true`).
 *
 * Subcommands: a command whose action is one of a fixed set declares that option with `subcommand: true` in
 * its metadata, e.g. `action: z.enum(['subscribe', 'list', 'stop']).meta({description, subcommand: true,
 * subcommandDescriptions: {subscribe: '…'}})`. Discord then shows `/digest subscribe`, `/digest list`, … and the
 * adapter passes the chosen subcommand back as that option's value. Another option can limit itself to some
 * subcommands with `subcommands: ['subscribe']` in its metadata; without it, it appears under every one; and
 * `requiredFor: ['subscribe']` makes it required there.
 * Text platforms see the same option as an ordinary enum option.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandBasicOption, type APIApplicationCommandOption, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { z } from 'zod';
import { describeOptions, type AnyCommand, type OptionSpec } from '../../commands/command.ts';
import { DISCORD_LIMITS } from '../../render/limits.ts';

/** The option every Discord command gets to post its answer in the channel instead of privately. */
export const PUBLIC_OPTION = 'public';

const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Metadata keys a command may set on an option for subcommands (see the file comment). */
interface SubcommandMeta {
  subcommand?: boolean;
  subcommandDescriptions?: Record<string, string>;
  subcommands?: string[];
  requiredFor?: string[];
}

/** Cuts text to `max` characters at a word boundary where one is near, marking the cut with "…". */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function checkName(name: string, where: string): string {
  if (name !== name.toLowerCase() || !NAME_PATTERN.test(name)) {
    throw new Error(`${where}: "${name}" is not a valid Discord name (1-32 lowercase letters, digits, - or _).`);
  }
  return name;
}

function optionMeta(command: AnyCommand, name: string): SubcommandMeta {
  const schema = (command.options.shape as Record<string, z.ZodType>)[name];
  return (schema?.meta() as SubcommandMeta | undefined) ?? {};
}

/** The option of a command that Discord shows as subcommands, if it has one. */
export function subcommandOption(command: AnyCommand): OptionSpec | undefined {
  return describeOptions(command).find((o) => o.choices && optionMeta(command, o.name).subcommand === true);
}

function basicOption(command: AnyCommand, spec: OptionSpec): APIApplicationCommandBasicOption {
  const where = `/${command.name} option ${spec.name}`;
  const base = {
    name: checkName(spec.name, where),
    description: shorten(spec.description, DISCORD_LIMITS.optionDescription),
    required: spec.required,
  };
  if (spec.type === 'boolean') return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (spec.type === 'integer') return { ...base, type: ApplicationCommandOptionType.Integer, ...(spec.autocomplete ? { autocomplete: true } : {}) };
  const fixed = spec.choices && spec.choices.length <= DISCORD_LIMITS.autocompleteChoices ? spec.choices : undefined;
  const autocomplete = !fixed && (spec.autocomplete !== undefined || (spec.choices?.length ?? 0) > 0);
  const maxLength = spec.maxLength === undefined ? undefined : Math.min(spec.maxLength, DISCORD_LIMITS.stringOptionLength);
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(maxLength !== undefined && !fixed ? { max_length: maxLength } : {}),
    ...(spec.required && !fixed ? { min_length: 1 } : {}),
    ...(fixed ? { choices: fixed.map((c) => ({ name: shorten(c, DISCORD_LIMITS.choiceName), value: c })) } : {}),
    ...(autocomplete ? { autocomplete: true as const } : {}),
  } as APIApplicationCommandBasicOption;
}

function publicOption(): APIApplicationCommandBasicOption {
  return {
    type: ApplicationCommandOptionType.Boolean,
    name: PUBLIC_OPTION,
    description: 'Post the answer in the channel for everyone (default: only you see it)',
    required: false,
  };
}

function optionList(command: AnyCommand, given: OptionSpec[], subcommand?: string): APIApplicationCommandBasicOption[] {
  if (given.some((s) => s.name === PUBLIC_OPTION)) {
    throw new Error(`/${command.name}: the option name "${PUBLIC_OPTION}" is reserved by the Discord adapter.`);
  }
  // An option can be required under one subcommand only (`requiredFor`), e.g. the schedule of `/digest subscribe`.
  const specs = given.map((s) => (!s.required && subcommand && optionMeta(command, s.name).requiredFor?.includes(subcommand) ? { ...s, required: true } : s));
  const ordered = [...specs.filter((s) => s.required), ...specs.filter((s) => !s.required)];
  const options = [...ordered.map((s) => basicOption(command, s)), publicOption()];
  if (options.length > DISCORD_LIMITS.optionsPerCommand) {
    throw new Error(`/${command.name} has ${options.length} options; Discord allows ${DISCORD_LIMITS.optionsPerCommand}.`);
  }
  return options;
}

/** The JSON Discord's bulk-overwrite endpoint takes for one command. */
export function commandDefinition(command: AnyCommand): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const name = checkName(command.name, 'command name');
  const description = shorten(command.description, DISCORD_LIMITS.commandDescription);
  const specs = describeOptions(command);
  const sub = subcommandOption(command);
  let options: APIApplicationCommandOption[];
  if (sub) {
    const meta = optionMeta(command, sub.name);
    const rest = specs.filter((s) => s !== sub);
    options = sub.choices!.map((choice) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: checkName(choice, `/${command.name} subcommand`),
      description: shorten(meta.subcommandDescriptions?.[choice] ?? `${command.description}: ${choice}`, DISCORD_LIMITS.commandDescription),
      options: optionList(
        command,
        rest.filter((s) => {
          const only = optionMeta(command, s.name).subcommands;
          return !only || only.includes(choice);
        }),
        choice,
      ),
    }));
    if (options.length > DISCORD_LIMITS.optionsPerCommand) throw new Error(`/${command.name} has ${options.length} subcommands; Discord allows ${DISCORD_LIMITS.optionsPerCommand}.`);
  } else {
    options = optionList(command, specs);
  }
  return { type: ApplicationCommandType.ChatInput, name, description, options };
}

/** Every command of the registry as Discord command JSON, checked against Discord's limits. */
export function commandDefinitions(commands: readonly AnyCommand[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  if (commands.length > DISCORD_LIMITS.globalCommands) throw new Error(`${commands.length} commands; Discord allows ${DISCORD_LIMITS.globalCommands}.`);
  return commands.map(commandDefinition);
}

/**
 * Text input to command options, shared by the console, the CLI and Slack:
 * `who Shoigu`, `claims by:Shoigu status:disputed`, `timeline from:2022 --to 2023`, `about:"concert hall"`.
 * Only known option names are taken as `name:value`; everything else is the positional text.
 *
 * A command with a subcommand option (an enum marked `subcommand`, see OptionMeta) takes its first bare word
 * as that option (`digest subscribe weekdays 09:30`: subcommand `subscribe`), and the other bare words go to
 * the positional option of that subcommand (`schedule`), the same split Discord makes with real subcommands.
 */
import { UserError } from '../reply/reply.ts';
import { appliesTo, describeOptions, type AnyCommand, type OptionSpec } from './command.ts';
import { suggest } from './suggest.ts';

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»' };

/** Splits on white space, keeping quoted runs together (quotes removed). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const close = QUOTES[ch];
    // A quote opens a quoted run at the start of a token or right after `name:`/`name=`.
    if (close && (!inToken || /[:=]$/.test(current))) {
      const end = text.indexOf(close, i + 1);
      if (end > i) {
        current += text.slice(i + 1, end);
        inToken = true;
        i = end;
        continue;
      }
    }
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

export type RawOptions = Record<string, string | boolean>;

/** The subcommand a word names (a choice or an alias of one, any case), if any. */
function subcommandNamed(spec: OptionSpec, word: string): string | undefined {
  const lower = word.toLowerCase();
  if (spec.choices?.includes(lower)) return lower;
  const alias = spec.subcommandAliases?.[lower];
  return alias && spec.choices?.includes(alias) ? alias : undefined;
}

/** Where bare words go under `subcommand`: the one positional option that applies there. */
function positionalFor(command: AnyCommand, specs: OptionSpec[], subcommand: string | undefined): OptionSpec | undefined {
  const found = specs.filter((s) => s.positional && !s.subcommand && appliesTo(s, subcommand));
  if (found.length > 1) throw new Error(`${command.name}: options ${found.map((s) => s.name).join(' and ')} are both positional${subcommand ? ` under ${subcommand}` : ''}.`);
  return found[0];
}

/** Maps tokens onto a command's options. Throws a UserError naming the usage on a conflict. */
export function parseOptionTokens(command: AnyCommand, tokens: string[]): RawOptions {
  const specs = describeOptions(command);
  const byName = new Map(specs.map((s) => [s.name.toLowerCase(), s]));
  const sub = specs.find((s) => s.subcommand);
  const out: RawOptions = {};
  const words: string[] = [];
  const set = (name: string, value: string | boolean): void => {
    if (name in out) throw new UserError('invalid_options', `${name} is given twice. Usage: ${command.usage}`);
    out[name] = value;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const flag = /^--([a-z][a-z-]*)(?:=(.*))?$/is.exec(token);
    if (flag) {
      const spec = byName.get(flag[1]!.toLowerCase());
      if (!spec) {
        const near = suggest(flag[1]!.toLowerCase(), specs.map((s) => s.name));
        throw new UserError('invalid_options', `Unknown option --${flag[1]}. Usage: ${command.usage}`, near);
      }
      if (flag[2] !== undefined) set(spec.name, flag[2]);
      else if (spec.type === 'boolean' && (i + 1 >= tokens.length || !/^(true|false|yes|no|on|off|1|0)$/i.test(tokens[i + 1]!))) set(spec.name, true);
      else if (i + 1 < tokens.length) set(spec.name, tokens[++i]!);
      else throw new UserError('invalid_options', `--${spec.name} needs a value. Usage: ${command.usage}`);
      continue;
    }
    const named = /^([a-z][a-z_-]*)[:=](.*)$/is.exec(token);
    const spec = named ? byName.get(named[1]!.toLowerCase()) : undefined;
    if (named && spec) {
      set(spec.name, named[2]!);
      continue;
    }
    words.push(token);
  }
  let chosen: string | undefined;
  if (sub) {
    const given = out[sub.name];
    if (typeof given === 'string') {
      // `action:ls` means what `ls` means; anything else is left for the schema to refuse.
      chosen = subcommandNamed(sub, given);
      if (chosen) out[sub.name] = chosen;
    } else if (words.length > 0) {
      chosen = subcommandNamed(sub, words[0]!);
      if (chosen) {
        set(sub.name, chosen);
        words.shift();
      } else if (!positionalFor(command, specs, undefined)) {
        const word = words[0]!.slice(0, 40);
        throw new UserError('invalid_options', `"${word}" is not an action of ${command.name}; use ${sub.choices!.join(', ')}. Usage: ${command.usage}`, suggest(word.toLowerCase(), sub.choices!));
      }
    }
  }
  if (words.length > 0) {
    const positional = positionalFor(command, specs, chosen);
    const what = chosen ? `${command.name} ${chosen}` : command.name;
    if (!positional) throw new UserError('invalid_options', `${what} takes no free text ("${words.join(' ').slice(0, 60)}"). Usage: ${command.usage}`);
    set(positional.name, words.join(' '));
  }
  return out;
}

/** `"/who Shoigu"` → `{ name: "who", rest: "Shoigu" }`. */
export function splitCommandLine(line: string): { name: string; rest: string } {
  const trimmed = line.trim().replace(/^\//, '');
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return m ? { name: m[1]!.toLowerCase(), rest: m[2]! } : { name: '', rest: '' };
}

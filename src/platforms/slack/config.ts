/**
 * Slack settings from the environment (zod), failing with one readable message that names every bad
 * variable and where to find its value, and never echoes a secret.
 *
 * Socket Mode when SLACK_APP_TOKEN is set; HTTP mode (PORT, /slack/events, SLACK_SIGNING_SECRET) otherwise.
 */
import { z } from 'zod';
import type { AnyCommand } from '../../commands/command.ts';
import { ConfigError } from '../../config.ts';
import { SLACK_LIMITS } from '../../render/limits.ts';

/** Where HTTP mode receives commands and button clicks. */
export const EVENTS_PATH = '/slack/events';

export interface SlackCommandNames {
  /** The umbrella command, e.g. `/brief`: its first word names the command (`/brief who Shoigu`). */
  umbrella: string;
  /** Direct commands, slash → command name, e.g. `/timeline` → `timeline`. */
  direct: Map<string, string>;
}

export interface SlackConfig {
  botToken: string;
  /** Set: Socket Mode. Unset: HTTP mode. */
  appToken?: string;
  signingSecret?: string;
  /** HTTP mode: the port of /slack/events (0 picks a free one). */
  port: number;
  /** Web API base, ending in `/`. */
  apiUrl?: string;
  commands: SlackCommandNames;
  rateLimit: { burst: number; perMinute: number };
}

// Slack's own commands; an app cannot register these names.
const BUILT_IN_COMMANDS = new Set(
  'active apps archive away call collapse dm expand feed feedback giphy invite join kick leave me msg mute open prefs remind remove rename search shortcuts shrug star status topic who'
    .split(' ')
    .map((c) => `/${c}`),
);

const SLASH = /^\/[a-z0-9][a-z0-9_-]*$/;

const text = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => v || undefined);

function slashName(value: string): string {
  return value.startsWith('/') ? value.toLowerCase() : `/${value.toLowerCase()}`;
}

function slashProblem(slash: string): string | undefined {
  if (slash.length > SLACK_LIMITS.slashCommandName) return `${slash} is longer than ${SLACK_LIMITS.slashCommandName} characters`;
  if (!SLASH.test(slash)) return `${slash} is not a valid command name (lower-case letters, digits, - and _)`;
  if (BUILT_IN_COMMANDS.has(slash)) return `${slash} is one of Slack's built-in commands, which an app cannot take`;
  return undefined;
}

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const schema = z
  .object({
    SLACK_BOT_TOKEN: text.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be the Bot User OAuth Token, starting with xoxb- (app settings → OAuth & Permissions)',
    }),
    SLACK_APP_TOKEN: text.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an App-Level Token with connections:write, starting with xapp- (app settings → Basic Information → App-Level Tokens)',
    }),
    SLACK_SIGNING_SECRET: text,
    PORT: integer(3000, 0, 65535),
    SLACK_API_URL: text.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), { message: 'must be an http(s) URL' }),
    SLACK_COMMAND: text,
    SLACK_DIRECT_COMMANDS: z.string().optional(),
    SLACK_RATE_LIMIT_BURST: integer(5, 1, 1000),
    SLACK_RATE_LIMIT_PER_MINUTE: integer(20, 1, 6000),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required: the Bot User OAuth Token (xoxb-…) from app settings → OAuth & Permissions' });
    }
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message:
          'is required for Socket Mode (app settings → Basic Information → App-Level Tokens, scope connections:write); ' +
          'or set SLACK_SIGNING_SECRET (Basic Information → App Credentials) to receive requests over HTTP on PORT',
      });
    }
  });

/** True when any Slack variable is set: `npm start` then starts Slack (and reports what is missing). */
export function slackConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'].some((k) => (env[k] ?? '').trim() !== '');
}

function fail(problems: string[]): never {
  throw new ConfigError(`Slack configuration problem:\n${problems.map((p) => `  ${p}`).join('\n')}\nSee .env.example and README ("Slack").`);
}

function commandNames(env: NodeJS.ProcessEnv, commands: readonly AnyCommand[]): { names: SlackCommandNames; problems: string[] } {
  const problems: string[] = [];
  const known = new Set(commands.map((c) => c.name));
  const umbrella = slashName(env.SLACK_COMMAND?.trim() || '/brief');
  const umbrellaProblem = slashProblem(umbrella);
  if (umbrellaProblem) problems.push(`SLACK_COMMAND: ${umbrellaProblem}`);
  const direct = new Map<string, string>();
  const list = env.SLACK_DIRECT_COMMANDS ?? 'timeline,claims,ask';
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [left, right] = entry.includes('=') ? entry.split('=', 2).map((s) => s.trim()) : [entry, entry];
    const slash = slashName(left!);
    const name = right!.replace(/^\//, '').toLowerCase();
    const problem = !known.has(name)
      ? `"${name}" is not a command (commands: ${[...known].join(', ')})`
      : (slashProblem(slash) ?? (slash === umbrella || direct.has(slash) ? `${slash} is used twice` : undefined));
    if (problem) problems.push(`SLACK_DIRECT_COMMANDS: ${problem}`);
    else direct.set(slash, name);
  }
  if (direct.size + 1 > SLACK_LIMITS.slashCommandsPerApp) problems.push(`SLACK_DIRECT_COMMANDS: an app has at most ${SLACK_LIMITS.slashCommandsPerApp} commands`);
  return { names: { umbrella, direct }, problems };
}

/**
 * The command names, read on their own so that `slack-manifest` needs no tokens.
 * SLACK_COMMAND (default /brief); SLACK_DIRECT_COMMANDS, a comma list of `name` or `/slash=name`
 * (default `timeline,claims,ask`; empty for none).
 */
export function readSlackCommandNames(env: NodeJS.ProcessEnv, commands: readonly AnyCommand[]): SlackCommandNames {
  const { names, problems } = commandNames(env, commands);
  if (problems.length) fail(problems);
  return names;
}

export function readSlackConfig(env: NodeJS.ProcessEnv, commands: readonly AnyCommand[]): SlackConfig {
  const parsed = schema.safeParse(env);
  const { names, problems } = commandNames(env, commands);
  if (!parsed.success) problems.unshift(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (!parsed.success || problems.length) fail(problems);
  const c = parsed.data;
  return {
    botToken: c.SLACK_BOT_TOKEN!,
    appToken: c.SLACK_APP_TOKEN,
    signingSecret: c.SLACK_SIGNING_SECRET,
    port: c.PORT,
    apiUrl: c.SLACK_API_URL ? c.SLACK_API_URL.replace(/\/?$/, '/') : undefined,
    commands: names,
    rateLimit: { burst: c.SLACK_RATE_LIMIT_BURST, perMinute: c.SLACK_RATE_LIMIT_PER_MINUTE },
  };
}

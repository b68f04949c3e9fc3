/**
 * Process-wide guards for the long-running modes (`start`, `console`): an unhandled rejection or an
 * uncaught exception is logged with its error and counted (see /healthz), and the service keeps running.
 *
 * Why not crash: the rejections seen in practice come from inside client libraries and concern one
 * connection, e.g. @slack/socket-mode rejecting a reconnection nobody awaits when apps.connections.open
 * answers invalid_auth (slackapi/node-slack-sdk#2656), which by Node's default takes the whole bot down,
 * Discord and all. Node warns that state after an uncaught exception may be inconsistent, so /healthz reports
 * the service degraded from then on, and a supervisor can restart it at a quiet moment.
 *
 * One-shot CLI commands do not install these: there a failure must end the command with a non-zero code.
 */
import { inspect } from 'node:util';
import type { ProcessIncidents } from '../health/health.ts';
import { logger as rootLogger } from '../log.ts';

interface ErrorLogger {
  error(obj: object, msg: string): void;
}

const counts: ProcessIncidents = { unhandledRejections: 0, uncaughtExceptions: 0 };
let installed: { log: ErrorLogger } | undefined;

/** How many incidents the guards have seen since the process started. */
export function processIncidents(): ProcessIncidents {
  return { ...counts };
}

/** Installs the guards once; later calls keep the first logger. */
export function installProcessGuards(log: ErrorLogger = rootLogger): void {
  if (installed) return;
  installed = { log };
  // Under `error`, not pino's `err`: its serializer would re-describe the already safe object (type "Object").
  process.on('unhandledRejection', (reason) => {
    counts.unhandledRejections += 1;
    installed!.log.error({ error: safeError(reason), incident: 'unhandledRejection', count: counts.unhandledRejections }, 'unhandled rejection (logged; the service keeps running)');
  });
  process.on('uncaughtException', (err, origin) => {
    counts.uncaughtExceptions += 1;
    installed!.log.error({ error: safeError(err), incident: origin, count: counts.uncaughtExceptions }, 'uncaught exception (logged; the service keeps running, reported degraded)');
  });
}

// Slack tokens by shape; other secrets by their value in the environment (see `secretValues`).
const SECRET_SHAPES = [/xox[a-z]-[A-Za-z0-9-]+/g, /xapp-[A-Za-z0-9-]+/g];

function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([key, value]) => /(TOKEN|SECRET|PASSWORD|KEY)$/i.test(key) && typeof value === 'string' && value.trim().length >= 6)
    .map(([, value]) => value!.trim());
}

export function scrubText(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const secret of secretValues(env)) out = out.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]');
  return out;
}

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  /** A platform's own error word (Slack's `data.error`, Discord's numeric code), when there is one. */
  platformError?: string;
  cause?: SafeError;
}

/**
 * What is logged of a rejection reason or an exception: type, message, stack, codes and causes, with secret
 * values scrubbed wherever they appear. Nothing else is copied: client library errors can carry whole requests
 * and responses in their fields, which a generic serializer would print.
 */
export function safeError(value: unknown, env: NodeJS.ProcessEnv = process.env, depth = 0): SafeError {
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; data?: { error?: unknown }; rawError?: { code?: unknown } };
    const platform = e.data?.error ?? e.rawError?.code;
    return {
      type: e.constructor?.name || e.name,
      message: scrubText(e.message, env),
      ...(e.stack ? { stack: scrubText(e.stack, env) } : {}),
      ...(e.code !== undefined ? { code: scrubText(String(e.code), env) } : {}),
      ...(platform !== undefined ? { platformError: scrubText(String(platform), env) } : {}),
      ...(e.cause !== undefined && depth < 3 ? { cause: safeError(e.cause, env, depth + 1) } : {}),
    };
  }
  // Libraries reject with undefined, strings or plain objects too; describe them without walking deep.
  return { type: value === null ? 'null' : typeof value, message: scrubText(inspect(value, { depth: 2, breakLength: Infinity }), env) };
}

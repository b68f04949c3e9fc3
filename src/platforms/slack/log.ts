/**
 * Bolt's logger interface on top of our pino logger, with every secret scrubbed from what Bolt and its
 * clients write: tokens (xoxb-, xapp-, …), the signing secret, response_url addresses (each one lets
 * anyone post into the conversation for 30 minutes) and Socket Mode connection tickets. At debug level
 * the Socket Mode client logs whole payloads; this is what keeps them safe to collect.
 */
import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const SECRET_PATTERNS = [
  /xox[a-z]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /https?:\/\/[^\s"'<>]*\/(?:commands|actions|services)\/[^\s"'<>]+/g,
  /ticket=[^&\s"']+/g,
];

export const REDACTED = '[redacted]';

export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

function boltLevelOf(pinoLevel: string): LogLevel {
  if (pinoLevel === 'trace' || pinoLevel === 'debug') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

export function boltLogger(log: Logger, secrets: readonly (string | undefined)[]): BoltLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]): void => {
    if (!log.isLevelEnabled(level)) return;
    log[level](scrubSecrets(format(...msg), secrets));
  };
  return {
    debug: (...msg) => write('debug', msg),
    info: (...msg) => write('info', msg),
    warn: (...msg) => write('warn', msg),
    error: (...msg) => write('error', msg),
    // Our LOG_LEVEL decides; Bolt's attempts to set its own are ignored.
    setLevel: () => {},
    getLevel: () => boltLevelOf(log.level),
    setName: () => {},
  };
}

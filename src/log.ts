/**
 * The one logger. JSON lines on stderr (stdout is for replies in the CLI and console);
 * secrets are redacted by key wherever they appear in a logged object.
 */
import pino from 'pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// An unknown or empty LOG_LEVEL must not crash the import: config.ts reports it readably at start-up.
const requested = process.env.LOG_LEVEL?.trim();

export const logger = pino(
  {
    level: requested && LEVELS.includes(requested) ? requested : process.env.VITEST ? 'silent' : 'info',
    redact: {
      paths: ['token', 'botToken', 'appToken', 'signingSecret', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  },
  pino.destination(2),
);

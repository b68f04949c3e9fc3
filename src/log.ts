/**
 * The one logger. JSON lines on stderr (stdout is for replies in the CLI and console);
 * secrets are redacted by key wherever they appear in a logged object.
 */
import pino from 'pino';

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
    redact: {
      paths: ['token', 'botToken', 'appToken', 'signingSecret', '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  },
  pino.destination(2),
);

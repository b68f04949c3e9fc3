/**
 * Environment → typed configuration. Fails fast with one readable message naming every bad variable.
 * A `.env` file in the working directory is read first when present (Node's own loader, no dependency).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_BRIEFINGS_DIR = resolve(PROJECT_ROOT, 'briefings');

const optional = z
  .string()
  .transform((v) => v.trim() || undefined)
  .optional();

const configSchema = z.object({
  BRIEFINGS_DIR: optional,
  LOG_LEVEL: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

export interface Config {
  briefingsDir: string;
  logLevel: string;
}

export class ConfigError extends Error {}

export function loadDotEnv(file = resolve(process.cwd(), '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration problem:\n${lines.join('\n')}\nSee .env.example.`);
  }
  const c = parsed.data;
  return {
    briefingsDir: c.BRIEFINGS_DIR ? resolve(c.BRIEFINGS_DIR) : DEFAULT_BRIEFINGS_DIR,
    logLevel: c.LOG_LEVEL,
  };
}

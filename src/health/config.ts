/**
 * HEALTH_PORT / HEALTH_HOST: an optional server of its own for /healthz, for deployments with no HTTP port
 * of their own (Slack Socket Mode, Discord only). Slack's HTTP mode always serves /healthz on PORT.
 */
import { z } from 'zod';
import { ConfigError } from '../config.ts';

export interface HealthConfig {
  /** Unset: no server of its own. 0 picks a free port (logged). */
  port?: number;
  /** Loopback by default: a health endpoint is for the machine's own supervisor unless said otherwise. */
  host: string;
}

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  HEALTH_PORT: z.preprocess(blank, z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(0, 'must be from 0 to 65535').max(65535, 'must be from 0 to 65535').optional()),
  HEALTH_HOST: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0')
      .default('127.0.0.1'),
  ),
});

export function readHealthConfig(env: NodeJS.ProcessEnv = process.env): HealthConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Health endpoint configuration problem:\n${lines.join('\n')}\nSee .env.example and the README ("Health").`);
  }
  return { port: parsed.data.HEALTH_PORT, host: parsed.data.HEALTH_HOST };
}

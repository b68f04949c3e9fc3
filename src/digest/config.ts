/**
 * Digest settings from the environment (zod), failing fast with one readable message like src/config.ts.
 * Documented in .env.example and the README's "Digests" section.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config.ts';
import { isDigestPlatform, type DigestPlatform } from './channel.ts';
import { canonicalTimeZone } from './timezone.ts';

export const DIGEST_DB_FILE = 'digests.sqlite';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const seconds = (fallback: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int('must be a whole number of seconds').min(min).max(max).default(fallback));

const digestEnvSchema = z.object({
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DIGEST_TIMEZONE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('UTC')
      .transform((tz, ctx) => {
        const canonical = canonicalTimeZone(tz);
        if (!canonical) ctx.addIssue({ code: 'custom', message: `"${tz}" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC)` });
        return canonical ?? tz;
      }),
  ),
  // Below a minute the schedule checks would be meaningless: node-cron's own resolution is one second.
  DIGEST_MIN_INTERVAL_S: seconds(3600, 60, 31 * 86400),
  DIGEST_CATCHUP_S: seconds(21600, 0, 7 * 86400),
  DIGEST_MAX_ATTEMPTS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10).default(5)),
  DIGEST_ADMINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((raw, ctx) => {
        const entries = raw.split(/[\s,]+/).filter(Boolean);
        const admins: string[] = [];
        for (const entry of entries) {
          const m = /^([a-z]+):(\S+)$/i.exec(entry);
          const platform = m?.[1]?.toLowerCase();
          if (!m || !isDigestPlatform(platform)) {
            ctx.addIssue({ code: 'custom', message: `"${entry}" is not platform:userId (e.g. slack:U012AB3CD, discord:123456789012345678)` });
            continue;
          }
          admins.push(`${platform}:${m[2]}`);
        }
        return admins;
      }),
  ),
});

export interface DigestConfig {
  /** Folder of the SQLite database (created on first start). */
  dataDir: string;
  dbFile: string;
  /** Time zone of new subscriptions that name none. */
  defaultTimeZone: string;
  /** Schedules whose consecutive runs can come closer than this are refused. */
  minIntervalS: number;
  /** A slot missed while the bot was down is caught up (once) when it is at most this old. */
  catchUpS: number;
  /** Attempts at one digest on retryable errors (429, 5xx, network) before the slot counts as failed. */
  maxAttempts: number;
  /** `platform:userId` entries allowed to change subscriptions besides channel managers. */
  admins: ReadonlySet<string>;
}

export function readDigestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  const parsed = digestEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration problem (digests):\n${lines.join('\n')}\nSee .env.example.`);
  }
  const c = parsed.data;
  const dataDir = resolve(c.DATA_DIR);
  return {
    dataDir,
    dbFile: resolve(dataDir, DIGEST_DB_FILE),
    defaultTimeZone: c.DIGEST_TIMEZONE,
    minIntervalS: c.DIGEST_MIN_INTERVAL_S,
    catchUpS: c.DIGEST_CATCHUP_S,
    maxAttempts: c.DIGEST_MAX_ATTEMPTS,
    admins: new Set(c.DIGEST_ADMINS),
  };
}

export function isDigestAdmin(config: Pick<DigestConfig, 'admins'>, platform: DigestPlatform | string, userId: string | undefined): boolean {
  return userId !== undefined && config.admins.has(`${platform}:${userId}`);
}

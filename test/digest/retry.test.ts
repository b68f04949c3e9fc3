import { describe, expect, it } from 'vitest';
import { asDeliveryError, DeliveryError } from '../../src/digest/channel.ts';
import { ConfigError } from '../../src/config.ts';
import { readDigestConfig } from '../../src/digest/config.ts';
import { DEFAULT_RETRY_POLICY, postWithRetry, retryDelay } from '../../src/digest/retry.ts';

const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 };

describe('retry delays', () => {
  it('grows exponentially with jitter, capped', () => {
    const e = DeliveryError.serverError(503);
    expect([1, 2, 3].map((n) => retryDelay(e, n, policy, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => retryDelay(e, n, policy, () => 1))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(e, 20, policy, () => 1)).toBe(policy.maxDelayMs);
  });

  it('never waits less than Retry-After', () => {
    for (const r of [0, 0.5, 0.999]) expect(retryDelay(DeliveryError.rateLimited(7000), 1, policy, () => r)).toBeGreaterThanOrEqual(7000);
    expect(retryDelay(DeliveryError.rateLimited(undefined), 1, policy, () => 0)).toBe(500);
    expect(retryDelay(DeliveryError.rateLimited(policy.maxRetryAfterMs + 1), 1, policy, () => 0)).toBeUndefined();
  });

  it('does not retry permanent errors, and treats unclassified ones as permanent', () => {
    expect(retryDelay(DeliveryError.notInChannel(), 1, policy, () => 0)).toBeUndefined();
    expect(asDeliveryError(new TypeError('boom'))).toMatchObject({ kind: 'permanent', code: 'unclassified', message: 'boom' });
  });
});

describe('postWithRetry', () => {
  const run = async (script: Array<Error | 'ok'>) => {
    const sleeps: number[] = [];
    let calls = 0;
    const outcome = await postWithRetry(
      async () => {
        const next = script[calls++] ?? 'ok';
        if (next === 'ok') return { messageId: `m${calls}` };
        throw next;
      },
      { policy, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    return { outcome, sleeps, calls };
  };

  it('stops at the first success', async () => {
    expect(await run([DeliveryError.network('reset'), 'ok'])).toMatchObject({ outcome: { ok: true, messageId: 'm2', attempts: 2 }, calls: 2 });
  });

  it('gives up after maxAttempts', async () => {
    const { outcome, calls, sleeps } = await run(Array.from({ length: 9 }, () => DeliveryError.serverError(500)));
    expect(outcome).toMatchObject({ ok: false, attempts: 4, gaveUp: 'attempts' });
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('gives up at once on a permanent error', async () => {
    expect(await run([DeliveryError.missingAccess()])).toMatchObject({ outcome: { ok: false, attempts: 1, gaveUp: 'permanent' }, sleeps: [] });
  });
});

describe('digest configuration', () => {
  it('has defaults', () => {
    const c = readDigestConfig({});
    expect(c).toMatchObject({ defaultTimeZone: 'UTC', minIntervalS: 3600, catchUpS: 21600, maxAttempts: 5 });
    expect(c.dbFile).toMatch(/data[\\/]digests\.sqlite$/);
    expect([...c.admins]).toEqual([]);
  });

  it('reads every variable', () => {
    const c = readDigestConfig({ DATA_DIR: '/tmp/x', DIGEST_TIMEZONE: 'europe/paris', DIGEST_MIN_INTERVAL_S: '7200', DIGEST_CATCHUP_S: '0', DIGEST_MAX_ATTEMPTS: '3', DIGEST_ADMINS: 'slack:U1, Discord:123 ' });
    expect(c).toMatchObject({ dataDir: '/tmp/x', defaultTimeZone: 'Europe/Paris', minIntervalS: 7200, catchUpS: 0, maxAttempts: 3 });
    expect([...c.admins]).toEqual(['slack:U1', 'discord:123']);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      readDigestConfig({ DIGEST_TIMEZONE: 'Moon/Base', DIGEST_MIN_INTERVAL_S: '10', DIGEST_ADMINS: 'U1' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/DIGEST_TIMEZONE: "Moon\/Base" is not an IANA time zone/);
    expect(message).toMatch(/DIGEST_MIN_INTERVAL_S/);
    expect(message).toMatch(/DIGEST_ADMINS: "U1" is not platform:userId/);
  });
});

describe('idempotency keys', () => {
  it('fit a Discord nonce and tell subscriptions, slots and send-now apart', async () => {
    const { idempotencyKey } = await import('../../src/digest/scheduler.ts');
    const { DISCORD_LIMITS } = await import('../../src/render/limits.ts');
    const far = Date.parse('2999-12-31T23:59:59Z');
    expect(idempotencyKey(999_999_999, true, far).length).toBeLessThanOrEqual(DISCORD_LIMITS.nonce);
    const keys = new Set([idempotencyKey(1, false, 1000), idempotencyKey(1, true, 1000), idempotencyKey(2, false, 1000), idempotencyKey(1, false, 2000), idempotencyKey(11, false, 1000)]);
    expect(keys.size).toBe(5);
  });
});

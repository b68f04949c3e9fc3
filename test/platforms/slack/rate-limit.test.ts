import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/platforms/slack/rate-limit.ts';

describe('per-user rate limit', () => {
  it('allows a burst, tells the user once, then refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 6, () => now); // a token every 10 s
    expect([1, 2, 3].map(() => limiter.take('u').allowed)).toEqual([true, true, true]);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterSeconds: 10, notify: true });
    expect(limiter.take('u')).toMatchObject({ allowed: false, notify: false });
    expect(limiter.take('someone else').allowed).toBe(true);
    now = 9_000;
    expect(limiter.take('u')).toMatchObject({ allowed: false, retryAfterSeconds: 1, notify: false });
    now = 10_000;
    expect(limiter.take('u').allowed).toBe(true);
    expect(limiter.take('u')).toMatchObject({ allowed: false, notify: true });
  });

  it('forgets users whose bucket is full again, keeping memory bounded', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60, () => now); // full again one second after a request
    for (let i = 0; i < 10_001; i++) limiter.take(`early-${i}`);
    expect(limiter.size).toBe(10_001); // all still active: nothing to forget yet
    now = 60_000;
    for (let i = 0; i < 10_002; i++) limiter.take(`late-${i}`);
    // Pruning waited for the map to double, then dropped every idle early user.
    expect(limiter.size).toBe(10_002);
  });
});

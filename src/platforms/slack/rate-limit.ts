/**
 * Per-user rate limit: a token bucket of `burst` requests that refills at `perMinute`. A refused user is
 * told once ("slow down"), then refused quietly until a request is allowed again, so a flood of clicks
 * does not become a flood of messages. Memory stays bounded: a full bucket is the same as no bucket,
 * so full ones are dropped whenever the map grows large.
 */

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; notify: boolean };

interface Bucket {
  tokens: number;
  updatedMs: number;
  notified: boolean;
}

const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private pruneAt = PRUNE_AT;

  constructor(
    private readonly burst: number,
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) this.refill(bucket, now);
    else {
      if (this.buckets.size >= this.pruneAt) this.prune(now);
      bucket = { tokens: this.burst, updatedMs: now, notified: false };
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.notified = false;
      return { allowed: true };
    }
    const notify = !bucket.notified;
    bucket.notified = true;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)), notify };
  }

  /** Buckets kept (for tests of the bound). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): Bucket {
    const elapsed = Math.max(0, now - bucket.updatedMs);
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.refillPerMs);
    bucket.updatedMs = now;
    return bucket;
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refill(bucket, now).tokens >= this.burst) this.buckets.delete(key);
    }
    // When most users are active, pruning again soon would free little: wait until the map doubles.
    this.pruneAt = Math.max(PRUNE_AT, this.buckets.size * 2);
  }
}

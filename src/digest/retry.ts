/**
 * Posting one digest with retries: exponential backoff with jitter on retryable errors, the platform's
 * Retry-After honoured on rate limits, no retry on permanent errors. Sleep and randomness are injected so
 * tests run without waiting and can check every delay.
 */
import { asDeliveryError, type DeliveryError } from './channel.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the attempt for this slot instead of holding it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
};

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delay before retry number `retry` (1 = the first retry), or undefined to give up.
 * Backoff: base·2^(retry-1), capped, with "equal jitter" (half fixed, half random) so that many channels
 * failing together do not retry in step. Rate limits: the platform's Retry-After plus up to 10% jitter
 * (at most a second), never less than it asked for.
 */
export function retryDelay(error: DeliveryError, retry: number, policy: RetryPolicy, random: () => number): number | undefined {
  if (!error.retryable) return undefined;
  if (error.retryAfterMs !== undefined && error.retryAfterMs >= 0) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
    return error.retryAfterMs + Math.floor(random() * Math.min(1000, error.retryAfterMs * 0.1));
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(exponential / 2 + random() * (exponential / 2));
}

export type AttemptOutcome = { ok: true; messageId: string; attempts: number } | { ok: false; error: DeliveryError; attempts: number; gaveUp: 'permanent' | 'attempts' | 'retry-after' | 'stopped' };

export interface RetryOptions {
  policy: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  /** Called after each failed attempt that will be retried, with the delay about to be slept. */
  onRetry?: (error: DeliveryError, attempt: number, delayMs: number) => void;
  /** False once the bot is shutting down: the retry in waiting is abandoned. */
  shouldContinue?: () => boolean;
}

export async function postWithRetry(post: () => Promise<{ messageId: string }>, options: RetryOptions): Promise<AttemptOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { messageId } = await post();
      return { ok: true, messageId, attempts: attempt };
    } catch (err) {
      const error = asDeliveryError(err);
      if (!error.retryable) return { ok: false, error, attempts: attempt, gaveUp: 'permanent' };
      if (attempt >= options.policy.maxAttempts) return { ok: false, error, attempts: attempt, gaveUp: 'attempts' };
      const delay = retryDelay(error, attempt, options.policy, options.random);
      if (delay === undefined) return { ok: false, error, attempts: attempt, gaveUp: 'retry-after' };
      options.onRetry?.(error, attempt, delay);
      await options.sleep(delay);
      if (options.shouldContinue && !options.shouldContinue()) return { ok: false, error, attempts: attempt, gaveUp: 'stopped' };
    }
  }
}

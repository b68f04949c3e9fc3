/**
 * The seam between digests and a chat platform. The Slack and Discord adapters implement `DigestChannel`
 * (render the Reply within the platform's limits, post it as one message) and classify every failure as a
 * `DeliveryError`: retryable (rate limit, 5xx, network) or permanent (channel gone, not in it, no access).
 * Nothing here knows a platform SDK.
 */
import type { Reply } from '../reply/reply.ts';

export const DIGEST_PLATFORMS = ['slack', 'discord'] as const;
export type DigestPlatform = (typeof DIGEST_PLATFORMS)[number];

export function isDigestPlatform(value: string | undefined): value is DigestPlatform {
  return (DIGEST_PLATFORMS as readonly string[]).includes(value ?? '');
}

export interface PostContext {
  /** Slack workspace (team) or Discord server (guild) of the channel; '' when the platform has none. */
  spaceId: string;
  /**
   * The same for every attempt at one digest (subscription + slot). An adapter whose platform can refuse a
   * repeated post uses it (Discord: message `nonce` with `enforce_nonce`), which closes the window where a
   * request reached the platform but its answer was lost. At most 25 characters (Discord's nonce limit).
   */
  idempotencyKey: string;
}

export interface DigestChannel {
  readonly platform: DigestPlatform;
  /**
   * Posts the digest to the channel as ONE message and resolves once the platform has confirmed it.
   * The reply is already bounded by the composer; the adapter still renders within its limits (truncating
   * with a note rather than splitting into several messages, so one slot is one message).
   * Throws a DeliveryError; any other error is treated as an unclassified permanent failure for this slot.
   */
  post(channelId: string, reply: Reply, context: PostContext): Promise<{ messageId: string }>;
}

/** Where a platform hands over its DigestChannel when it starts (`DigestRuntime` in npm start). */
export interface DigestChannelRegistry {
  addChannel(channel: DigestChannel): void;
}

export type DeliveryErrorKind = 'retryable' | 'permanent';

export interface DeliveryErrorOptions {
  /** From the platform's Retry-After (HTTP header or `retry_after` in the body), in milliseconds. */
  retryAfterMs?: number;
  /** HTTP status when there was one. */
  status?: number;
  cause?: unknown;
}

/** Why a post failed, in terms the scheduler acts on. Adapters map their platform's answers onto it. */
export class DeliveryError extends Error {
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(
    readonly kind: DeliveryErrorKind,
    /** Short stable code shown in `digest list` and logs: rate_limited, server_error, channel_not_found… */
    readonly code: string,
    message: string,
    options: DeliveryErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }

  get retryable(): boolean {
    return this.kind === 'retryable';
  }

  /** HTTP 429 / Slack `ratelimited` / Discord rate limit. */
  static rateLimited(retryAfterMs: number | undefined, message = 'rate limited by the platform'): DeliveryError {
    return new DeliveryError('retryable', 'rate_limited', message, { retryAfterMs, status: 429 });
  }

  /** HTTP 5xx, Slack `internal_error`/`fatal_error`/`service_unavailable`. */
  static serverError(status: number | undefined, message = 'the platform had a server error'): DeliveryError {
    return new DeliveryError('retryable', 'server_error', message, { status });
  }

  /** Connection refused or reset, DNS failure, timeout. */
  static network(message: string, cause?: unknown): DeliveryError {
    return new DeliveryError('retryable', 'network', message, { cause });
  }

  /** Slack `channel_not_found`/`is_archived`, Discord 10003 Unknown Channel. */
  static channelGone(message = 'the channel no longer exists or was archived'): DeliveryError {
    return new DeliveryError('permanent', 'channel_not_found', message);
  }

  /** Slack `not_in_channel`. */
  static notInChannel(message = 'the bot is not a member of the channel'): DeliveryError {
    return new DeliveryError('permanent', 'not_in_channel', message);
  }

  /** Slack `missing_scope`/`restricted_action`, Discord 50001 Missing Access / 50013 Missing Permissions. */
  static missingAccess(message = 'the bot may not post in this channel'): DeliveryError {
    return new DeliveryError('permanent', 'missing_access', message);
  }

  static permanent(code: string, message: string, options: DeliveryErrorOptions = {}): DeliveryError {
    return new DeliveryError('permanent', code, message, options);
  }

  static retryableError(code: string, message: string, options: DeliveryErrorOptions = {}): DeliveryError {
    return new DeliveryError('retryable', code, message, options);
  }
}

/**
 * Errors that are not DeliveryErrors are adapter bugs or conditions it did not classify. Treating them as
 * permanent for the slot is the safe side: a blind retry of a post whose outcome is unknown can duplicate it,
 * and the subscription shows as failing in `digest list` with the message, and is tried again next slot.
 */
export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('permanent', 'unclassified', message || 'unexpected error', { cause: err });
}

/** "channel_not_found: the channel no longer exists (permanent)" — how a failure reads in list and logs. */
export function describeDeliveryError(err: DeliveryError): string {
  return `${err.code}: ${err.message} (${err.kind})`;
}

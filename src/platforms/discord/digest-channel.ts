/**
 * Scheduled digests into Discord channels: one `POST /channels/:id/messages` per digest, one embed drawn as
 * ONE message, `allowed_mentions: {parse: []}`, confirmed by the message Discord returns.
 *
 * It has its own REST client, separate from the gateway client's: no retries of its own (`retries: 0`) and
 * rate limits rejected rather than waited out (`rejectOnRateLimit`), so the scheduler's retry loop is the only
 * one (each attempt recorded, Retry-After honoured once, a shutdown cuts the wait short), while interaction
 * answers keep discord.js's usual retries. Every attempt at one digest carries the same `nonce` with
 * `enforce_nonce: true`: if an attempt reached Discord but its answer was lost, the retry gets the message
 * already created instead of posting a second one (docs/adr/0001).
 */
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes, type RESTPostAPIChannelMessageJSONBody, type RESTPostAPIChannelMessageResult } from 'discord.js';
import { DeliveryError, type DigestChannel } from '../../digest/channel.ts';
import { noMentions, renderDiscordMessages, type DiscordMessage } from '../../render/discord.ts';
import { DISCORD_LIMITS } from '../../render/limits.ts';
import { renderOneMessage } from '../../render/one-message.ts';
import type { Reply } from '../../reply/reply.ts';
import type { DiscordConfig } from './config.ts';

/** A post that has had no answer after this long counts as a network failure (retried, with the same nonce). */
export const DIGEST_POST_TIMEOUT_MS = 15_000;

/** Discord JSON error codes that decide a digest's fate. */
const CODES = { unknownChannel: 10003, missingAccess: 50001, missingPermissions: 50013, cannotSendInChannel: 50008, archivedThread: 50083 } as const;

/** The REST client digests post with (see the file comment). */
export function discordDigestRest(config: Pick<DiscordConfig, 'token' | 'apiUrl'>, timeoutMs = DIGEST_POST_TIMEOUT_MS): REST {
  return new REST({ version: '10', retries: 0, timeout: timeoutMs, rejectOnRateLimit: () => true, ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
}

/** The digest as one message; items that do not fit are counted in its footer. */
export function discordDigestMessage(reply: Reply): DiscordMessage {
  return renderOneMessage(reply, renderDiscordMessages, (omitted) => `${omitted} more ${omitted === 1 ? 'item does' : 'items do'} not fit in this message; /brief has the full briefings.`).message;
}

export function discordDigestChannel(rest: REST): DigestChannel {
  return {
    platform: 'discord',
    async post(channelId, reply, { idempotencyKey }) {
      if (idempotencyKey.length > DISCORD_LIMITS.nonce) throw DeliveryError.permanent('invalid_nonce', `the idempotency key is longer than Discord's ${DISCORD_LIMITS.nonce} characters`);
      const message = discordDigestMessage(reply);
      const body: RESTPostAPIChannelMessageJSONBody = { embeds: message.embeds, allowed_mentions: noMentions(), nonce: idempotencyKey, enforce_nonce: true };
      try {
        const created = (await rest.post(Routes.channelMessages(channelId), { body })) as RESTPostAPIChannelMessageResult;
        return { messageId: created.id };
      } catch (err) {
        throw classifyDiscordError(err);
      }
    },
  };
}

const NETWORK_CODES = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

/** The first `code` along an error's cause chain (undici wraps the socket error). */
function errorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** A REST failure as a DeliveryError (errors of @discordjs/rest 2: RateLimitError, HTTPError, DiscordAPIError). */
export function classifyDiscordError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    const wait = err.retryAfter > 0 ? err.retryAfter : err.timeToReset;
    return DeliveryError.rateLimited(Math.max(0, wait), `Discord rate limited the post${err.global ? ' (global limit)' : ''}`);
  }
  if (err instanceof HTTPError) {
    if (err.status >= 500) return DeliveryError.serverError(err.status, `Discord answered HTTP ${err.status}`);
    return DeliveryError.permanent(`http_${err.status}`, `Discord answered HTTP ${err.status}`, { status: err.status });
  }
  if (err instanceof DiscordAPIError) {
    const code = Number(err.code);
    if (err.status >= 500) return DeliveryError.serverError(err.status, `Discord answered HTTP ${err.status}`);
    if (code === CODES.unknownChannel) return DeliveryError.channelGone('Discord does not know this channel any more: it was deleted, or the bot was removed from the server');
    if (code === CODES.missingAccess) return DeliveryError.missingAccess('the bot cannot see this channel (Missing Access): give its role View Channel here');
    if (code === CODES.missingPermissions) return DeliveryError.missingAccess('the bot may not post here (Missing Permissions): give its role Send Messages and Embed Links in this channel');
    if (code === CODES.cannotSendInChannel) return DeliveryError.missingAccess('Discord does not take messages in this kind of channel');
    if (code === CODES.archivedThread) return DeliveryError.channelGone('the thread is archived');
    if (err.status === 401) return DeliveryError.permanent('unauthorized', "Discord refused the bot's token; check DISCORD_TOKEN", { status: 401 });
    return DeliveryError.permanent(`discord_${err.code}`, `Discord refused the post: ${err.message}`, { status: err.status });
  }
  const code = errorCode(err);
  const name = (err as { name?: string } | undefined)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return DeliveryError.network('no answer from Discord in time', err);
  if ((code && NETWORK_CODES.test(code)) || (err instanceof TypeError && /fetch failed/i.test(err.message))) return DeliveryError.network(`could not reach Discord (${code ?? (err as Error).message})`, err);
  const message = err instanceof Error ? err.message : String(err);
  return DeliveryError.permanent('unclassified', message || 'unexpected error', { cause: err });
}

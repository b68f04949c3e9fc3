/**
 * Scheduled digests into Slack channels: one `chat.postMessage` per digest, drawn in Block Kit as ONE
 * message, confirmed by the `ts` Slack returns. Every failure becomes a DeliveryError the scheduler acts on.
 *
 * The Web API client given here must not retry on its own (`retryConfig: {retries: 0}`) and must reject rate
 * limited calls (`rejectRateLimitedCalls: true`): the scheduler's retry loop is the only one, so each attempt
 * is recorded, Retry-After is honoured once, and a shutdown cuts the wait short. `slackDigestClient` makes it.
 *
 * Mentions: every piece of text is escaped by the Block Kit renderer (`<!channel>` and `<@U…>` arrive as
 * text) and its mrkdwn is `verbatim`, so a digest never pings anyone.
 */
import { webApi } from '@slack/bolt';
import { DeliveryError, type DigestChannel } from '../../digest/channel.ts';
import { renderSlackMessages } from '../../render/blockkit.ts';
import { renderOneMessage } from '../../render/one-message.ts';
import type { Reply } from '../../reply/reply.ts';

/** A post that has had no answer after this long counts as a network failure (retried). */
export const DIGEST_POST_TIMEOUT_MS = 15_000;

export interface SlackDigestChannelOptions {
  /** From `slackDigestClient`: no retries of its own, rate limits rejected. */
  client: webApi.WebClient;
  /** The bot's user name, for "/invite @name" in error messages. */
  botName: string;
  /** The umbrella slash command (`/brief`), named in the note of a digest cut short. */
  command: string;
}

/** A Web API client for calls whose retries we make ourselves (digests, role checks). */
export function slackDigestClient(token: string, options: webApi.WebClientOptions): webApi.WebClient {
  return new webApi.WebClient(token, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: DIGEST_POST_TIMEOUT_MS });
}

/** The digest as one Block Kit message; items that do not fit are counted in its footer. */
export function slackDigestMessage(reply: Reply, command: string) {
  return renderOneMessage(reply, (r) => renderSlackMessages(r), (omitted) => `${omitted} more ${omitted === 1 ? 'item does' : 'items do'} not fit in this message; ${command} has the full briefings.`).message;
}

export function slackDigestChannel(options: SlackDigestChannelOptions): DigestChannel {
  const { client, botName, command } = options;
  return {
    platform: 'slack',
    async post(channelId, reply) {
      const message = slackDigestMessage(reply, command);
      let result: webApi.ChatPostMessageResponse;
      try {
        result = await client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      } catch (err) {
        throw classifySlackError(err, { botName });
      }
      // ok: true is Slack's confirmation; the ts is the message's id (always there in practice).
      return { messageId: result.ts ?? 'unknown' };
    },
  };
}

const SERVER_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived']);
const NO_ACCESS = new Set(['missing_scope', 'restricted_action', 'restricted_action_read_only_channel', 'restricted_action_thread_only_channel', 'restricted_action_non_threadable_channel', 'ekm_access_denied', 'team_access_not_granted', 'not_allowed_token_type']);
const AUTH = new Set(['invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'not_authed', 'no_permission', 'org_login_required']);

interface SlackErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string; needed?: string; response_metadata?: { retryAfter?: number } };
  original?: Error & { cause?: { code?: string } };
  message?: string;
}

/**
 * A Web API failure as a DeliveryError. Read from @slack/web-api 7's errors by their `code` (ErrorCode), which
 * also holds when two copies of the library are installed and `instanceof` would fail.
 */
export function classifySlackError(err: unknown, context: { botName: string }): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as SlackErrorShape;
  const invite = `/invite @${context.botName}`;
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return DeliveryError.rateLimited(typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined, `Slack rate limited the post (Retry-After ${e.retryAfter ?? '?'} s)`);
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode;
      if (status !== undefined && status >= 500) return DeliveryError.serverError(status, `Slack answered HTTP ${status}`);
      if (status === 429) return DeliveryError.rateLimited(undefined, 'Slack rate limited the post');
      return DeliveryError.permanent(`http_${status ?? 'error'}`, `Slack answered HTTP ${status ?? '?'}`, { status });
    }
    case webApi.ErrorCode.RequestError: {
      // Retryable as agreed for digests. A refused connection never reached Slack; a timeout or a reset may
      // have, and Slack has no idempotency key, so its retry can (rarely) post the digest twice (docs/adr/0001).
      const original = e.original;
      const timedOut = original?.name === 'TimeoutError' || original?.name === 'AbortError';
      const reason = timedOut ? `no answer within ${DIGEST_POST_TIMEOUT_MS / 1000} s` : (original?.cause?.code ?? original?.message ?? 'request failed');
      return DeliveryError.network(`could not reach Slack (${reason})`, err);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (RATE_LIMITED.has(code)) {
        const seconds = e.data?.response_metadata?.retryAfter;
        return DeliveryError.rateLimited(seconds !== undefined ? seconds * 1000 : undefined, 'Slack rate limited the post');
      }
      if (SERVER_ERRORS.has(code)) return DeliveryError.serverError(undefined, `Slack had a server error (${code})`);
      if (code === 'not_in_channel') return DeliveryError.notInChannel(`the bot is not a member of this channel; invite it with ${invite}`);
      if (code === 'is_archived') return DeliveryError.channelGone('the channel is archived; unarchive it or remove this digest');
      // Slack also says channel_not_found for a private channel the bot was never invited to.
      if (CHANNEL_GONE.has(code)) return DeliveryError.channelGone(`Slack cannot find this channel for the bot: it was deleted, or it is private and the bot is not in it (invite it with ${invite})`);
      if (NO_ACCESS.has(code)) {
        const needed = code === 'missing_scope' && e.data?.needed ? ` (needs the ${e.data.needed} scope: reinstall the app from the manifest)` : '';
        return DeliveryError.missingAccess(`Slack does not let the bot post here: ${code}${needed}`);
      }
      if (AUTH.has(code)) return DeliveryError.permanent(code, `Slack refused the bot's token (${code}); check SLACK_BOT_TOKEN`);
      return DeliveryError.permanent(code, `Slack refused the post (${code})`);
    }
  }
  // A 429 without a usable Retry-After comes out of the client as a plain Error (see WebClient.makeRequest).
  if (err instanceof Error && /Retry header did not contain a valid timeout/.test(err.message)) return DeliveryError.rateLimited(undefined, 'Slack rate limited the post');
  const message = err instanceof Error ? err.message : String(err);
  return DeliveryError.permanent('unclassified', message || 'unexpected error', { cause: err });
}

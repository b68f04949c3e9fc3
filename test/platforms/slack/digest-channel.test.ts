/**
 * The Slack DigestChannel with the real @slack/web-api client against the fake Slack: each answer Slack can
 * give becomes the right DeliveryError, in one HTTP request per attempt (the client never retries on its own).
 */
import { createServer } from 'node:net';
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/digest/channel.ts';
import { slackDigestChannel, slackDigestClient } from '../../../src/platforms/slack/digest-channel.ts';
import type { Reply } from '../../../src/reply/reply.ts';
import { FakeSlack, type ApiReply } from '../../e2e/fake-slack.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake.close();
});

const digest: Reply = { title: 'Digest <!channel>', intro: 'Ping <@U123> and @everyone', sections: [{ items: [{ text: 'A change', citations: [] }] }], data: {} };
const context = { spaceId: 'T0FAKETEAM', idempotencyKey: 'd1s0' };

function channelAt(apiUrl: string) {
  return slackDigestChannel({ client: slackDigestClient(fake.botToken, { slackApiUrl: apiUrl, logLevel: LogLevel.ERROR }), botName: 'briefing-bot', command: '/brief' });
}

/** The DeliveryError a post gets when Slack answers `reply`, and how many requests it took. */
async function failureFor(reply: ApiReply): Promise<{ error: DeliveryError; requests: number }> {
  fake.setApiHandler('chat.postMessage', () => reply);
  const before = fake.calls.length;
  const error = await channelAt(fake.apiUrl)
    .post('C1', digest, context)
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  expect(error).toBeInstanceOf(DeliveryError);
  return { error: error as DeliveryError, requests: fake.calls.length - before };
}

describe('Slack digest channel', () => {
  it('posts one message with escaped text and returns the ts Slack confirmed', async () => {
    fake.setApiHandler('chat.postMessage', (call) => ({ ok: true, channel: call.params.channel, ts: '1712345678.000100' }));
    expect(await channelAt(fake.apiUrl).post('C1', digest, context)).toEqual({ messageId: '1712345678.000100' });
    const call = fake.calls.filter((c) => c.method === 'chat.postMessage').at(-1)!;
    const sent = JSON.stringify([call.params.text, call.params.blocks]);
    expect(sent).not.toMatch(/<!channel>|<@U123>|@everyone/);
    expect(sent).toContain('&lt;!channel&gt;');
  });

  it.each([
    ['429 with Retry-After', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } }, { kind: 'retryable', code: 'rate_limited', retryAfterMs: 7000 }],
    ['429 without Retry-After', { status: 429, body: { ok: false } }, { kind: 'retryable', code: 'rate_limited', retryAfterMs: undefined }],
    ['HTTP 503', { status: 503, body: { ok: false } }, { kind: 'retryable', code: 'server_error', status: 503 }],
    ['internal_error', { body: { ok: false, error: 'internal_error' } }, { kind: 'retryable', code: 'server_error' }],
    ['fatal_error', { body: { ok: false, error: 'fatal_error' } }, { kind: 'retryable', code: 'server_error' }],
    ['service_unavailable', { body: { ok: false, error: 'service_unavailable' } }, { kind: 'retryable', code: 'server_error' }],
    ['channel_not_found', { body: { ok: false, error: 'channel_not_found' } }, { kind: 'permanent', code: 'channel_not_found' }],
    ['is_archived', { body: { ok: false, error: 'is_archived' } }, { kind: 'permanent', code: 'channel_not_found' }],
    ['not_in_channel', { body: { ok: false, error: 'not_in_channel' } }, { kind: 'permanent', code: 'not_in_channel' }],
    ['missing_scope', { body: { ok: false, error: 'missing_scope', needed: 'chat:write' } }, { kind: 'permanent', code: 'missing_access' }],
    ['restricted_action', { body: { ok: false, error: 'restricted_action' } }, { kind: 'permanent', code: 'missing_access' }],
    ['invalid_auth', { body: { ok: false, error: 'invalid_auth' } }, { kind: 'permanent', code: 'invalid_auth' }],
    ['token_revoked', { body: { ok: false, error: 'token_revoked' } }, { kind: 'permanent', code: 'token_revoked' }],
    ['msg_blocks_too_long', { body: { ok: false, error: 'msg_blocks_too_long' } }, { kind: 'permanent', code: 'msg_blocks_too_long' }],
  ] as Array<[string, ApiReply, Partial<DeliveryError>]>)('%s', async (_name, reply, expected) => {
    const { error, requests } = await failureFor(reply);
    expect(error).toMatchObject(expected);
    expect(requests).toBe(1);
  });

  it('explains how to fix not_in_channel and a missing scope', async () => {
    expect((await failureFor({ body: { ok: false, error: 'not_in_channel' } })).error.message).toContain('/invite @briefing-bot');
    expect((await failureFor({ body: { ok: false, error: 'channel_not_found' } })).error.message).toMatch(/private and the bot is not in it/);
    expect((await failureFor({ body: { ok: false, error: 'missing_scope', needed: 'chat:write' } })).error.message).toContain('needs the chat:write scope');
  });

  it('counts an unreachable Slack as a network failure (retryable)', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const error = await channelAt(`http://127.0.0.1:${port}/api/`)
      .post('C1', digest, context)
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ kind: 'retryable', code: 'network' });
    expect((error as Error).message).toMatch(/could not reach Slack \(ECONNREFUSED\)/);
  });
});

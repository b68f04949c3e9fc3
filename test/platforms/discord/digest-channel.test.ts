/**
 * The Discord DigestChannel with the real @discordjs/rest client against the fake Discord: each answer becomes
 * the right DeliveryError in one request per attempt; and `/digest` is registered with real subcommands.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationCommandOptionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestCommand } from '../../../src/commands/digest.ts';
import { DeliveryError } from '../../../src/digest/channel.ts';
import { commandDefinition, PUBLIC_OPTION } from '../../../src/platforms/discord/definitions.ts';
import { discordDigestChannel, discordDigestRest } from '../../../src/platforms/discord/digest-channel.ts';
import type { Reply } from '../../../src/reply/reply.ts';
import { FakeDiscord } from '../../e2e/fake-discord.ts';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake.close();
});

const digest: Reply = {
  title: 'Digest',
  intro: 'Ping @everyone and <@123>',
  sections: [{ items: [{ text: 'A change', citations: [] }] }],
  data: {},
};
const context = { spaceId: '1', idempotencyKey: 'd1s0' };
const CHANNEL = '600000000000000001';

async function failureFor(status: number, body: unknown): Promise<{ error: DeliveryError; requests: number }> {
  fake.failNext('POST', /^\/channels\/\d+\/messages$/, status, body);
  const before = fake.calls.length;
  const rest = discordDigestRest({ token: FakeDiscord.TOKEN, apiUrl: fake.apiUrl });
  try {
    const error = await discordDigestChannel(rest)
      .post(CHANNEL, digest, context)
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(DeliveryError);
    return { error: error as DeliveryError, requests: fake.calls.length - before };
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

describe('Discord digest channel', () => {
  it.each([
    ['500', 500, { message: 'Internal Server Error', code: 0 }, { kind: 'retryable', code: 'server_error', status: 500 }],
    ['Unknown Channel (10003)', 404, { message: 'Unknown Channel', code: 10003 }, { kind: 'permanent', code: 'channel_not_found' }],
    ['Missing Access (50001)', 403, { message: 'Missing Access', code: 50001 }, { kind: 'permanent', code: 'missing_access' }],
    ['Missing Permissions (50013)', 403, { message: 'Missing Permissions', code: 50013 }, { kind: 'permanent', code: 'missing_access' }],
    ['401', 401, { message: '401: Unauthorized', code: 0 }, { kind: 'permanent', code: 'unauthorized' }],
    ['Invalid Form Body (50035)', 400, { message: 'Invalid Form Body', code: 50035 }, { kind: 'permanent', code: 'discord_50035' }],
  ] as Array<[string, number, unknown, Partial<DeliveryError>]>)('%s', async (_name, status, body, expected) => {
    const { error, requests } = await failureFor(status, body);
    expect(error).toMatchObject(expected);
    expect(requests).toBe(1);
  });

  it('counts a refused connection and a silent server as network failures (retryable)', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const post = async (apiUrl: string) => {
      const rest = discordDigestRest({ token: FakeDiscord.TOKEN, apiUrl }, 300);
      try {
        return await discordDigestChannel(rest)
          .post(CHANNEL, digest, context)
          .catch((err: unknown) => err);
      } finally {
        rest.clearHashSweeper();
        rest.clearHandlerSweeper();
      }
    };
    expect(await post(`http://127.0.0.1:${port}/api`)).toMatchObject({
      kind: 'retryable',
      code: 'network',
      message: 'no answer from Discord in time',
    });
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    const refused = await post(`http://127.0.0.1:${port}/api`);
    expect(refused).toMatchObject({ kind: 'retryable', code: 'network' });
    expect((refused as Error).message).toMatch(/ECONNREFUSED/);
  });
});

describe('/digest on Discord', () => {
  it('has one subcommand per action, each with only its own options, the schedule required to subscribe', () => {
    const definition = commandDefinition(digestCommand);
    const subcommands = definition.options as Array<{
      type: number;
      name: string;
      description: string;
      options: Array<{ name: string; required?: boolean; type: number }>;
    }>;
    expect(subcommands.map((s) => [s.type, s.name])).toEqual(
      ['subscribe', 'list', 'unsubscribe', 'preview', 'send-now'].map((n) => [ApplicationCommandOptionType.Subcommand, n]),
    );
    const optionsOf = (name: string) => subcommands.find((s) => s.name === name)!.options;
    expect(optionsOf('subscribe').map((o) => [o.name, o.required])).toEqual([
      ['schedule', true],
      ['tz', false],
      ['briefing', false],
      ['tag', false],
      ['format', false],
      ['quiet', false],
      [PUBLIC_OPTION, false],
    ]);
    expect(optionsOf('list').map((o) => o.name)).toEqual([PUBLIC_OPTION]);
    expect(optionsOf('unsubscribe').map((o) => o.name)).toEqual(['id', PUBLIC_OPTION]);
    expect(optionsOf('preview').map((o) => o.name)).toEqual(['id', 'briefing', 'tag', 'format', PUBLIC_OPTION]);
    expect(optionsOf('send-now').map((o) => o.name)).toEqual(['id', PUBLIC_OPTION]);
    expect(optionsOf('subscribe').find((o) => o.name === 'quiet')!.type).toBe(ApplicationCommandOptionType.Boolean);
    for (const s of subcommands) expect(s.description).not.toMatch(/: (subscribe|list)$/);
  });
});

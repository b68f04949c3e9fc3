/**
 * Slack workspace roles from users.info, through the real WebClient against the fake Slack: admins and owners
 * manage digests, answers are remembered for ROLE_TTL_MS, failures are explained and not remembered.
 */
import { LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDigestClient } from '../../../src/platforms/slack/digest-channel.ts';
import { ROLE_TTL_MS, WorkspaceRoles } from '../../../src/platforms/slack/roles.ts';
import { UserError } from '../../../src/reply/reply.ts';
import { FakeSlack } from '../../e2e/fake-slack.ts';

let fake: FakeSlack;
const users: Record<string, Record<string, boolean>> = {
  UADMIN: { is_admin: true },
  UOWNER: { is_owner: true },
  UPRIMARY: { is_primary_owner: true },
  UMEMBER: {},
};

beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake.close();
});

function roles(clock: { t: number }) {
  fake.setApiHandler('users.info', (call) => ({ ok: true, user: { id: call.params.user, ...users[String(call.params.user)] } }));
  return new WorkspaceRoles(slackDigestClient(fake.botToken, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR }), () => clock.t);
}

const lookups = () => fake.calls.filter((c) => c.method === 'users.info').length;

describe('Slack workspace roles', () => {
  it('counts admins and owners as managers, and nobody else', async () => {
    const r = roles({ t: 0 });
    expect(await Promise.all(['UADMIN', 'UOWNER', 'UPRIMARY', 'UMEMBER'].map((u) => r.isManager('T1', u)))).toEqual([true, true, true, false]);
  });

  it('remembers an answer for a minute, and shares one lookup between concurrent commands', async () => {
    const clock = { t: 1_000 };
    const r = roles(clock);
    const before = lookups();
    await Promise.all([r.isManager('T1', 'UMEMBER'), r.isManager('T1', 'UMEMBER')]);
    expect(lookups() - before).toBe(1);
    clock.t += ROLE_TTL_MS - 1;
    await r.isManager('T1', 'UMEMBER');
    expect(lookups() - before).toBe(1);
    clock.t += 1;
    await r.isManager('T1', 'UMEMBER');
    expect(lookups() - before).toBe(2);
  });

  it('explains a failure and asks again next time', async () => {
    const clock = { t: 0 };
    const r = roles(clock);
    fake.setApiHandler('users.info', () => ({ status: 429, headers: { 'retry-after': '12' }, body: { ok: false, error: 'ratelimited' } }));
    const error = await r.isManager('T1', 'UADMIN').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/Slack is busy.*Try again in 12 s/);
    fake.setApiHandler('users.info', (call) => ({ ok: true, user: { id: call.params.user, is_admin: true } }));
    expect(await r.isManager('T1', 'UADMIN')).toBe(true);
  });
});

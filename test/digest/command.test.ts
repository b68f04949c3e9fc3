import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/commands/command.ts';
import { describeOptions } from '../../src/commands/command.ts';
import { digestCommand } from '../../src/commands/digest.ts';
import { parseOptionTokens, tokenize } from '../../src/commands/parse-text.ts';
import { runCommand, runLine } from '../../src/commands/registry.ts';
import { readDigestConfig, type DigestConfig } from '../../src/digest/config.ts';
import { DIGEST_SERVICE_KEY, type DigestService } from '../../src/digest/service.ts';
import type { Reply } from '../../src/reply/reply.ts';
import { renderText } from '../../src/render/text.ts';
import { DISCORD_LIMITS } from '../../src/render/limits.ts';
import { FakeClock, harness, type Harness, tempDb, type TempDb } from './helpers.ts';

const NOW = new Date('2025-03-03T10:00:00Z');
const manager: Caller = { platform: 'slack', userId: 'U1', channelId: 'C1', spaceId: 'T1', canManageChannel: true };
const member: Caller = { platform: 'slack', userId: 'U2', channelId: 'C1', spaceId: 'T1', canManageChannel: false };

let db: TempDb;
let h: Harness;
let config: DigestConfig;
let services: Record<string, unknown>;

beforeEach(() => {
  db = tempDb();
  h = harness(db.file, new FakeClock(NOW.getTime()));
  config = readDigestConfig({ DIGEST_TIMEZONE: 'Europe/Paris', DIGEST_ADMINS: 'slack:U9, discord:42' });
  services = { [DIGEST_SERVICE_KEY]: { config, store: h.store, scheduler: h.scheduler } satisfies DigestService };
});
afterEach(() => {
  h.store.close();
  db.cleanup();
});

const line = (text: string, caller: Caller = manager, now = NOW): Promise<Reply> => runLine(text, { library: h.library.current, caller, now, services });
const ok = async (text: string, caller: Caller = manager): Promise<Reply> => {
  const reply = await line(text, caller);
  expect(reply.error, reply.error?.message).toBeUndefined();
  return reply;
};
const fails = async (text: string, caller: Caller = manager): Promise<{ code: string; message: string; suggestions?: string[] }> => {
  const reply = await line(text, caller);
  expect(reply.error, `expected "${text}" to fail`).toBeDefined();
  return reply.error!;
};

describe('digest command', () => {
  it('subscribes the channel with a preset, in the default time zone, and says when it runs', async () => {
    const reply = await ok('/digest subscribe weekdays 09:30');
    expect(reply.title).toBe('Digest #1 subscribed');
    // 10:00 UTC on Monday is 11:00 in Paris: today's 09:30 has passed.
    expect(reply.fields?.[0]).toEqual({ label: 'Next runs', value: 'Tue 4 Mar 2025, 09:30 CET · Wed 5 Mar 2025, 09:30 CET · Thu 6 Mar 2025, 09:30 CET' });
    expect(h.store.subscription(1)).toMatchObject({ platform: 'slack', channelId: 'C1', spaceId: 'T1', schedule: 'weekdays 09:30', cron: '30 9 * * 1-5', timeZone: 'Europe/Paris', format: 'short', quiet: false, createdBy: 'slack:U1' });
  });

  it('takes a cron schedule, a zone, a filter, a format and quiet as options', async () => {
    await ok('/digest subscribe schedule:"0 8 * * 1-5" tz:america/new_york tag:labour format:full quiet:yes');
    expect(h.store.subscription(1)).toMatchObject({ cron: '0 8 * * 1-5', timeZone: 'America/New_York', filter: { briefings: [], tags: ['labour'] }, format: 'full', quiet: true });
    const byId = await ok('/digest action:subscribe schedule:"daily 7am" briefing:port-strike');
    expect(byId.intro).toMatch(/briefing port-strike, daily 07:00 \(Europe\/Paris\)/);
  });

  it('refuses schedules that run too often, naming the close runs and the setting', async () => {
    const e = await fails('/digest subscribe */30 * * * *');
    expect(e.code).toBe('schedule_too_frequent');
    expect(e.message).toMatch(/30 min apart \(Mon 3 Mar 2025, 11:30 CET and Mon 3 Mar 2025, 12:00 CET\).*at least 1 h apart \(DIGEST_MIN_INTERVAL_S\)/);
    expect(h.store.subscriptions()).toEqual([]);
  });

  it('explains bad input with suggestions', async () => {
    const tz = await fails('/digest subscribe daily 08:00 tz:Europe/Pari');
    expect(tz.code).toBe('invalid_timezone');
    expect(tz.suggestions?.[0]).toBe('Europe/Paris');
    expect((await fails('/digest subscribe')).message).toMatch(/When should the digest come/);
    expect((await fails('/digest subscribe whenever')).code).toBe('invalid_schedule');
    expect(await fails('/digest subscribe daily 08:00 briefing:port-strik')).toMatchObject({ code: 'unknown_briefing', suggestions: ['port-strike'] });
    expect(await fails('/digest subscrbe daily 08:00')).toMatchObject({ code: 'invalid_options', suggestions: ['subscribe'] });
    expect((await fails('/digest list tz:UTC')).message).toMatch(/tz doesn't apply to digest list/);
    expect((await fails('/digest unsubscribe abc')).message).toMatch(/not a subscription number/);
    expect((await fails('/digest subscribe daily 08:00 format:long')).message).toMatch(/format must be short or full/);
  });

  it('warns about a tag no briefing has yet, and refuses a duplicate', async () => {
    const reply = await ok('/digest subscribe daily 08:00 tag:sport');
    expect(renderText(reply)).toMatch(/No briefing is tagged "sport" yet \(tags in use: labour, ports\)/);
    expect((await fails('/digest subscribe daily 08:00 tag:sport')).code).toBe('duplicate_subscription');
  });

  it('lets only channel managers and DIGEST_ADMINS change digests; anyone may list and preview', async () => {
    expect(await fails('/digest subscribe daily 08:00', member)).toMatchObject({ code: 'forbidden' });
    expect((await fails('/digest subscribe daily 08:00', member)).message).toMatch(/Anyone can use digest list and digest preview/);
    await ok('/digest subscribe daily 08:00', { ...member, userId: 'U9' });
    expect(await fails('/digest unsubscribe', member)).toMatchObject({ code: 'forbidden' });
    expect(await fails('/digest send-now', member)).toMatchObject({ code: 'forbidden' });
    expect((await ok('/digest list', member)).sections[0]!.items).toHaveLength(1);
    expect((await ok('/digest preview', member)).title).toMatch(/^Preview · Digest/);
    // An allow-list entry counts on its own platform only.
    expect(await fails('/digest subscribe daily 09:00', { platform: 'discord', userId: 'U9', channelId: 'D1', spaceId: 'G1' })).toMatchObject({ code: 'forbidden' });
  });

  it("lists only this channel's digests, with the next run in each one's zone", async () => {
    await ok('/digest subscribe daily 08:00 tz:Asia/Tokyo');
    await ok('/digest subscribe weekly mon 08:00', { ...manager, channelId: 'C2' });
    const reply = await ok('/digest list', member);
    expect(reply.sections[0]!.items.map((i) => i.label)).toEqual(['#1']);
    const text = renderText(reply);
    expect(text).toMatch(/daily 08:00 \(Asia\/Tokyo\) · all briefings · short/);
    expect(text).toMatch(/Next: Tue 4 Mar 2025, 08:00 GMT\+9/);
    expect(text).toMatch(/Last: none yet \(the first digest is an overview/);
    expect(reply.data.subscriptions).toMatchObject([{ id: 1, timezone: 'Asia/Tokyo', next_run: '2025-03-03T23:00:00.000Z', last_delivery: null, failing: null }]);
  });

  it('unsubscribes by number, or the only digest of the channel', async () => {
    await ok('/digest subscribe daily 08:00');
    await ok('/digest subscribe weekly fri 17:00');
    expect((await fails('/digest unsubscribe')).message).toMatch(/has 2 digests; say which one to remove: #1 \(daily 08:00\), #2 \(weekly fri 17:00\)/);
    expect(await fails('/digest unsubscribe 7')).toMatchObject({ code: 'unknown_subscription', suggestions: ['#1', '#2'] });
    expect((await ok('/digest unsubscribe #2')).title).toBe('Digest #2 removed');
    expect((await ok('/digest unsubscribe')).title).toBe('Digest #1 removed');
    expect((await ok('/digest list')).intro).toMatch(/No digests in this channel/);
  });

  it("does not touch another channel's digest", async () => {
    await ok('/digest subscribe daily 08:00', { ...manager, channelId: 'C2' });
    expect(await fails('/digest unsubscribe 1')).toMatchObject({ code: 'unknown_subscription' });
    expect(h.store.subscription(1)).toBeDefined();
  });

  it('previews the next digest of the channel, then sends it now', async () => {
    await ok('/digest subscribe daily 08:00');
    const preview = await ok('/digest preview');
    expect(preview.intro).toMatch(/What digest #1 would bring if it were sent now \(next run Tue 4 Mar 2025, 08:00 CET\); nothing is sent/);
    expect(h.channel.messages).toHaveLength(0);
    const sent = await ok('/digest send-now');
    expect(sent.title).toBe('Digest #1 sent');
    expect(h.channel.messages).toHaveLength(1);
    expect((await ok('/digest preview 1')).title).toBe('Preview · Digest: no news');
  });

  it('says clearly when digests are not running', async () => {
    const reply = await runLine('/digest list', { library: h.library.current, caller: manager, now: NOW, services: {} });
    expect(reply.error).toMatchObject({ code: 'digests_unavailable' });
    expect(reply.error?.message).toMatch(/Digests are not running here/);
    // Preview of the overview still works without them.
    const preview = await runLine('/digest preview briefing:port-strike', { library: h.library.current, caller: { platform: 'console' }, now: NOW, services: {} });
    expect(preview.error).toBeUndefined();
    expect(preview.title).toBe('Preview · Digest: 1 briefing (briefing port-strike)');
  });

  it('subscribes only from a chat channel', async () => {
    expect(await fails('/digest subscribe daily 08:00', { platform: 'cli', userId: 'me' })).toMatchObject({ code: 'not_in_channel' });
  });

  it('declares once which option applies to which action, for Discord subcommands and text alike', () => {
    const specs = describeOptions(digestCommand);
    expect(specs.map((s) => s.name)).toEqual(['action', 'schedule', 'id', 'tz', 'briefing', 'tag', 'format', 'quiet']);
    expect(specs.find((s) => s.name === 'action')).toMatchObject({ subcommand: true, positional: false, choices: ['subscribe', 'list', 'unsubscribe', 'preview', 'send-now'] });
    expect(specs.find((s) => s.name === 'schedule')).toMatchObject({ positional: true, subcommands: ['subscribe'], requiredFor: ['subscribe'] });
    expect(specs.find((s) => s.name === 'id')).toMatchObject({ positional: true, subcommands: ['unsubscribe', 'preview', 'send-now'] });
    expect(specs.find((s) => s.name === 'quiet')?.type).toBe('boolean');
    for (const s of specs) {
      expect(s.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.optionDescription);
      expect(s.name).toMatch(/^[a-z][a-z_-]{0,31}$/);
    }
    expect(digestCommand.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.commandDescription);
  });

  it('splits text the way Discord splits subcommands: action first, then its positional option', () => {
    const parse = (text: string) => parseOptionTokens(digestCommand, tokenize(text));
    expect(parse('subscribe weekdays 09:30 tz:Europe/Paris')).toEqual({ action: 'subscribe', schedule: 'weekdays 09:30', tz: 'Europe/Paris' });
    expect(parse('unsubscribe 2')).toEqual({ action: 'unsubscribe', id: '2' });
    expect(parse('send-now')).toEqual({ action: 'send-now' });
    expect(parse('ls')).toEqual({ action: 'list' });
    expect(parse('action:sub schedule:"daily 08:00"')).toEqual({ action: 'subscribe', schedule: 'daily 08:00' });
    expect(parse('')).toEqual({});
    expect(() => parse('list everything')).toThrow(/digest list takes no free text \("everything"\)/);
    expect(() => parse('subscribe daily 08:00 schedule:hourly')).toThrow(/schedule is given twice/);
  });

  it('accepts typed options (Discord) as well as text', async () => {
    const reply = await runCommand('digest', { action: 'subscribe', schedule: 'weekly mon 08:00', tz: 'UTC', quiet: true }, { library: h.library.current, caller: { platform: 'discord', userId: '7', channelId: '99', spaceId: '5', canManageChannel: true }, now: NOW, services });
    expect(reply.error?.message).toMatch(/no discord connection/);
  });
});

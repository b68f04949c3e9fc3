import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core.ts';
import { readDigestConfig } from '../../src/digest/config.ts';
import { DIGEST_SERVICE_KEY, DigestRuntime } from '../../src/digest/service.ts';
import { FakeChannel, libraryOf, strikeBriefing, tempDb, type TempDb } from './helpers.ts';

let db: TempDb;
afterEach(() => db?.cleanup());

describe('digest runtime (npm start wiring)', () => {
  it('opens the database on the first platform, serves the digest command, and shuts down cleanly', async () => {
    db = tempDb();
    const config = readDigestConfig({ DATA_DIR: `${db.dir}/data` });
    const services: Record<string, unknown> = {};
    const core = createCore(libraryOf(strikeBriefing()), { services });
    const runtime = new DigestRuntime({ config, library: () => core.library(), services });
    const caller = { platform: 'slack' as const, userId: 'U1', channelId: 'C1', spaceId: 'T1', canManageChannel: true };

    expect(existsSync(config.dbFile)).toBe(false);
    expect((await core.run('digest', { action: 'list' }, caller)).error?.code).toBe('digests_unavailable');

    runtime.addChannel(new FakeChannel('slack'));
    expect(runtime.started).toBe(true);
    expect(existsSync(config.dbFile)).toBe(true);
    const subscribed = await core.run('digest', { action: 'subscribe', schedule: 'weekdays 09:30', tz: 'Europe/Paris' }, caller);
    expect(subscribed.title).toBe('Digest #1 subscribed');
    expect((await core.run('digest', {}, caller)).sections[0]!.items[0]!.label).toBe('#1');

    await runtime.stop();
    expect(services[DIGEST_SERVICE_KEY]).toBeUndefined();
    expect((await core.run('digest', { action: 'list' }, caller)).error?.code).toBe('digests_unavailable');
  });
});

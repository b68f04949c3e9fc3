import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { boltLogger, REDACTED, scrubSecrets } from '../../../src/platforms/slack/log.ts';

describe('secrets in Slack logs', () => {
  it('scrubs tokens, response URLs, tickets and known secrets', () => {
    const text = [
      'token xoxb-123-456-abc and xoxp-9-8-7',
      'app xapp-1-A1-2-ff',
      'url https://hooks.slack.com/commands/T1/2/abc and https://hooks.slack.com/actions/T1/3/def',
      'wss://wss.slack.com/link/?ticket=abc-123&app_id=A1',
      'secret 8f14e45fceea167a5a36dedd4bea2543',
    ].join('\n');
    const out = scrubSecrets(text, ['8f14e45fceea167a5a36dedd4bea2543']);
    for (const secret of ['xoxb-123', 'xoxp-9', 'xapp-1', 'hooks.slack.com/commands', '/actions/T1', 'abc-123', '8f14e45f']) expect(out).not.toContain(secret);
    expect(out).toContain(`app_id=A1`);
    expect(out.split(REDACTED).length - 1).toBe(7);
  });

  it('gives Bolt a logger that writes scrubbed lines at our level', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));
    const bolt = boltLogger(log, ['my-signing-secret']);
    bolt.debug('not written at info');
    bolt.info('using', { token: 'xoxb-1-2-3' }, 'and my-signing-secret');
    bolt.setLevel('debug' as never);
    expect(bolt.getLevel()).toBe('info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('using');
    expect(lines[0]).not.toContain('xoxb-1-2-3');
    expect(lines[0]).not.toContain('my-signing-secret');
  });
});

import { describe, expect, it } from 'vitest';
import { timestampProblem } from '../../../src/platforms/slack/receiver.ts';

describe('request timestamp window', () => {
  const now = 1_700_000_000_000;
  const at = (offsetSeconds: number) => String(now / 1000 + offsetSeconds);

  it('lets requests within five minutes either way go on to signature checking', () => {
    for (const offset of [0, -299, 299, -300, 300]) expect(timestampProblem(at(offset), now)).toBeUndefined();
    expect(timestampProblem(undefined, now)).toBeUndefined();
  });

  it('refuses stale, future and malformed timestamps', () => {
    expect(timestampProblem(at(-301), now)).toBe('request timestamp too old');
    expect(timestampProblem(at(301), now)).toBe('request timestamp in the future');
    expect(timestampProblem(at(600), now)).toBe('request timestamp in the future');
    for (const bad of ['', 'soon', '1e9', '-5', '12.5', [] as string[]]) expect(timestampProblem(bad, now)).toBe('malformed request timestamp');
  });
});

/**
 * Crashes and breaches the fuzz tests found, each pinned where it was fixed. (Folding names such as
 * "constructor" is in test/briefing/names.test.ts; the crash found in ingest, not fixed here, is pinned in
 * ingest.fuzz.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/commands/command.ts';
import { COMMANDS, runCommand } from '../../src/commands/registry.ts';
import { createCore } from '../../src/core.ts';
import { fitText } from '../../src/render/discord.ts';
import { renderJson } from '../../src/render/text.ts';
import { errorReply } from '../../src/reply/reply.ts';
import { seedCore, seedLibrary } from '../helpers.ts';

const caller = { platform: 'console' } as const;

describe('regressions found by fuzzing', () => {
  it('answers /digest with an action named like an Object.prototype member as an unknown action', async () => {
    // `/digest __proto__` returned undefined (no reply at all) and `/digest constructor` an internal error.
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const reply = await seedCore().runLine(`/digest ${word}`, caller);
      expect(reply.error).toMatchObject({ code: 'invalid_options' });
      expect(reply.error!.message).toContain('is not an action of digest');
    }
  });

  it('turns a handler that returns nothing into an error reply instead of passing undefined to a platform', async () => {
    const silent = defineCommand({ name: 'silent', description: 'Returns nothing (test only)', usage: 'silent', options: z.object({}), handler: () => undefined as never });
    const reply = await runCommand('silent', {}, { library: seedLibrary(), caller, commands: [...COMMANDS, silent] });
    expect(reply.error).toMatchObject({ code: 'internal_error' });
    expect((await createCore(seedLibrary(), { commands: [silent] }).runLine('silent', caller)).error?.code).toBe('internal_error');
  });

  it('writes terminal control and bidi override characters in --json output as escapes', () => {
    // `briefing briefings --json ‮` printed a raw right-to-left override inside the JSON error.
    const json = renderJson(errorReply({ code: 'x', message: 'a\u202eb\u0085c\u2066d' }));
    expect(json).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(json).error.message).toBe('a\u202eb\u0085c\u2066d');
  });
});

describe('Discord text cutting (found by the property test in test/render/discord.test.ts)', () => {
  it('never leaves a dangling escape or half a surrogate pair behind a trimmed space or a removed backslash', () => {
    for (const [text, max] of [
      ['ab\\ cdefghij', 5],
      ['a\uD83D\\bcdefgh', 4],
      ['a\\\uD83D\uDE00bcdefgh', 4],
    ] as const) {
      const out = fitText(text, max);
      expect(out.endsWith('…')).toBe(true);
      expect(out.slice(0, -1)).not.toMatch(/[\uD800-\uDBFF]$/);
      expect((/\\+$/.exec(out.slice(0, -1))?.[0].length ?? 0) % 2).toBe(0);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePageState, encodePageState } from '../../../src/platforms/slack/page-state.ts';

describe('page button state', () => {
  it('round-trips any command, options and page', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 32 }),
        fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string({ maxLength: 200 }), fc.boolean()), { maxKeys: 5 }),
        fc.nat(1000),
        (command, options, page) => {
          expect(decodePageState(encodePageState({ command, options, page }))).toEqual({ command, options, page });
        },
      ),
    );
  });

  it('refuses values that are not ours', () => {
    for (const value of [undefined, 42, '', 'next', 'p1.', 'p1.!!!', `p1.${Buffer.from('{"c":"who","o":{},"p":-1}').toString('base64url')}`, `p1.${Buffer.from('{"c":"who","o":{"a":{}},"p":1}').toString('base64url')}`]) {
      expect(decodePageState(value)).toBeUndefined();
    }
  });
});

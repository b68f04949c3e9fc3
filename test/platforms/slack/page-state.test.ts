import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePageState, encodePageState } from '../../../src/platforms/slack/page-state.ts';

describe('page button state', () => {
  it('round-trips any command, options and page', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 32 }),
        // Option names are our commands' own; "__proto__" is never one, and decoding drops it (next test).
        fc.dictionary(fc.string({ maxLength: 20 }).filter((k) => k !== '__proto__'), fc.oneof(fc.string({ maxLength: 200 }), fc.boolean()), { maxKeys: 5 }),
        fc.nat(1000),
        (command, options, page) => {
          expect(decodePageState(encodePageState({ command, options, page }))).toEqual({ command, options, page });
        },
      ),
    );
  });

  it('drops an option named __proto__ rather than touching any prototype', () => {
    const forged = `p1.${Buffer.from('{"c":"who","o":{"__proto__":{"polluted":true},"name":"Shoigu"},"p":0}').toString('base64url')}`;
    const decoded = decodePageState(forged);
    expect(decoded?.options).toEqual({ name: 'Shoigu' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses values that are not ours', () => {
    for (const value of [undefined, 42, '', 'next', 'p1.', 'p1.!!!', `p1.${Buffer.from('{"c":"who","o":{},"p":-1}').toString('base64url')}`, `p1.${Buffer.from('{"c":"who","o":{"a":{}},"p":1}').toString('base64url')}`]) {
      expect(decodePageState(value)).toBeUndefined();
    }
  });
});

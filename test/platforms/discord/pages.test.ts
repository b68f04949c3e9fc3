import { describe, expect, it } from 'vitest';
import { PageStore } from '../../../src/platforms/discord/pages.ts';
import type { Reply } from '../../../src/reply/reply.ts';

const page: Reply = { title: 'p', sections: [], data: {} };

describe('PageStore', () => {
  it('keeps pages under a key until they expire, then calls onExpire once', async () => {
    const store = new PageStore(30, 10);
    let expired = 0;
    const key = store.newKey();
    store.put(key, { pages: [page, page], ownerId: 'u1', onExpire: () => expired++ });
    expect(store.get(key)?.ownerId).toBe('u1');
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (expired) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    expect(store.get(key)).toBeUndefined();
    expect(expired).toBe(1);
  });

  it('drops the oldest answer when full', () => {
    const store = new PageStore(60_000, 2);
    const dropped: string[] = [];
    const keys = ['a', 'b', 'c'].map((owner) => {
      const key = store.newKey();
      store.put(key, { pages: [page], ownerId: owner, onExpire: () => dropped.push(owner) });
      return key;
    });
    expect(store.size).toBe(2);
    expect(dropped).toEqual(['a']);
    expect(store.get(keys[0]!)).toBeUndefined();
    expect(store.get(keys[2]!)?.ownerId).toBe('c');
    store.clear();
    expect(store.size).toBe(0);
    expect(dropped).toEqual(['a']);
  });

  it('makes keys that fit a custom id and do not repeat', () => {
    const store = new PageStore(1000, 10);
    const keys = new Set(Array.from({ length: 200 }, () => store.newKey()));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });
});

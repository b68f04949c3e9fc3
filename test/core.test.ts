import { describe, expect, it } from 'vitest';
import { Library } from '../src/briefing/library.ts';
import { createCore } from '../src/core.ts';
import { seedLibrary } from './helpers.ts';

describe('core', () => {
  it('hands the first library and every reloaded one to onLibrary, and serves the newest', async () => {
    const seen: Library[] = [];
    const first = seedLibrary();
    const core = createCore(first, { onLibrary: (l) => seen.push(l) });
    const empty = new Library([]);
    core.setLibrary(empty);
    expect(seen).toEqual([first, empty]);
    expect(core.library()).toBe(empty);
    const reply = await core.run('who', { name: 'Shoigu' }, { platform: 'console' });
    expect(reply.error).toBeDefined();
  });
});

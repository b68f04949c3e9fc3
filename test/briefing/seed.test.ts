import { describe, expect, it } from 'vitest';
import { seedLibrary, SEED_ID } from '../helpers.ts';

describe('the seed briefing', () => {
  const library = seedLibrary();
  const seed = library.get(SEED_ID)!;

  it('loads without errors', () => {
    expect(library.errors).toEqual([]);
    expect(seed).toBeDefined();
  });

  it('names the ministers with their roles', () => {
    const shoigu = library.findEntities('Shoigu')[0]!.entity;
    expect(shoigu.name).toBe('Sergei Shoigu');
    expect(shoigu.role).toBe('Russian Defense Minister');
    const lecornu = library.findEntities('LECORNU')[0]!.entity;
    expect(lecornu.name).toBe('Sébastien Lecornu');
    expect(lecornu.role).toMatch(/French Defen[cs]e Minister/);
  });
});

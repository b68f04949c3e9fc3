import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '../../../src/briefing/library.ts';
import { buildBriefing } from '../../../src/briefing/load.ts';
import { complete } from '../../../src/platforms/discord/autocomplete.ts';
import { DISCORD_LIMITS } from '../../../src/render/limits.ts';
import { BRIEFINGS_DIR, seedLibrary, SEED_ID } from '../../helpers.ts';

const library = seedLibrary();
const values = (choices: Array<{ value: string }>) => choices.map((c) => c.value);

describe('autocomplete', () => {
  it('completes names by any word and alias, showing the role', () => {
    const choices = complete(library, { source: 'entity', typed: 'lec', options: {} });
    expect(values(choices)).toEqual(['Sébastien Lecornu']);
    expect(choices[0]!.name).toMatch(/^Sébastien Lecornu — French Defen[cs]e Minister/);
    expect(values(complete(library, { source: 'person', typed: 'macron', options: {} }))).toEqual(['Emmanuel Macron']);
  });

  it('keeps people only for the person source', () => {
    const people = values(complete(library, { source: 'person', typed: '', options: {} }));
    const kinds = people.map((name) => library.findEntities(name)[0]!.entity.kind);
    expect(new Set(kinds)).toEqual(new Set(['person']));
  });

  it('completes claimants, the article itself as "article"', () => {
    expect(values(complete(library, { source: 'claimant', typed: 'shoi', options: {} }))).toEqual(['Sergei Shoigu']);
    const outlet = complete(library, { source: 'claimant', typed: 'arti', options: {} });
    expect(outlet[0]!.value).toBe('article');
  });

  it('completes time zones by their IANA name or their city', () => {
    expect(values(complete(library, { source: 'timezone', typed: 'paris', options: {} }))).toEqual(['Europe/Paris']);
    expect(values(complete(library, { source: 'timezone', typed: 'new york', options: {} }))).toEqual(['America/New_York']);
    expect(values(complete(library, { source: 'timezone', typed: 'europe/ber', options: {} }))).toEqual(['Europe/Berlin']);
    expect(complete(library, { source: 'timezone', typed: '', options: {} })).toHaveLength(DISCORD_LIMITS.autocompleteChoices);
  });

  it('completes briefing ids by id or title, and statuses', () => {
    expect(values(complete(library, { source: 'briefing', typed: 'troops', options: {} }))).toEqual([SEED_ID]);
    expect(values(complete(library, { source: 'status', typed: 'dis', options: {} }))[0]).toBe('disputed');
  });

  it('narrows to a known briefing; an empty library offers nothing', () => {
    expect(complete(library, { source: 'entity', typed: '', options: { briefing: SEED_ID } }).length).toBeGreaterThan(0);
    expect(complete(new Library([]), { source: 'entity', typed: 'x', options: {} })).toEqual([]);
  });

  it('offers at most 25 choices within Discord limits, from long enums too', () => {
    const many = Array.from({ length: 60 }, (_, i) => `option-${i}-${'x'.repeat(i * 3)}`);
    const choices = complete(library, { choices: many, typed: 'opt', options: {} });
    expect(choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
      expect(c.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceValue);
    }
  });
});

describe('autocomplete across briefings', () => {
  const article = readFileSync(join(BRIEFINGS_DIR, SEED_ID, 'article.md'), 'utf8');
  const yaml = readFileSync(join(BRIEFINGS_DIR, SEED_ID, 'briefing.yaml'), 'utf8');
  // A second briefing where Shoigu is also known by a nickname the first one doesn't give.
  const nicknamed = yaml.replace(
    'aliases: [Shoigu, Russian defence minister',
    'aliases: [Shoigu, Grumpy General, Russian defence minister',
  );
  const two = new Library([buildBriefing('first', article, yaml).briefing!, buildBriefing('second', article, nicknamed).briefing!]);

  it('offers a claimant named in several briefings once, found by an alias any of them gives', () => {
    const all = values(complete(two, { source: 'claimant', typed: '', options: {} }));
    expect(all.filter((v) => v === 'Sergei Shoigu')).toHaveLength(1);
    expect(values(complete(two, { source: 'claimant', typed: 'grumpy', options: {} }))).toEqual(['Sergei Shoigu']);
    expect(values(complete(two, { source: 'claimant', typed: 'grumpy', options: { briefing: 'first' } }))).toEqual([]);
  });

  it("offers every briefing's own analysis once, under a name true of all of them", () => {
    const outlets = new Library([
      buildBriefing('bbc', article.replace('source: unknown', 'source: BBC News'), yaml).briefing!,
      buildBriefing('reuters', article.replace('source: unknown', 'source: Reuters'), yaml).briefing!,
    ]);
    expect(outlets.claimantName(outlets.briefings[1]!, outlets.briefings[1]!.claims.find((c) => c.claimant === 'outlet')!)).toMatch(/Reuters/);
    expect(complete(outlets, { source: 'claimant', typed: 'reuters', options: {} })).toEqual([{ name: 'article', value: 'article' }]);
    expect(complete(outlets, { source: 'claimant', typed: 'reuters', options: { briefing: 'reuters' } })[0]!.name).toMatch(/^Reuters/);
  });

  it('answers from the library it is given, not from one it saw before', () => {
    expect(values(complete(two, { source: 'briefing', typed: 'sec', options: {} }))).toEqual(['second']);
    const reloaded = new Library([buildBriefing('third', article, yaml).briefing!]);
    expect(values(complete(reloaded, { source: 'briefing', typed: '', options: {} }))).toEqual(['third']);
    expect(values(complete(reloaded, { source: 'claimant', typed: 'grumpy', options: {} }))).toEqual([]);
  });
});

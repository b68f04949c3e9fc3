import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Citation, Item, Reply } from '../../src/reply/reply.ts';
import { discordPages, discordViolations, escapeText, fitText, parsePageButton, renderDiscordMessage, renderDiscordMessages, renderEmbed } from '../../src/render/discord.ts';
import { DISCORD_LIMITS } from '../../src/render/limits.ts';
import { seedCore } from '../helpers.ts';

// Text that stresses a renderer: any code point (astral ones are surrogate pairs), or markdown and mention syntax.
const SPECIAL = ['*', '_', '\\', '`', '~', '|', '>', '#', '-', '@', 'everyone', ' ', '\n', 'a', 'é', '😀', '[', ']', '(', ')'];
// fast-check favours short values; `size: 'max'` variants make sure texts at and beyond every limit are drawn too.
// They are drawn rarely, or every reply would be megabytes long.
const text = (maxLength: number) =>
  fc.oneof(
    { arbitrary: fc.string({ maxLength: Math.min(maxLength, 60) }), weight: 6 },
    { arbitrary: fc.string({ maxLength: Math.min(maxLength, 200), unit: fc.constantFrom(...SPECIAL) }), weight: 3 },
    { arbitrary: fc.string({ maxLength, unit: 'binary', size: 'max' }), weight: 1 },
    { arbitrary: fc.string({ maxLength, unit: fc.constantFrom(...SPECIAL), size: 'max' }), weight: 1 },
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const citation: fc.Arbitrary<Citation> = fc.record({ briefing: text(80), sentence: fc.nat(500), paragraph: fc.nat(100), text: text(2000) });
const item: fc.Arbitrary<Item> = fc.record({
  text: text(3000),
  label: optional(text(300)),
  notes: optional(fc.array(text(1500), { maxLength: 5 })),
  citations: fc.array(citation, { maxLength: 6 }),
});
const reply: fc.Arbitrary<Reply> = fc.record({
  title: text(600),
  intro: optional(text(5000)),
  fields: optional(fc.array(fc.record({ label: text(400), value: text(2000) }), { maxLength: 30 })),
  sections: fc.array(fc.record({ title: optional(text(400)), items: fc.array(item, { maxLength: 20 }) }), { maxLength: 6 }),
  footer: optional(text(3000)),
  data: fc.constant({}),
  error: optional(fc.record({ code: fc.constant('x'), message: text(5000), suggestions: optional(fc.array(text(300), { maxLength: 5 })), usage: optional(text(500)) })),
});

describe('Discord embed renderer: limits (property tests)', () => {
  it('renders every page of any reply within every Discord limit, page buttons included', () => {
    fc.assert(
      fc.property(reply, (r) => {
        for (const page of discordPages(r)) expect(discordViolations(renderDiscordMessage(page, { pagerKey: 'AbCdEfGhIjKl' }))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('draws replies that reach the limits (so the properties above are not vacuous)', () => {
    const totals = fc.sample(reply, 60).map((r) => JSON.stringify(renderDiscordMessage(r).embeds).length);
    expect(Math.max(...totals)).toBeGreaterThan(DISCORD_LIMITS.embedsTotalChars * 0.9);
  });

  it('keeps any reply within the limits even unpaginated, and as channel posts', () => {
    fc.assert(
      fc.property(reply, (r) => {
        expect(discordViolations(renderDiscordMessage(r))).toEqual([]);
        for (const message of renderDiscordMessages(r)) expect(discordViolations(message)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('loses no item when paginating', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const count = (x: Reply) => x.sections.reduce((n, s) => n + s.items.length, 0);
        const pages = discordPages(r);
        expect(pages.reduce((n, p) => n + count(p), 0)).toBe(count(r));
        if (!r.error) pages.forEach((p, i) => expect(p.page).toEqual({ index: i, count: pages.length }));
      }),
      { numRuns: 100 },
    );
  });

  it('cuts text within its limit without splitting a character or leaving a dangling escape', () => {
    fc.assert(
      fc.property(text(500), fc.nat(300), (t, max) => {
        const out = fitText(t, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (t.length <= max) expect(out).toBe(t);
        else if (max > 1) {
          expect(out.endsWith('…')).toBe(true);
          expect(out.slice(0, -1)).not.toMatch(/[\uD800-\uDBFF]$/);
          expect((/\\+$/.exec(out.slice(0, -1))?.[0].length ?? 0) % 2).toBe(0);
        }
      }),
    );
  });
});

describe('Discord embed renderer: layout', () => {
  const core = seedCore();
  const caller = { platform: 'discord' as const };

  it('numbers citations as footnotes, each sentence once, with its paragraph and sentence', async () => {
    const pages = discordPages(await core.run('who', { name: 'Shoigu' }, caller));
    const embed = renderEmbed(pages[0]!);
    const sources = embed.fields!.filter((f) => f.name.startsWith('Sources')).map((f) => f.value).join('\n');
    const numbers = [...sources.matchAll(/\*\*\[(\d+)\]\*\*/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const sentences = [...sources.matchAll(/¶\d+ s(\d+)/g)].map((m) => m[1]);
    expect(new Set(sentences).size).toBe(sentences.length);
    // Every marker in the description points at a footnote.
    for (const m of embed.description!.matchAll(/\[(\d+(?:, \d+)*)\]$/gm)) for (const n of m[1]!.split(', ')) expect(numbers).toContain(Number(n));
  });

  it('escapes markdown in text that is not ours', () => {
    const embed = renderEmbed({ title: '*bold* _it_', sections: [{ items: [{ text: '**x** `code` ~~s~~', citations: [] }] }], data: {} });
    expect(embed.title).toBe('\\*bold\\* \\_it\\_');
    expect(embed.description).toContain('\\*\\*x\\*\\* \\`code\\` \\~\\~s\\~\\~');
    expect(escapeText('# heading\n- item\n> quote\n12. point\n[link](x) a-b 3.5')).toBe('\\# heading\n\\- item\n\\> quote\n12\\. point\n\\[link\\](x) a-b 3.5');
    expect(escapeText('back\\slash')).toBe('back\\\\slash');
  });

  it('shows the page in the footer and page buttons that point to the neighbouring pages', async () => {
    const pages = discordPages(await core.run('claims', {}, caller));
    expect(pages.length).toBeGreaterThan(1);
    const middle = renderDiscordMessage(pages[0]!, { pagerKey: 'key123' });
    expect(middle.embeds[0]!.footer?.text).toBe(`Page 1 of ${pages.length}`);
    const buttons = middle.components![0]!.components as Array<{ custom_id: string; disabled: boolean; label: string }>;
    expect(buttons.map((b) => b.disabled)).toEqual([true, true, false]);
    expect(buttons[1]!.label).toBe(`1 / ${pages.length}`);
    expect(parsePageButton(buttons[2]!.custom_id)).toEqual({ key: 'key123', index: 1 });
    expect(parsePageButton(buttons[1]!.custom_id)).toBeUndefined();
    const last = renderDiscordMessage(pages.at(-1)!, { pagerKey: 'key123' });
    expect((last.components![0]!.components as Array<{ disabled: boolean }>).map((b) => b.disabled)).toEqual([false, true, true]);
  });

  it('renders an error with its suggestions and usage, in red, without buttons', async () => {
    const message = renderDiscordMessage(await core.run('who', { name: 'Shoiguxyz' }, caller), { pagerKey: 'k' });
    expect(message.embeds[0]!.color).toBe(0xed4245);
    expect(message.embeds[0]!.description).toContain('Did you mean: Sergei Shoigu?');
    expect(message.components).toBeUndefined();
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('fits a whole answer of the seed briefing on pages that each stay well within the total', async () => {
    for (const [name, options] of [['who', {}], ['timeline', {}], ['claims', {}], ['brief', {}], ['help', {}]] as const) {
      for (const page of discordPages(await core.run(name, options, caller))) {
        const message = renderDiscordMessage(page, { pagerKey: 'k' });
        expect(discordViolations(message)).toEqual([]);
        expect(message.embeds[0]!.description ?? '').not.toContain('…\n');
      }
    }
    expect(DISCORD_LIMITS.pageChars).toBeLessThan(DISCORD_LIMITS.embedsTotalChars);
  });
});

/**
 * Fuzz: the renderers. Any reply, however large or hostile its text (the renderers' own property tests run
 * a few hundred cases; this runs FUZZ_RUNS): console text without control characters, JSON that parses,
 * every Discord page and every Slack message within every platform limit, no item lost when paginating.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Citation, Item, Reply } from '../../src/reply/reply.ts';
import { renderSlackMessages } from '../../src/render/blockkit.ts';
import { discordPages, discordViolations, renderDiscordMessage, renderDiscordMessages } from '../../src/render/discord.ts';
import { renderJson, renderText } from '../../src/render/text.ts';
import { slackLimitViolations } from '../render/blockkit-limits.ts';
import { CONTROL, runs, text, TIMEOUT } from './fuzz.ts';

/** Text up to `max`, mostly short, sometimes at the length that breaks a limit. */
const sized = (max: number) =>
  fc.oneof({ arbitrary: text(60), weight: 8 }, { arbitrary: fc.string({ maxLength: max, size: 'max' }), weight: 1 }, { arbitrary: fc.string({ unit: 'binary', maxLength: max, size: 'max' }), weight: 1 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const citation: fc.Arbitrary<Citation> = fc.record({ briefing: sized(80), sentence: fc.nat(10_000), paragraph: fc.nat(1000), text: sized(1500) });
const item: fc.Arbitrary<Item> = fc.record({ text: sized(3000), label: optional(sized(300)), notes: optional(fc.array(sized(800), { maxLength: 4 })), citations: fc.array(citation, { maxLength: 6 }) });
const reply: fc.Arbitrary<Reply> = fc.record({
  title: sized(400),
  intro: optional(sized(3000)),
  fields: optional(fc.array(fc.record({ label: sized(300), value: sized(1500) }), { maxLength: 12 })),
  sections: fc.array(fc.record({ title: optional(sized(300)), items: fc.array(item, { maxLength: 15 }) }), { maxLength: 5 }),
  footer: optional(sized(2000)),
  data: fc.constant({}),
  error: optional(fc.record({ code: text(20), message: sized(3000), suggestions: optional(fc.array(sized(200), { maxLength: 5 })), usage: optional(sized(300)) })),
});

const count = (r: Reply): number => r.sections.reduce((n, s) => n + s.items.length, 0);

describe('fuzz: renderers', () => {
  it(
    'draws any reply for the console without control characters, and as JSON that parses',
    () => {
      fc.assert(
        fc.property(reply, (r) => {
          expect(renderText(r)).not.toMatch(CONTROL);
          expect(renderText(r, { citations: false })).not.toMatch(CONTROL);
          expect(() => JSON.parse(renderJson(r))).not.toThrow();
        }),
        runs(),
      );
    },
    TIMEOUT,
  );

  it(
    'keeps every Discord page and channel post within every limit, losing no item',
    () => {
      fc.assert(
        fc.property(reply, (r) => {
          const pages = discordPages(r);
          if (!r.error) expect(pages.reduce((n, p) => n + count(p), 0)).toBe(count(r));
          for (const page of pages) expect(discordViolations(renderDiscordMessage(page, { pagerKey: 'AbCdEfGhIjKl' }))).toEqual([]);
          for (const message of renderDiscordMessages(r)) expect(discordViolations(message)).toEqual([]);
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );

  it(
    'keeps every Slack message within every limit',
    () => {
      fc.assert(
        fc.property(reply, (r) => {
          for (const message of renderSlackMessages(r, (i) => `page:${i}`)) expect(slackLimitViolations(message)).toEqual([]);
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );
});

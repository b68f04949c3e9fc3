/**
 * A digest is ONE message: for any reply, the Slack and Discord digest renderings are a single message
 * within every platform limit, show a prefix of the items, and say how many did not fit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slackDigestMessage } from '../../src/platforms/slack/digest-channel.ts';
import { discordDigestMessage } from '../../src/platforms/discord/digest-channel.ts';
import { renderSlackMessages } from '../../src/render/blockkit.ts';
import { discordViolations, renderDiscordMessages } from '../../src/render/discord.ts';
import { firstItems, renderOneMessage } from '../../src/render/one-message.ts';
import type { Item, Reply } from '../../src/reply/reply.ts';
import { slackLimitViolations } from './blockkit-limits.ts';

const words = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '<', '&', '@', '*', 'é', '😀', '\n'), maxLength: 400 });
const hostile = fc.oneof(words, words.map((w) => `${w} <!channel> @everyone <@U123> ${w}`));

const item: fc.Arbitrary<Item> = fc.record(
  {
    text: hostile,
    label: fc.string({ maxLength: 40 }),
    notes: fc.array(hostile, { maxLength: 3 }),
    citations: fc.array(fc.record({ briefing: fc.constantFrom('port-strike', 'other'), sentence: fc.nat(99), paragraph: fc.nat(9), text: hostile }), { maxLength: 4 }),
  },
  { requiredKeys: ['text', 'citations'] },
);

const reply: fc.Arbitrary<Reply> = fc.record(
  {
    title: fc.string({ minLength: 1, maxLength: 80 }),
    intro: hostile,
    sections: fc.array(fc.record({ title: fc.string({ maxLength: 40 }), items: fc.array(item, { maxLength: 40 }) }, { requiredKeys: ['items'] }), { maxLength: 4 }),
    footer: hostile,
    data: fc.constant({}),
  },
  { requiredKeys: ['title', 'sections', 'data'] },
);

const count = (r: Reply): number => r.sections.reduce((n, s) => n + s.items.length, 0);

function big(n: number): Reply {
  const items = Array.from({ length: n }, (_, i): Item => ({ label: `#${i}`, text: `Change number ${i}: ${'a fairly long description of what changed '.repeat(6)}`, citations: [{ briefing: 'port-strike', sentence: i, paragraph: 1, text: 'The union said the strike would last until wages were raised. '.repeat(3) }] }));
  return { title: 'Digest: 40 changes', intro: 'Since the last digest.', sections: [{ title: 'Claims', items: items.slice(0, n / 2) }, { title: 'Events', items: items.slice(n / 2) }], footer: 'Digest #1 · daily 08:00 (UTC)', data: {} };
}

describe('one-message digests', () => {
  it('keep the first items of a long digest and count the rest in the footer, on both platforms', () => {
    const long = big(40);
    expect(renderSlackMessages(long).length).toBeGreaterThan(1);
    const slack = renderOneMessage(long, renderSlackMessages, (n) => `${n} more not shown`);
    expect(slack.omitted).toBeGreaterThan(0);
    expect(slackLimitViolations(slack.message)).toEqual([]);
    const slackText = JSON.stringify(slack.message.blocks);
    expect(slackText).toContain('#0');
    expect(slackText).toContain(`${slack.omitted} more not shown`);
    expect(slackText).toContain('Digest #1 · daily 08:00');
    expect(slackText).not.toMatch(/Page \d of/);

    const discord = renderOneMessage(long, renderDiscordMessages, (n) => `${n} more not shown`);
    expect(discord.omitted).toBeGreaterThan(0);
    expect(discordViolations(discord.message)).toEqual([]);
    expect(discord.message.embeds[0]!.footer!.text).toContain(`${discord.omitted} more not shown`);
    expect(discord.message.embeds[0]!.description).toContain('#0');
  });

  it('leave a digest that fits alone', () => {
    const short = big(2);
    const { message, omitted } = renderOneMessage(short, renderSlackMessages, () => 'never');
    expect(omitted).toBe(0);
    expect(message).toEqual(renderSlackMessages(short)[0]);
  });

  it('cut across sections, dropping the sections left empty', () => {
    const r = big(4);
    const cut = firstItems(r, 3, 'note');
    expect(cut.sections.map((s) => [s.title, s.items.length])).toEqual([
      ['Claims', 2],
      ['Events', 1],
    ]);
    expect(firstItems(r, 2).sections.map((s) => s.title)).toEqual(['Claims']);
    expect(cut.footer).toBe('Digest #1 · daily 08:00 (UTC) note');
    expect(cut.page).toBeUndefined();
  });

  it('are one message within every limit, never pinging anyone, whatever the reply (property)', () => {
    fc.assert(
      fc.property(reply, (r) => {
        const slack = slackDigestMessage(r, '/brief');
        expect(slackLimitViolations(slack)).toEqual([]);
        const discord = discordDigestMessage(r);
        expect(discordViolations(discord)).toEqual([]);
        expect(discord.allowed_mentions).toEqual({ parse: [] });
        const shown = renderOneMessage(r, renderSlackMessages, (n) => `${n} more`);
        expect(shown.omitted).toBeGreaterThanOrEqual(0);
        expect(shown.omitted).toBeLessThanOrEqual(count(r));
      }),
      { numRuns: 60 },
    );
  });
});

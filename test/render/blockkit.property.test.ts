/**
 * Property tests: for any Reply, however large or hostile its text, every page the Block Kit renderer
 * makes is within every Slack limit, nothing is lost between pages, and the page buttons are right.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_ACTIONS, renderSlackMessages } from '../../src/render/blockkit.ts';
import type { Citation, Item, Reply, Section } from '../../src/reply/reply.ts';
import { slackLimitViolations } from './blockkit-limits.ts';

// Characters that stress escaping, JSON size and clipping: entities, quotes, backslashes, newlines,
// control and bidi characters, astral symbols (surrogate pairs), lone surrogates, mrkdwn markers.
const hostileUnit = fc.constantFrom('&', '<', '>', '"', '\\', '\n', '\t', '\u0000', '\u202e', '😀', '\ud83d', '*', '_', '`', '@', 'a', 'é', ' ', '¶');
/** `size: 'max'` lets lengths reach their maximum; fast-check's default keeps them small. */
type Size = 'small' | 'max';
const text = (maxLength: number, size: Size = 'small') =>
  fc.oneof(fc.string({ maxLength, size }), fc.string({ unit: hostileUnit, maxLength, size }), fc.string({ unit: 'binary', maxLength, size }));
const mentions = fc.constantFrom('<!channel>', '<!here>', '@everyone', '<@U123ABC>', '<https://evil.example|click>', '<#C123>', '&amp;');
const anyText = (maxLength: number, size: Size = 'small') =>
  fc.oneof(text(maxLength, size), fc.tuple(text(maxLength, size), mentions, text(maxLength, size)).map(([a, m, b]) => `${a}${m}${b}`));

const citation = (size: Size = 'small'): fc.Arbitrary<Citation> =>
  fc.record({
    briefing: fc.oneof(fc.constantFrom('one', 'two'), text(80, size)),
    sentence: fc.nat(10_000),
    paragraph: fc.nat(10_000),
    text: anyText(1200, size),
  });

const item = (size: Size): fc.Arbitrary<Item> =>
  fc.record(
    {
      text: anyText(4000, size),
      label: anyText(300, size),
      notes: fc.array(anyText(600, size), { maxLength: 6, size }),
      citations: fc.array(citation(size), { maxLength: 14, size }),
    },
    { requiredKeys: ['text', 'citations'] },
  );

const section = (maxItems: number, size: Size): fc.Arbitrary<Section> =>
  fc.record({ title: anyText(400, size), items: fc.array(item(size), { maxLength: maxItems, size }) }, { requiredKeys: ['items'] });

const reply = (maxSections: number, maxItems: number, size: Size = 'small'): fc.Arbitrary<Reply> =>
  fc.record(
    {
      title: anyText(400, size),
      intro: anyText(5000, size),
      fields: fc.array(fc.record({ label: anyText(300, size), value: anyText(3000, size) }), { maxLength: 14, size }),
      sections: fc.array(section(maxItems, size), { maxLength: maxSections, size }),
      footer: anyText(3000, size),
      data: fc.constant({}),
    },
    { requiredKeys: ['title', 'sections', 'data'] },
  );

const errorReply: fc.Arbitrary<Reply> = fc.record({
  title: fc.constant('Error'),
  sections: fc.constant([]),
  data: fc.constant({}),
  error: fc.record(
    { code: fc.constant('x'), message: anyText(5000, 'max'), suggestions: fc.array(anyText(300), { maxLength: 30, size: 'max' }), usage: anyText(2000, 'max') },
    { requiredKeys: ['code', 'message'] },
  ),
});

/** Page buttons whose values are as long as a button may carry, to take the most room they can. */
const link = (valueLength: number) => (index: number) => `${index}:`.padEnd(valueLength, 'x');

function itemCount(r: Reply): number {
  return r.sections.reduce((n, s) => n + s.items.length, 0);
}

describe('Block Kit renderer limits', () => {
  it('keeps every page of any reply within every limit', () => {
    fc.assert(
      fc.property(reply(6, 12), fc.option(fc.integer({ min: 1, max: 1000 })), (r, valueLength) => {
        const messages = renderSlackMessages(r, valueLength === null ? undefined : link(valueLength));
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) expect(slackLimitViolations(m)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps huge replies within every limit', () => {
    fc.assert(
      fc.property(reply(12, 25, 'max'), (r) => {
        const messages = renderSlackMessages(r, link(1000));
        for (const m of messages) expect(slackLimitViolations(m)).toEqual([]);
      }),
      { numRuns: 10, endOnFailure: true },
    );
  });

  it('keeps error replies within every limit and in one message', () => {
    fc.assert(
      fc.property(errorReply, (r) => {
        const messages = renderSlackMessages(r, link(10));
        expect(messages).toHaveLength(1);
        expect(slackLimitViolations(messages[0]!)).toEqual([]);
        expect(messages[0]!.blocks.some((b) => b.type === 'actions')).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Block Kit pagination', () => {
  // Items are marked with their number, so each one can be found on exactly one page.
  const marked = fc.array(fc.array(fc.tuple(text(3000), fc.array(citation(), { maxLength: 12 })), { minLength: 1, maxLength: 40, size: 'max' }), { minLength: 1, maxLength: 8 }).map(
    (sections): Reply => {
      let n = 0;
      return {
        title: 'Marked',
        intro: 'intro',
        sections: sections.map((items, s) => ({
          title: s % 2 ? `Section ${s}` : undefined,
          items: items.map(([t, citations]) => ({ text: `#${++n}# ${t}`, citations })),
        })),
        footer: 'the end',
        data: {},
      };
    },
  );

  it('shows every item on exactly one page, in order, with working buttons', () => {
    fc.assert(
      fc.property(marked, (r) => {
        const messages = renderSlackMessages(r, (i) => `goto:${i}`);
        const seen: number[] = [];
        messages.forEach((m, i) => {
          for (const b of m.blocks) {
            const t = b.type === 'section' ? b.text?.text : undefined;
            const mark = t ? /^#(\d+)# /.exec(t) : null;
            if (mark) seen.push(Number(mark[1]));
          }
          const buttons = m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
          const expected = [...(i > 0 ? [[PAGE_ACTIONS.previous, `goto:${i - 1}`]] : []), ...(i < messages.length - 1 ? [[PAGE_ACTIONS.next, `goto:${i + 1}`]] : [])];
          expect(buttons.map((e) => (e.type === 'button' ? [e.action_id, e.value] : []))).toEqual(expected);
          if (messages.length > 1) expect(JSON.stringify(m.blocks)).toContain(`Page ${i + 1} of ${messages.length}`);
        });
        expect(seen).toEqual(Array.from({ length: itemCount(r) }, (_, k) => k + 1));
        expect(JSON.stringify(messages[0]!.blocks)).toContain('intro');
        expect(JSON.stringify(messages.at(-1)!.blocks)).toContain('the end');
      }),
      { numRuns: 60 },
    );
  });
});

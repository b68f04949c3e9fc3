import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/reply/reply.ts';
import { renderJson, renderText } from '../../src/render/text.ts';
import { paginate } from '../../src/render/paginate.ts';

const citation = fc.record({ briefing: fc.string(), sentence: fc.nat(), paragraph: fc.nat(), text: fc.string({ maxLength: 400 }) });
const item = fc.record({
  text: fc.string({ maxLength: 600 }),
  label: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  notes: fc.option(fc.array(fc.string({ maxLength: 200 }), { maxLength: 4 }), { nil: undefined }),
  citations: fc.array(citation, { maxLength: 4 }),
});
export const arbitraryReply: fc.Arbitrary<Reply> = fc.record({
  title: fc.string({ maxLength: 300 }),
  intro: fc.option(fc.string({ maxLength: 500 }), { nil: undefined }),
  fields: fc.option(fc.array(fc.record({ label: fc.string({ maxLength: 50 }), value: fc.string({ maxLength: 300 }) }), { maxLength: 12 }), { nil: undefined }),
  sections: fc.array(fc.record({ title: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }), items: fc.array(item, { maxLength: 30 }) }), { maxLength: 8 }),
  footer: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
  data: fc.constant({}),
});

describe('the text renderer', () => {
  it('never throws and never prints a control character, whatever the reply', () => {
    fc.assert(
      fc.property(arbitraryReply, (reply) => {
        const text = renderText(reply);
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(text.startsWith(renderText({ ...reply, sections: [], fields: [], intro: undefined, footer: undefined }))).toBe(true);
        JSON.parse(renderJson(reply));
      }),
      { numRuns: 200 },
    );
  });

  it('prints errors with suggestions and usage', () => {
    const text = renderText({ title: 'Error', sections: [], data: {}, error: { code: 'x', message: 'No one called "Shoygu".', suggestions: ['Sergei Shoigu'], usage: 'who [name]' } });
    expect(text).toBe('Error: No one called "Shoygu".\nDid you mean: Sergei Shoigu?\nUsage: who [name]');
  });
});

describe('pagination', () => {
  it('keeps every item exactly once, in order, and each page within budget', () => {
    fc.assert(
      fc.property(arbitraryReply, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 50, max: 3000 }), (reply, maxItems, maxCost) => {
        const cost = (i: { text: string }) => i.text.length + 10;
        const pages = paginate(reply, { maxItems, maxCost, itemCost: cost });
        const flat = pages.flatMap((p) => p.sections.flatMap((s) => s.items));
        expect(flat).toEqual(reply.sections.flatMap((s) => s.items));
        for (const p of pages) {
          const items = p.sections.flatMap((s) => s.items);
          expect(items.length).toBeLessThanOrEqual(maxItems);
          if (items.length > 1) expect(items.reduce((n, i) => n + Math.min(cost(i), maxCost), 0)).toBeLessThanOrEqual(maxCost);
          expect(p.page).toEqual({ index: pages.indexOf(p), count: pages.length });
        }
      }),
      { numRuns: 200 },
    );
  });
});

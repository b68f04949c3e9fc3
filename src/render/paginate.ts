/**
 * Splits a Reply into pages that each fit a platform's budget, keeping sections together where they fit
 * and splitting a long section between items (its title repeated as "… (continued)").
 * Renderers measure with their own cost function; the pages are Replies again, so any renderer draws them.
 */
import type { Item, Reply, Section } from '../reply/reply.ts';

export interface PageBudget {
  /** Largest total cost of one page's items. */
  maxCost: number;
  /** Largest number of items on one page. */
  maxItems: number;
  /** Cost of one item as the renderer will draw it. */
  itemCost(item: Item): number;
}

/** Page n of count: the title stays, the intro only on the first page, the footer only on the last. */
export function paginate(reply: Reply, budget: PageBudget): Reply[] {
  if (reply.error) return [reply];
  const pages: Section[][] = [[]];
  let cost = 0;
  let items = 0;
  const newPage = (): void => {
    pages.push([]);
    cost = 0;
    items = 0;
  };
  for (const section of reply.sections) {
    let current: Section | undefined;
    for (const item of section.items) {
      const c = Math.min(budget.itemCost(item), budget.maxCost);
      if (items > 0 && (cost + c > budget.maxCost || items + 1 > budget.maxItems)) {
        newPage();
        current = undefined;
      }
      if (!current) {
        const continued = pages.at(-1)!.length === 0 && section.title && section.items[0] !== item;
        current = { title: continued ? `${section.title} (continued)` : section.title, items: [] };
        pages.at(-1)!.push(current);
      }
      current.items.push(item);
      cost += c;
      items++;
    }
    if (section.items.length === 0) pages.at(-1)!.push({ title: section.title, items: [] });
  }
  const count = pages.length;
  return pages.map((sections, i) => ({
    ...reply,
    intro: i === 0 ? reply.intro : undefined,
    fields: i === 0 ? reply.fields : undefined,
    footer: i === count - 1 ? reply.footer : undefined,
    sections,
    page: { index: i, count },
  }));
}

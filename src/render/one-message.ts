/**
 * A reply drawn as ONE message, for posts nobody turns pages of (scheduled digests): the longest run of its
 * items, in order, that the platform's renderer draws as a single page, and a footer note saying how many
 * were left out. Works with any renderer that returns one message per page (Block Kit, Discord embeds).
 */
import type { Reply, Section } from '../reply/reply.ts';

function itemCount(reply: Reply): number {
  return reply.sections.reduce((n, s) => n + s.items.length, 0);
}

/** The reply with only its first `keep` items (sections left empty by the cut are dropped) and `note` in its footer. */
export function firstItems(reply: Reply, keep: number, note?: string): Reply {
  const sections: Section[] = [];
  let left = keep;
  for (const section of reply.sections) {
    if (section.items.length === 0) {
      // A titled empty section ("(none)") belongs to the reply only when nothing after it was cut.
      if (left > 0 || keep >= itemCount(reply)) sections.push(section);
      continue;
    }
    if (left <= 0) break;
    sections.push({ ...section, items: section.items.slice(0, left) });
    left -= Math.min(left, section.items.length);
  }
  return { ...reply, sections, page: undefined, footer: [reply.footer, note].filter(Boolean).join(' ') || undefined };
}

/**
 * The one message: the whole reply when it fits a page, otherwise as many items as fit with `note(omitted)`
 * added to the footer. Found by bisection on the number of items (a page holds fewer items, never more, as
 * items are removed from its end), so it costs a handful of renders.
 */
export function renderOneMessage<M>(reply: Reply, render: (reply: Reply) => M[], note: (omitted: number) => string): { message: M; omitted: number } {
  const whole = render({ ...reply, page: undefined });
  if (whole.length <= 1 || reply.error) return { message: whole[0]!, omitted: 0 };
  const total = itemCount(reply);
  let fits = 0;
  let fitted: M[] | undefined;
  let tooMany = total;
  while (tooMany - fits > 1) {
    const mid = Math.floor((fits + tooMany) / 2);
    const pages = render(firstItems(reply, mid, note(total - mid)));
    if (pages.length === 1) {
      fits = mid;
      fitted = pages;
    } else tooMany = mid;
  }
  fitted ??= render(firstItems(reply, fits, note(total - fits)));
  return { message: fitted[0]!, omitted: total - fits };
}

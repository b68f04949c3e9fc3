/**
 * Reply → Slack Block Kit messages, one per page, each within every limit in SLACK_LIMITS.
 *
 * A page: header (title) · intro and fields (first page) · per section a bold title, per item a section
 * (label, text, notes) and a context of its citations ("¶3 · “Shoigu claimed that…”") · a context with
 * the footer (last page) and "Page 2 of 5" · Previous/Next buttons. Every piece of text is escaped
 * (slack-text.ts) and clipped; items too large for a page are shown with less text and fewer citations.
 * The budget of a page is measured as `JSON.stringify(blocks).length`, a safe over-estimate of what Slack
 * counts, and fast-check property tests (test/render/blockkit.property.test.ts) hold it to the limits.
 */
import type { types } from '@slack/bolt';
import type { Citation, Item, Reply, Section } from '../reply/reply.ts';
import { SLACK_LIMITS } from './limits.ts';
import { paginate } from './paginate.ts';
import { clipEscaped, escapeSlack, slackText } from './slack-text.ts';

export type SlackBlock = types.HeaderBlock | types.SectionBlock | types.ContextBlock | types.ActionsBlock;

export interface SlackMessage {
  /** Fallback for notifications and screen readers; escaped like the blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** The value of a button that opens page `index` (0-based), or undefined when there is none. */
export type PageLink = (index: number) => string | undefined;

/** action_ids of the page buttons; the Slack app listens for both. */
export const PAGE_ACTIONS = { previous: 'briefing_page_previous', next: 'briefing_page_next' } as const;

// How much room each part of a page may take. These are layout choices within SLACK_LIMITS: with all of
// them at their largest (and text full of characters JSON doubles), a page still has room for an item.
const LAYOUT = {
  fallbackText: 300,
  intro: 1000,
  fieldsShown: SLACK_LIMITS.sectionFields,
  field: 150,
  footer: 600,
  sectionTitle: 150,
  itemLabel: 120,
  briefingId: 40,
  /** Longer button values are not offered, which keeps the buttons' share of a page bounded. */
  buttonValue: 1000,
  error: 1500,
  suggestionsShown: 10,
  suggestion: 80,
  usage: 500,
} as const;

/** From most to least generous: an item that does not fit a page's budget is drawn at the next level. */
const ITEM_LEVELS = [
  { text: 2000, citations: SLACK_LIMITS.contextElements, quote: 280 },
  { text: 1200, citations: 4, quote: 200 },
  { text: 600, citations: 2, quote: 120 },
  { text: 300, citations: 1, quote: 80 },
  { text: 300, citations: 0, quote: 0 },
] as const;
type ItemLevel = (typeof ITEM_LEVELS)[number];

function mrkdwn(text: string): types.MrkdwnElement {
  // verbatim: Slack must not auto-link or auto-mention anything in our (already escaped) text.
  return { type: 'mrkdwn', text, verbatim: true };
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

/** Slack refuses empty text objects. */
function filled(text: string, fallback: string): string {
  return text.trim() ? text : fallback;
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

/** Size of blocks as measured against SLACK_LIMITS.totalBlockChars; +1 for the comma between blocks. */
function cost(blocks: SlackBlock[]): number {
  return blocks.reduce((sum, b) => sum + JSON.stringify(b).length + 1, 0);
}

function headerBlock(title: string): types.HeaderBlock {
  return { type: 'header', text: plain(filled(slackText(title, SLACK_LIMITS.headerText), 'Briefing Bot')) };
}

function sectionTitleBlocks(title: string | undefined): SlackBlock[] {
  if (!title) return [];
  const text = slackText(title, LAYOUT.sectionTitle);
  return text.trim() ? [section(`*${text}*`)] : [];
}

function citationText(c: Citation, quoteMax: number, withBriefing: boolean): string {
  const where = `${withBriefing ? `${slackText(c.briefing, LAYOUT.briefingId)} ` : ''}¶${c.paragraph}`;
  const quote = slackText(c.text, quoteMax, { atWord: true });
  return quote.trim() ? `${where} · “${quote}”` : where;
}

function itemBlocks(item: Item, level: ItemLevel, withBriefing: boolean): SlackBlock[] {
  const label = item.label ? slackText(item.label, LAYOUT.itemLabel) : '';
  const notes = (item.notes ?? []).map((n) => `\n↳ ${escapeSlack(n)}`).join('');
  const body = clipEscaped(`${label.trim() ? `*${label}*  ` : ''}${escapeSlack(item.text)}${notes}`, level.text);
  const blocks: SlackBlock[] = [section(filled(body, '—'))];
  const all = item.citations;
  if (level.citations > 0 && all.length > 0) {
    const shown = all.length > level.citations ? all.slice(0, level.citations - 1) : all;
    const elements = shown.map((c) => mrkdwn(citationText(c, level.quote, withBriefing)));
    if (shown.length < all.length) elements.push(mrkdwn(`+${all.length - shown.length} more cited sentence${all.length - shown.length === 1 ? '' : 's'}`));
    blocks.push({ type: 'context', elements });
  }
  return blocks;
}

interface FittedItem {
  blocks: SlackBlock[];
  cost: number;
}

/** The most generous drawing of an item within `budget`; the last level is small enough for any page. */
function fitItem(item: Item, budget: number, withBriefing: boolean): FittedItem {
  for (const level of ITEM_LEVELS) {
    const blocks = itemBlocks(item, level, withBriefing);
    const c = cost(blocks);
    if (c <= budget) return { blocks, cost: c };
  }
  const blocks = [section('…')];
  return { blocks, cost: cost(blocks) };
}

function fieldsBlock(fields: NonNullable<Reply['fields']>): types.SectionBlock | undefined {
  if (fields.length === 0) return undefined;
  const overflow = fields.length > LAYOUT.fieldsShown;
  const shown = overflow ? fields.slice(0, LAYOUT.fieldsShown - 1) : fields;
  const texts = shown.map((f) => clipEscaped(`*${slackText(f.label, 50)}*\n${escapeSlack(f.value)}`, LAYOUT.field));
  if (overflow) texts.push(`_${fields.length - shown.length} more not shown_`);
  return { type: 'section', fields: texts.map((t) => mrkdwn(filled(t, '—'))) };
}

function button(label: string, actionId: string, value: string): types.Button {
  return { type: 'button', text: plain(label), action_id: actionId, value };
}

/** Everything on a page but its sections: header, intro, fields, footer, page number, buttons. */
function frame(page: Reply, link: PageLink | undefined): { top: SlackBlock[]; bottom: SlackBlock[] } {
  const top: SlackBlock[] = [headerBlock(page.title)];
  if (page.intro) {
    const intro = slackText(page.intro, LAYOUT.intro);
    if (intro.trim()) top.push(section(intro));
  }
  const fields = fieldsBlock(page.fields ?? []);
  if (fields) top.push(fields);

  const index = page.page?.index ?? 0;
  const count = page.page?.count ?? 1;
  const linkTo = (target: number): string | undefined => {
    const value = link?.(target);
    return value && value.length <= Math.min(LAYOUT.buttonValue, SLACK_LIMITS.buttonValue) ? value : undefined;
  };
  const previous = index > 0 ? linkTo(index - 1) : undefined;
  const next = index < count - 1 ? linkTo(index + 1) : undefined;

  const bottom: SlackBlock[] = [];
  const context: types.MrkdwnElement[] = [];
  if (page.footer) {
    const footer = slackText(page.footer, LAYOUT.footer);
    if (footer.trim()) context.push(mrkdwn(footer));
  }
  if (count > 1) {
    const stuck = index < count - 1 && !next ? ' · narrow the command to see the rest' : '';
    context.push(mrkdwn(`Page ${index + 1} of ${count}${stuck}`));
  }
  if (context.length) bottom.push({ type: 'context', elements: context });
  const buttons: types.Button[] = [];
  if (previous) buttons.push(button('◀ Previous', PAGE_ACTIONS.previous, previous));
  if (next) buttons.push(button('Next ▶', PAGE_ACTIONS.next, next));
  if (buttons.length) bottom.push({ type: 'actions', elements: buttons });
  return { top, bottom };
}

function fallbackText(page: Reply): string {
  const count = page.page?.count ?? 1;
  const parts = [page.title, page.intro, count > 1 ? `(page ${(page.page?.index ?? 0) + 1} of ${count})` : undefined];
  return filled(slackText(parts.filter(Boolean).join(' · '), LAYOUT.fallbackText), 'Briefing Bot');
}

function renderError(reply: Reply): SlackMessage {
  const error = reply.error!;
  const blocks: SlackBlock[] = [section(`:warning: ${filled(slackText(error.message, LAYOUT.error), 'Something went wrong.')}`)];
  const suggestions = (error.suggestions ?? []).slice(0, LAYOUT.suggestionsShown).map((s) => slackText(s, LAYOUT.suggestion)).filter((s) => s.trim());
  if (suggestions.length) blocks.push(section(`Did you mean ${suggestions.map((s) => `*${s}*`).join(', ')}?`));
  if (error.usage) {
    const usage = slackText(error.usage, LAYOUT.usage);
    if (usage.trim()) blocks.push({ type: 'context', elements: [mrkdwn(`Usage: ${usage}`)] });
  }
  return { text: filled(slackText(`Error: ${error.message}`, LAYOUT.fallbackText), 'Error'), blocks };
}

/** Empty titled sections show their title over "(none)"; empty untitled ones have nothing to show. */
function withoutEmptySections(sections: Section[]): Section[] {
  return sections.filter((s) => s.items.length > 0 || s.title).map((s) => (s.items.length > 0 ? s : { title: s.title, items: [{ text: '(none)', citations: [] }] }));
}

/**
 * Renders every page of a reply. `link(index)` gives the value of a button that opens page `index`;
 * without it, or when a value is too long for a button, a page has no button to the next.
 */
export function renderSlackMessages(reply: Reply, link?: PageLink): SlackMessage[] {
  if (reply.error) return [renderError(reply)];
  const sections = withoutEmptySections(reply.sections);
  const withBriefing = new Set(sections.flatMap((s) => s.items.flatMap((i) => i.citations.map((c) => c.briefing)))).size > 1;

  // The largest frame any page can get: intro and fields, footer, a long page number, both buttons
  // (a page in the middle, so that there is a page before and after it).
  const largest = frame({ ...reply, page: { index: 99_998, count: 100_000 } }, link);
  const frameBlocks = [...largest.top, ...largest.bottom];
  const itemBudget = SLACK_LIMITS.totalBlockChars - JSON.stringify(frameBlocks).length - 1;
  const blocksPerItem = sections.some((s) => s.title) ? 3 : 2;
  const maxItems = Math.max(1, Math.floor((SLACK_LIMITS.blocksPerMessage - frameBlocks.length) / blocksPerItem));

  // Every item pays for its section's title (continued or not), so any mix of sections fits a page.
  const titleCost = new Map<Item, number>();
  for (const s of sections) {
    const c = Math.max(cost(sectionTitleBlocks(s.title)), cost(sectionTitleBlocks(s.title && `${s.title} (continued)`)));
    for (const item of s.items) titleCost.set(item, c);
  }
  const fitted = new Map<Item, FittedItem>();
  const fit = (item: Item): FittedItem => {
    let f = fitted.get(item);
    if (!f) {
      f = fitItem(item, itemBudget - (titleCost.get(item) ?? 0), withBriefing);
      fitted.set(item, f);
    }
    return f;
  };
  const pages = paginate({ ...reply, sections }, { maxCost: itemBudget, maxItems, itemCost: (item) => fit(item).cost + (titleCost.get(item) ?? 0) });

  return pages.map((page) => {
    const { top, bottom } = frame(page, link);
    const body = page.sections.flatMap((s) => [...sectionTitleBlocks(s.title), ...s.items.flatMap((item) => fit(item).blocks)]);
    return { text: fallbackText(page), blocks: [...top, ...body, ...bottom] };
  });
}

/** One page of a reply (clamped to the pages there are) and how many pages there are. */
export function renderSlackPage(reply: Reply, index: number, link?: PageLink): { message: SlackMessage; index: number; count: number } {
  const messages = renderSlackMessages(reply, link);
  const i = Math.min(Math.max(0, Math.trunc(index) || 0), messages.length - 1);
  return { message: messages[i]!, index: i, count: messages.length };
}

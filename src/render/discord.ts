/**
 * Reply → Discord messages (API JSON: one embed per page, page buttons, `allowed_mentions: {parse: []}`).
 *
 * Layout of a page: the title; the description holds the intro, each section's bold title and its items
 * (`• **label** · text [1]` with notes under them); the cited sentences are numbered footnotes in "Sources"
 * fields; the footer holds the reply's footer and "Page 2 of 5". Every limit in DISCORD_LIMITS is kept by
 * construction: parts are cut in order of importance (title, footer, description, fields, sources) so the
 * embed's total stays within the 6000 characters Discord allows per message.
 *
 * Text from briefings and from users is markdown-escaped, so a name with `*` or `_` shows as typed.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Citation, Item, Reply } from '../reply/reply.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { paginate, type PageBudget } from './paginate.ts';
import { printable } from './text.ts';

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Always `{parse: []}`: nothing in a message, whoever typed it, pings anyone. */
  allowed_mentions: { parse: [] };
}

export const COLORS = { answer: 0x5865f2, error: 0xed4245 } as const;

/** The one allowed_mentions every message carries. */
export function noMentions(): { parse: [] } {
  return { parse: [] };
}

/** Zero-width space: Discord refuses empty field names and values. */
const BLANK = '\u200b';

/**
 * Markdown-escaped and stripped of control characters, for any text that did not come from us.
 * Discord shows a backslash before ASCII punctuation as just that character, so escaping costs nothing on
 * screen. One regex pass per rule: discord.js's escapeMarkdown does the same job at about 400 kB/s, too slow
 * for long answers.
 */
export function escapeText(text: string): string {
  return printable(text)
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^([ \t]*)([>#+-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=\s)/gm, '$1\\.');
}

/**
 * `text` cut to at most `max` characters (UTF-16 units, which is never fewer than Discord counts), at a
 * line or word boundary when one is near, with "…" marking the cut. Never leaves half a surrogate pair or a
 * dangling markdown escape.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return '…';
  let cut = text.slice(0, max - 1);
  const boundary = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  if (boundary > max * 0.8) cut = cut.slice(0, boundary);
  // Each cut can expose another bad ending (trailing space before a backslash, a backslash after half a
  // surrogate pair), so cut until the end is clean.
  for (;;) {
    const before = cut.length;
    cut = cut.trimEnd();
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
    if (slashes % 2 === 1) cut = cut.slice(0, -1);
    if (cut.length === before) break;
  }
  return `${cut}…`;
}

// ---------------------------------------------------------------------------------------------- items

function citationKey(c: Citation): string {
  return `${c.briefing}#${c.sentence}`;
}

function sourceLine(n: number, c: Citation, withBriefing: boolean): string {
  const where = `¶${c.paragraph} s${c.sentence}${withBriefing ? ` · ${c.briefing}` : ''}`;
  return `**[${n}]** ${escapeText(where)}: “${escapeText(fitText(c.text, DISCORD_LIMITS.citationChars))}”`;
}

function itemLines(item: Item, markers: number[]): string {
  const label = item.label ? `**${escapeText(item.label)}** · ` : '';
  const refs = markers.length ? ` [${markers.join(', ')}]` : '';
  const lines = [`• ${label}${escapeText(item.text)}${refs}`];
  for (const note of item.notes ?? []) lines.push(`  ◦ ${escapeText(note)}`);
  return lines.join('\n');
}

/** What one item costs on a page: its lines and the sentences it cites, as rendered. */
function itemCost(item: Item): number {
  const markers = item.citations.map((_, i) => i + 1);
  return itemLines(item, markers).length + 1 + item.citations.reduce((sum, c) => sum + sourceLine(99, c, true).length + 1, 0);
}

const PAGE_BUDGET: PageBudget = { maxCost: DISCORD_LIMITS.pageChars, maxItems: DISCORD_LIMITS.pageItems, itemCost };

/** The reply split into pages that each render within Discord's limits. */
export function discordPages(reply: Reply): Reply[] {
  return paginate(reply, PAGE_BUDGET);
}

// ---------------------------------------------------------------------------------------------- embed

/** Spends a shared character budget (the 6000 across a message) part by part, in order of importance. */
class Budget {
  constructor(private remaining: number) {}

  take(text: string, max: number): string {
    const out = fitText(text, Math.min(max, this.remaining));
    this.remaining -= out.length;
    return out;
  }

  get left(): number {
    return this.remaining;
  }
}

/** Packs lines into as few field values as possible, each within the field value limit. */
function packLines(lines: string[], max: number): string[] {
  const values: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = fitText(line, max);
    if (current && current.length + 1 + piece.length > max) {
      values.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) values.push(current);
  return values;
}

/** The reply's footer, then "Page 2 of 5" kept whole (the reply's footer gives way when space is short). */
function footerText(reply: Reply, max: number): string {
  const page = reply.page && reply.page.count > 1 ? `Page ${reply.page.index + 1} of ${reply.page.count}` : '';
  const own = reply.footer ? escapeText(reply.footer) : '';
  if (!page) return fitText(own, max);
  if (!own) return fitText(page, max);
  const room = max - page.length - 3;
  return room > 10 ? `${fitText(own, room)} · ${page}` : fitText(page, max);
}

function errorDescription(reply: Reply): string {
  const error = reply.error!;
  const lines = [escapeText(error.message)];
  if (error.suggestions?.length) lines.push(`Did you mean: ${error.suggestions.map(escapeText).join(', ')}?`);
  if (error.usage) lines.push(`Usage: ${escapeText(error.usage)}`);
  return lines.join('\n');
}

/** One page of a reply as one embed, within every embed limit and the message total. */
export function renderEmbed(reply: Reply): APIEmbed {
  const budget = new Budget(DISCORD_LIMITS.embedsTotalChars);
  const embed: APIEmbed = { color: reply.error ? COLORS.error : COLORS.answer };
  const title = budget.take(escapeText(reply.title).trim(), DISCORD_LIMITS.embedTitle);
  if (title) embed.title = title;

  // At most a third of what is left, so a long footer never crowds out the answer itself.
  const footer = budget.take(footerText(reply, Math.min(DISCORD_LIMITS.footerText, Math.floor(budget.left / 3))), DISCORD_LIMITS.footerText);
  if (footer) embed.footer = { text: footer };

  if (reply.error) {
    embed.description = budget.take(errorDescription(reply).trim(), DISCORD_LIMITS.embedDescription) || BLANK;
    return embed;
  }

  // Footnote numbers for the sentences this page cites, in order of first citation.
  const numbers = new Map<string, number>();
  const cited: Citation[] = [];
  const markersOf = (item: Item): number[] => [
    ...new Set(
      item.citations.map((c) => {
        const key = citationKey(c);
        if (!numbers.has(key)) {
          numbers.set(key, numbers.size + 1);
          cited.push(c);
        }
        return numbers.get(key)!;
      }),
    ),
  ];

  const fields = reply.fields ?? [];
  const asEmbedFields = fields.length <= 10 && fields.every((f) => f.label.length <= DISCORD_LIMITS.fieldName && f.value.length <= DISCORD_LIMITS.fieldValue);
  const blocks: string[] = [];
  if (reply.intro) blocks.push(escapeText(reply.intro));
  if (!asEmbedFields) blocks.push(fields.map((f) => `**${escapeText(f.label)}**: ${escapeText(f.value)}`).join('\n'));
  for (const section of reply.sections) {
    const lines: string[] = [];
    if (section.title) lines.push(`**${escapeText(section.title)}**`);
    for (const item of section.items) lines.push(itemLines(item, markersOf(item)));
    if (lines.length) blocks.push(lines.join('\n'));
  }
  const description = budget.take(blocks.filter((b) => b.trim()).join('\n\n').trim(), DISCORD_LIMITS.embedDescription);
  if (description) embed.description = description;

  const out: APIEmbedField[] = [];
  const addField = (name: string, value: string, inline: boolean): boolean => {
    if (out.length >= DISCORD_LIMITS.embedFields) return false;
    const n = fitText(name.trim() || BLANK, DISCORD_LIMITS.fieldName);
    if (budget.left < n.length + 2) return false;
    const fieldName = budget.take(n, DISCORD_LIMITS.fieldName);
    const fieldValue = budget.take(value.trim() || BLANK, DISCORD_LIMITS.fieldValue);
    out.push({ name: fieldName, value: fieldValue, inline });
    return true;
  };
  if (asEmbedFields) for (const f of fields) addField(escapeText(f.label), escapeText(f.value), true);

  if (cited.length) {
    const briefings = new Set(cited.map((c) => c.briefing));
    const withBriefing = briefings.size > 1;
    const heading = withBriefing ? 'Sources' : `Sources · ${escapeText([...briefings][0]!)}`;
    const values = packLines(
      cited.map((c, i) => sourceLine(i + 1, c, withBriefing)),
      DISCORD_LIMITS.fieldValue,
    );
    values.forEach((value, i) => addField(i === 0 ? heading : `${heading} (continued)`, value, false));
  }
  if (out.length) embed.fields = out;
  // Discord refuses an embed with nothing in it.
  if (!embed.title && !embed.description && !embed.fields) embed.description = BLANK;
  return embed;
}

// ---------------------------------------------------------------------------------------------- pages

const PAGE_BUTTON = 'pg';

/** The custom id a page button carries: `pg:<key>:<target page>` (or `pg:<key>:here` for the page counter). */
export function pageButtonId(key: string, target: number | 'here', direction: 'prev' | 'next' | 'here'): string {
  return `${PAGE_BUTTON}:${key}:${direction}:${target}`;
}

/** The pages entry and page a button points at, or undefined when the id is not a page button. */
export function parsePageButton(customId: string): { key: string; index: number } | undefined {
  const m = /^pg:([A-Za-z0-9_-]{1,40}):(prev|next):(\d{1,4})$/.exec(customId);
  return m ? { key: m[1]!, index: Number(m[3]) } : undefined;
}

function pageButtons(page: NonNullable<Reply['page']>, key: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  const button = (customId: string, label: string, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId,
    label,
    disabled,
  });
  const { index, count } = page;
  return {
    type: ComponentType.ActionRow,
    components: [
      button(pageButtonId(key, Math.max(0, index - 1), 'prev'), '◀ Previous', index === 0),
      button(pageButtonId(key, 'here', 'here'), `${index + 1} / ${count}`, true),
      button(pageButtonId(key, Math.min(count - 1, index + 1), 'next'), 'Next ▶', index === count - 1),
    ],
  };
}

export interface RenderOptions {
  /** The pages entry key; when set and the reply has several pages, the message gets page buttons. */
  pagerKey?: string;
}

/** One page as a message. */
export function renderDiscordMessage(page: Reply, options: RenderOptions = {}): DiscordMessage {
  const message: DiscordMessage = { embeds: [renderEmbed(page)], allowed_mentions: noMentions() };
  if (options.pagerKey && page.page && page.page.count > 1) message.components = [pageButtons(page.page, options.pagerKey)];
  return message;
}

/** A whole reply as consecutive messages with no buttons, for channel posts (digests) where no one turns pages. */
export function renderDiscordMessages(reply: Reply): DiscordMessage[] {
  return discordPages(reply).map((page) => renderDiscordMessage(page));
}

/** A short notice (page expired, not your pages…) as an embed message. */
export function noticeMessage(text: string): DiscordMessage {
  return { embeds: [{ color: COLORS.error, description: fitText(escapeText(text), DISCORD_LIMITS.embedDescription) }], allowed_mentions: noMentions() };
}

// ---------------------------------------------------------------------------------------------- checks

/** Every Discord limit a message breaks, as readable strings (empty when it fits); the property tests use it. */
export function discordViolations(message: DiscordMessage): string[] {
  const v: string[] = [];
  const L = DISCORD_LIMITS;
  const over = (what: string, length: number, max: number): void => {
    if (length > max) v.push(`${what}: ${length} > ${max}`);
  };
  over('content', message.content?.length ?? 0, L.messageContent);
  over('embeds', message.embeds.length, L.embedsPerMessage);
  let total = 0;
  message.embeds.forEach((e, i) => {
    over(`embed ${i} title`, e.title?.length ?? 0, L.embedTitle);
    over(`embed ${i} description`, e.description?.length ?? 0, L.embedDescription);
    over(`embed ${i} footer`, e.footer?.text.length ?? 0, L.footerText);
    over(`embed ${i} author`, e.author?.name.length ?? 0, L.authorName);
    over(`embed ${i} fields`, e.fields?.length ?? 0, L.embedFields);
    if (e.title !== undefined && !e.title.trim()) v.push(`embed ${i} title is blank`);
    if (e.description !== undefined && e.description.length === 0) v.push(`embed ${i} description is empty`);
    for (const f of e.fields ?? []) {
      over(`embed ${i} field name`, f.name.length, L.fieldName);
      over(`embed ${i} field value`, f.value.length, L.fieldValue);
      if (!f.name.trim() || !f.value.trim()) v.push(`embed ${i} has an empty field`);
    }
    if (!e.title && !e.description && !e.fields?.length) v.push(`embed ${i} is empty`);
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    total += (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0);
  });
  over('characters across embeds', total, L.embedsTotalChars);
  over('action rows', message.components?.length ?? 0, L.actionRows);
  for (const row of message.components ?? []) {
    over('components in a row', row.components.length, L.componentsPerRow);
    for (const c of row.components) {
      if (c.type !== ComponentType.Button) continue;
      if ('label' in c) over('button label', c.label?.length ?? 0, L.buttonLabel);
      if ('custom_id' in c) over('custom_id', c.custom_id.length, L.customId);
    }
  }
  if (message.allowed_mentions.parse.length !== 0) v.push('allowed_mentions parses mentions');
  return v;
}

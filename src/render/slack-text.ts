/**
 * Text bound for Slack. Slack reads `&`, `<` and `>` as control characters (`<!channel>`, `<@U123>`,
 * `<https://…|link>`, `<!date^…>`), so every piece of user or briefing text is escaped before it joins
 * a message; lengths are then measured on the escaped text, which is what Slack counts.
 */
import { printable, UNPRINTABLE_RANGE } from './text.ts';

// Slack's "automatic parsing" may turn a bare @channel/@here/@everyone into a broadcast where text is
// parsed (the fallback `text`, or a mrkdwn object without `verbatim`). A word joiner after the @ keeps
// the word readable and inert everywhere; blocks are also sent with `verbatim: true`. No word boundary
// is required after the word: clipping "@everyoneX" could otherwise leave "@everyone…".
const BROADCAST_WORDS = /@(channel|here|everyone)/gi;
// Half of a surrogate pair is not text; Slack may refuse the message over it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Any character one of the replacements below could touch: most text has none and is returned as it is (the
// replacements are most of a message's rendering time otherwise).
const NEEDS_ESCAPING = new RegExp(`[&<>@\\ud800-\\udfff${UNPRINTABLE_RANGE}]`);

/** Escapes user or briefing text for any Slack text field (mrkdwn or plain_text). */
export function escapeSlack(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return printable(text)
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST_WORDS, '@\u2060$1');
}

const ELLIPSIS = '…';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Cuts already-escaped text to at most `max` UTF-16 units, ending with "…", never inside an entity
 * (`&amp;`) or a surrogate pair. With `atWord`, prefers to cut at a space in the last fifth.
 */
export function clipEscaped(escaped: string, max: number, options: { atWord?: boolean } = {}): string {
  if (escaped.length <= max) return escaped;
  if (max < ELLIPSIS.length) return '';
  let cut = max - ELLIPSIS.length;
  // Every `&` in escaped text opens an entity of at most 5 characters (`&amp;`).
  const amp = escaped.lastIndexOf('&', cut - 1);
  if (amp !== -1 && escaped.indexOf(';', amp) >= cut) cut = amp;
  if (cut > 0 && isHighSurrogate(escaped.charCodeAt(cut - 1))) cut--;
  if (options.atWord) {
    const space = escaped.lastIndexOf(' ', cut);
    if (space > cut * 0.8) cut = space;
  }
  return escaped.slice(0, cut).trimEnd() + ELLIPSIS;
}

/** Escapes, then clips: `text` as it may appear in a field of at most `max` characters. */
export function slackText(text: string, max: number, options: { atWord?: boolean } = {}): string {
  return clipEscaped(escapeSlack(text), max, options);
}

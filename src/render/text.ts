/**
 * Reply → plain text for the console and the CLI. Control characters (terminal escapes) are
 * removed from everything printed, whether it came from a briefing or from the user.
 */
import type { Citation, Item, Reply } from '../reply/reply.ts';

/** Control characters and bidirectional overrides, as a regular-expression character range. */
export const UNPRINTABLE_RANGE = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069';
const UNPRINTABLE = new RegExp(`[${UNPRINTABLE_RANGE}]`, 'g');

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, '');
}

/** "¶3 s7" */
export function citationLabel(c: Citation): string {
  return `¶${c.paragraph} s${c.sentence}`;
}

function renderItem(item: Item, withCitations: boolean): string[] {
  const lines = [`• ${item.label ? `[${item.label}] ` : ''}${item.text}`];
  for (const note of item.notes ?? []) lines.push(`    ${note}`);
  if (withCitations) for (const c of item.citations) lines.push(`    ${citationLabel(c)} (${c.briefing}): "${c.text}"`);
  return lines;
}

export interface TextOptions {
  /** Print the cited sentences under each item (default true). */
  citations?: boolean;
}

export function renderText(reply: Reply, options: TextOptions = {}): string {
  const withCitations = options.citations ?? true;
  if (reply.error) {
    const lines = [`Error: ${reply.error.message}`];
    if (reply.error.suggestions?.length) lines.push(`Did you mean: ${reply.error.suggestions.join(', ')}?`);
    if (reply.error.usage) lines.push(`Usage: ${reply.error.usage}`);
    return printable(lines.join('\n'));
  }
  const lines = [reply.title];
  if (reply.intro) lines.push(reply.intro);
  for (const f of reply.fields ?? []) lines.push(`${f.label}: ${f.value}`);
  for (const section of reply.sections) {
    lines.push('');
    if (section.title) lines.push(`== ${section.title} ==`);
    for (const item of section.items) lines.push(...renderItem(item, withCitations));
  }
  if (reply.footer) lines.push('', reply.footer);
  return printable(lines.join('\n'));
}

/**
 * The JSON contract: the command's data, or `{error: {code, message}}`. Characters a terminal would act on
 * (C1 controls, bidirectional overrides) are written as \u escapes: the data is the same, the screen is safe.
 */
export function renderJson(reply: Reply): string {
  const json = JSON.stringify(reply.error ? { error: reply.data.error ?? { code: reply.error.code, message: reply.error.message } } : reply.data, null, 2);
  return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * What a page button carries: the command, its raw options and the page to show.
 *
 * Stateless on purpose, rather than a cache of rendered replies: commands are pure, cheap functions of
 * (briefings, options), so re-running one costs less than keeping replies around. A button then keeps
 * working after a restart, on any replica, for as long as Slack keeps the message, and no memory grows
 * with traffic. A value is checked again like typed input (the registry's zod schema runs on it), so a
 * forged value can do no more than typing the command. The price: if the briefings are reloaded between
 * two clicks, the next page comes from the new briefings (the page index is clamped to what exists).
 */
import { z } from 'zod';
import type { RawOptions } from '../../commands/parse-text.ts';

export interface PageState {
  command: string;
  options: RawOptions;
  page: number;
}

const PREFIX = 'p1.';

const stateSchema = z.object({
  c: z.string().min(1).max(64),
  o: z.record(z.string().max(64), z.union([z.string().max(4000), z.boolean()])),
  p: z.number().int().min(0).max(1_000_000),
});

export function encodePageState(state: PageState): string {
  return PREFIX + Buffer.from(JSON.stringify({ c: state.command, o: state.options, p: state.page }), 'utf8').toString('base64url');
}

/** The state in a button value, or undefined for anything that is not one of ours. */
export function decodePageState(value: unknown): PageState | undefined {
  if (typeof value !== 'string' || !value.startsWith(PREFIX)) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(Buffer.from(value.slice(PREFIX.length), 'base64url').toString('utf8')));
    return parsed.success ? { command: parsed.data.c, options: parsed.data.o, page: parsed.data.p } : undefined;
  } catch {
    return undefined;
  }
}

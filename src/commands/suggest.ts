import { editDistance } from '../briefing/names.ts';

/** Closest strings to `input`, for "did you mean" on command and option names. */
export function suggest(input: string, candidates: string[], limit = 3): string[] {
  return candidates
    .map((c) => ({ c, d: c.startsWith(input) && input.length > 0 ? 0 : editDistance(input, c, 4) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(input.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((x) => x.c);
}

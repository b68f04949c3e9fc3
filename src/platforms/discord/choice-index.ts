/**
 * Finds, among many choices (tens of thousands of claimants at 10,000 briefings), those whose folded texts
 * contain what was typed, without testing each text: every text is laid end to end in one string, so a match is
 * a native `indexOf` jump, and where it lands says how good it is (at a text's start, at a word's start, inside
 * a word). Choices are kept in name order, so the first matches of the best rank are the answer.
 */
import { foldName } from '../../briefing/names.ts';
import { lowerBound } from '../../briefing/packed.ts';

/** Never produced by foldName (it keeps letters, digits and single spaces), so a match can't span two texts. */
const SEPARATOR = '\n';

export interface ChoiceIndexEntry<T> {
  value: T;
  /** Already folded with foldName. */
  folded: string[];
}

export class ChoiceIndex<T> {
  private readonly text: string;
  /** Where each text starts in `text`, and the entry it belongs to. */
  private readonly starts: Int32Array;
  private readonly owners: Int32Array;

  constructor(private readonly entries: ReadonlyArray<ChoiceIndexEntry<T>>) {
    const parts: string[] = [];
    const starts: number[] = [];
    const owners: number[] = [];
    let at = 0;
    entries.forEach((entry, i) => {
      for (const text of entry.folded) {
        starts.push(at + 1);
        owners.push(i);
        parts.push(SEPARATOR, text);
        at += 1 + text.length;
      }
    });
    this.text = parts.join('');
    this.starts = Int32Array.from(starts);
    this.owners = Int32Array.from(owners);
  }

  /** The text a position of `text` falls in: the last one starting at or before it. */
  private textAt(position: number): number {
    return lowerBound(this.starts, position + 1) - 1;
  }

  /**
   * At most `limit` entries matching `typed` (folded here): those with a text starting with it first, then those
   * with a later word starting with it, then those containing it; each tier in entry order.
   */
  search(typed: string, limit: number): T[] {
    const query = foldName(typed);
    if (!query) return this.entries.slice(0, limit).map((e) => e.value);
    const bestRank = new Map<number, number>();
    for (let at = this.text.indexOf(query); at >= 0; at = this.text.indexOf(query, at + 1)) {
      const owner = this.owners[this.textAt(at)]!;
      const before = this.text[at - 1];
      const rank = before === SEPARATOR ? 0 : before === ' ' ? 1 : 2;
      const known = bestRank.get(owner);
      if (known === undefined || rank < known) bestRank.set(owner, rank);
    }
    const tiers: number[][] = [[], [], []];
    for (const [owner, rank] of bestRank) tiers[rank]!.push(owner);
    const out: T[] = [];
    for (const tier of tiers) {
      if (out.length >= limit) break;
      tier.sort((a, b) => a - b);
      for (const owner of tier.slice(0, limit - out.length)) out.push(this.entries[owner]!.value);
    }
    return out;
  }
}

/**
 * The names a question uses, looked up in every briefing of the library at once: for each run of the
 * question's words that is a name somewhere, the briefings that have it (from the library-wide postings).
 * Briefings with the same set of matching runs see the same names in the question, so the answerer's
 * per-briefing rules ("a name this briefing does not know but another does") are decided once per set,
 * not once per briefing.
 */
import { nameWords } from './analyze.ts';
import type { LexicalIndex } from './corpus.ts';

export interface NameSpan {
  /** Word positions in nameWords(question), end exclusive. */
  from: number;
  to: number;
  /** Character offsets in the question. */
  start: number;
  end: number;
}

/** At most this many distinct runs of words are told apart (a bit each). */
const MAX_RUNS = 31;

export class QuestionNames {
  /** Runs of the question's words that some briefing has as a name. */
  private readonly runs: NameSpan[] = [];
  /** Briefing position → which runs it has (bit i: runs[i]). */
  readonly signatures = new Map<number, number>();
  /** Each distinct signature with the first two briefings (by position) that have it. */
  private readonly holders: Array<{ signature: number; first: number; second: number }> = [];
  private readonly spanMemo = new Map<number, NameSpan[]>();

  constructor(text: string, lexical: LexicalIndex) {
    const words = nameWords(text);
    for (let from = 0; from < words.length; from++) {
      for (let to = from + 1; to <= Math.min(words.length, from + lexical.longestPhrase); to++) {
        const keys = [lexical.briefingsNaming(words.slice(from, to).map((w) => w.key).join(' '))];
        if (to === from + 1) keys.push(lexical.briefingsNaming(`=${words[from]!.raw.replace(/\./g, '')}\u0000${words[from]!.key}`));
        for (const positions of keys) {
          if (positions.length === 0 || this.runs.length >= MAX_RUNS) continue;
          const bit = 1 << this.runs.length;
          this.runs.push({ from, to, start: words[from]!.start, end: words[to - 1]!.end });
          for (const p of positions) this.signatures.set(p, (this.signatures.get(p) ?? 0) | bit);
        }
      }
    }
    const byPosition = [...this.signatures.keys()].sort((a, b) => a - b);
    const index = new Map<number, number>();
    for (const p of byPosition) {
      const signature = this.signatures.get(p)!;
      const at = index.get(signature);
      if (at === undefined) {
        index.set(signature, this.holders.length);
        this.holders.push({ signature, first: p, second: -1 });
      } else if (this.holders[at]!.second < 0) this.holders[at]!.second = p;
    }
  }

  /** Whether any briefing has a name the question uses. */
  get any(): boolean {
    return this.runs.length > 0;
  }

  signatureOf(position: number): number {
    return this.signatures.get(position) ?? 0;
  }

  /** The names a briefing with this signature finds in the question: longest first, left to right (as findMentions). */
  spansOf(signature: number): NameSpan[] {
    let spans = this.spanMemo.get(signature);
    if (spans) return spans;
    spans = [];
    const last = this.runs.reduce((m, r) => Math.max(m, r.to), 0);
    for (let i = 0; i < last; ) {
      let best: NameSpan | undefined;
      this.runs.forEach((r, bit) => {
        if (signature & (1 << bit) && r.from === i && (!best || r.to > best.to)) best = r;
      });
      if (best) {
        spans.push(best);
        i = best.to;
      } else i++;
    }
    this.spanMemo.set(signature, spans);
    return spans;
  }

  /**
   * The names the question uses that other briefings than the one at `position` know, where the question
   * does not already name something of that briefing (`own`): taken briefing by briefing in library order,
   * each kept unless it overlaps one kept before.
   */
  elsewhere(position: number, own: ReadonlyArray<{ start: number; end: number }>): NameSpan[] {
    const out: NameSpan[] = [];
    const order = this.holders
      .map((h) => ({ signature: h.signature, at: h.first === position ? h.second : h.first }))
      .filter((h) => h.at >= 0)
      .sort((a, b) => a.at - b.at);
    const overlaps = (s: NameSpan, list: ReadonlyArray<{ start: number; end: number }>): boolean => list.some((x) => s.start < x.end && s.end > x.start);
    for (const { signature } of order) {
      for (const s of this.spansOf(signature)) if (!overlaps(s, own) && !overlaps(s, out)) out.push(s);
    }
    return out;
  }

  /** The briefing positions that name something in the question, ascending. */
  positions(): number[] {
    return [...this.signatures.keys()].sort((a, b) => a - b);
  }

  /** Distinct signatures, each with the briefings that have it (ascending). */
  groups(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const p of this.positions()) {
      const s = this.signatures.get(p)!;
      const list = out.get(s);
      if (list) list.push(p);
      else out.set(s, [p]);
    }
    return out;
  }
}

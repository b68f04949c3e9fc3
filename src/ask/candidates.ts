/**
 * Which briefings a question can be answered from, chosen library-wide without analysing any of them
 * (corpus.ts): each briefing scores the weight of the question's words it holds (by concept, or by the
 * word's own stem, since the question is lemmatised and the library-wide index is not) and the names of
 * the question it has. The best few go on to precise scoring; a briefing holding less than half of what
 * the best holds cannot give the better answer.
 */
import type { Briefing } from '../briefing/model.ts';
import { conceptOf } from './analyze.ts';
import type { AskIndex } from './index.ts';
import { ENTITY_WEIGHT_FLOOR, type Question } from './question.ts';

/** At most this many briefings are scored precisely for one question. */
export const MAX_CANDIDATES = 6;
/** A candidate holds at least this share of what the best candidate holds. */
const CANDIDATE_SHARE = 0.5;
/** A question none of whose specific words or names any briefing holds is refused; a few briefings give its nearest facts. */
const NOTHING_SPECIFIC_CANDIDATES = 2;

export function candidateBriefings(index: AskIndex, q: Question, scope: Briefing[]): Briefing[] {
  const { library } = index;
  if (index.whole || scope.length <= 1) return scope;
  const lexical = index.lexical;
  const count = library.briefings.length;
  const score = new Float64Array(count);
  const stamp = new Int32Array(count).fill(-1);
  let specific = false;
  const addTerm = (t: Question['terms'][number], i: number): void => {
    for (const concept of new Set([t.concept, conceptOf(q.text.slice(t.start, t.end))])) {
      const positions = lexical.briefingsWith(concept);
      if (positions.length && !t.generic) specific = true;
      for (const p of positions) {
        if (stamp[p] === i) continue;
        stamp[p] = i;
        score[p]! += t.weight;
      }
    }
  };
  q.terms.forEach((t, i) => {
    if (!t.generic) addTerm(t, i);
  });
  for (const [signature, positions] of q.names.groups()) {
    const weight = ENTITY_WEIGHT_FLOOR * q.names.spansOf(signature).length;
    if (weight > 0) specific = true;
    for (const p of positions) score[p]! += weight;
  }
  // A general word ("happen", "say") tells how the question is asked, not what about: among thousands of
  // briefings holding its specific words, one that also says "happened" is no likelier to answer it.
  if (!specific) {
    q.terms.forEach((t, i) => {
      if (t.generic) addTerm(t, i);
    });
  }
  const inScope = scope.length === count ? undefined : new Set(scope.map((b) => library.positionOf(b)));
  const limit = specific ? MAX_CANDIDATES : NOTHING_SPECIFIC_CANDIDATES;
  // The best `limit` positions by score (ties: library order), kept sorted best first.
  const best: number[] = [];
  for (let p = 0; p < count; p++) {
    const s = score[p]!;
    if (s <= 0 || (inScope && !inScope.has(p))) continue;
    if (best.length === limit && s <= score[best[limit - 1]!]!) continue;
    let at = best.length;
    while (at > 0 && score[best[at - 1]!]! < s) at--;
    best.splice(at, 0, p);
    if (best.length > limit) best.pop();
  }
  if (best.length === 0) return (inScope ? scope : library.briefings).slice(0, NOTHING_SPECIFIC_CANDIDATES);
  const floor = score[best[0]!]! * CANDIDATE_SHARE;
  return best.filter((p) => score[p]! >= floor).sort((a, b) => a - b).map((p) => library.briefings[p]!);
}

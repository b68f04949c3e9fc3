/**
 * Name folding and fuzzy matching for entity lookup: case-, accent- and spelling-variant-insensitive,
 * so "sebastien lecornu", "LECORNU" and "French defense minister" all find Sébastien Lecornu.
 */

// British and American spellings that news text mixes freely. A Map, not an object literal: a name such as
// "constructor" must not find Object.prototype's members.
const SPELLING = new Map<string, string>([
  ['defence', 'defense'],
  ['organisation', 'organization'],
  ['organisations', 'organizations'],
  ['programme', 'program'],
  ['centre', 'center'],
  ['offence', 'offense'],
  ['labour', 'labor'],
]);

const LEADING_ARTICLE = /^(?:(?:the|a|an) )+/;
const ASCII = /^[\x00-\x7f]*$/;

export function foldName(name: string): string {
  // Plain ASCII (most names, and every query typed on an English keyboard) needs no Unicode decomposition.
  const words = ASCII.test(name)
    ? name.toLowerCase().replace(/['`]s\b/g, '').replace(/[^a-z0-9]+/g, ' ')
    : name
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[’'`]s\b/g, '')
        .replace(/[^\p{L}\p{N}]+/gu, ' ');
  return words
    .trim()
    .split(' ')
    .map((w) => SPELLING.get(w) ?? w)
    .join(' ')
    .replace(LEADING_ARTICLE, '');
}

// Two rows reused across calls: editDistance runs thousands of times per fuzzy lookup.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance, cut off early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2 + 1);
    rowB = new Int32Array(b.length * 2 + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return prev[b.length]!;
}

/**
 * How well a folded query matches a folded candidate name, 0 (no match) to 1 (exact):
 * exact, then every query word being a word of the name ("lecornu" in "sebastien lecornu"),
 * then typos within a small edit distance per word.
 */
export function nameScore(query: string, candidate: string): number {
  if (!query || !candidate) return 0;
  if (query === candidate) return 1;
  const qWords = query.split(' ');
  const cWords = candidate.split(' ');
  if (qWords.every((w) => cWords.includes(w))) return 0.9 * (qWords.length / cWords.length) + 0.05;
  if (candidate.startsWith(query) && query.length >= 3) return 0.6;
  // Typos: each query word close to some name word.
  let total = 0;
  for (const w of qWords) {
    const allowed = w.length <= 4 ? 1 : 2;
    let best = Infinity;
    for (const c of cWords) best = Math.min(best, editDistance(w, c, allowed));
    if (best > allowed) return 0;
    total += best;
  }
  return Math.max(0.05, 0.75 - 0.1 * total);
}

/** A role ("Russian Defense Minister") matches when it is the query, or holds every query word. */
export function roleScore(query: string, role: string): number {
  if (query === role) return 1;
  const roleWords = role.split(' ');
  const qWords = query.split(' ');
  return qWords.every((w) => roleWords.includes(w)) ? 0.9 * (qWords.length / roleWords.length) + 0.05 : 0;
}

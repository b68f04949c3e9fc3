/** Verbs of saying: recognising their inflected forms ("said", "denies", "calling for") and their claim kind. */
import type { ClaimKind } from '../briefing/schema.ts';
import type { Token } from './analyse.ts';
import { SPEECH_NEEDS, SPEECH_VERBS } from './lexicon.ts';

const IRREGULAR: Record<string, string> = {
  said: 'say', says: 'say', saying: 'say', told: 'tell', tells: 'tell', telling: 'tell', wrote: 'write',
  written: 'write', writes: 'write', writing: 'write', denied: 'deny', denies: 'deny', underlined: 'underline',
};

/** The lemma of a verb form when it is one of the speech verbs. */
export function speechLemma(word: string): string | undefined {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w];
  if (SPEECH_VERBS[w]) return w;
  const candidates = [
    w.replace(/ied$/, 'y'), w.replace(/ies$/, 'y'), w.replace(/ed$/, ''), w.replace(/d$/, ''), w.replace(/es$/, ''),
    w.replace(/s$/, ''), w.replace(/ing$/, ''), w.replace(/ing$/, 'e'), w.replace(/(\w)\1ed$/, '$1'), w.replace(/(\w)\1ing$/, '$1'),
  ];
  return candidates.find((c) => c !== w && SPEECH_VERBS[c] !== undefined);
}

const SKIPPABLE = /^(?:has|have|had|also|then|later|repeatedly|earlier|previously|again|already|once|publicly|privately|has|will|would|could|did|does|do|,)$/;

/** True when a speech verb (possibly after auxiliaries) starts at tokens[i]. */
export function isSpeechVerbAt(tokens: Token[], i: number): boolean {
  for (let p = i; p < Math.min(tokens.length, i + 3); p++) {
    const t = tokens[p]!;
    if (speechVerb(tokens, p)) return true;
    if (!SKIPPABLE.test(t.lower)) return false;
  }
  return false;
}

/** The claim kind when tokens[i] is a speech verb used as one. */
export function speechVerb(tokens: Token[], i: number): { lemma: string; kind: ClaimKind } | undefined {
  const t = tokens[i]!;
  if (!/^\p{Ll}/u.test(t.text)) return undefined;
  const lemma = speechLemma(t.lower);
  if (!lemma) return undefined;
  const prev = tokens[i - 1];
  // compromise reads "calls on" in "a resolution ... calls on the parties" as a plural noun.
  const nounAsVerb = /s$/.test(t.lower) && t.tags.has('Noun') && prev !== undefined && !prev.tags.has('Determiner') && !prev.tags.has('Adjective') && (lemma === 'call' || lemma === 'urge' || lemma === 'warn');
  const isVerb = t.tags.has('Verb') || /^(?:said|says|told|tells)$/.test(t.lower) || nounAsVerb;
  if (!isVerb) return undefined;
  const need = SPEECH_NEEDS[lemma];
  // "repeated that message": "that" as a determiner introduces an object, not what was said.
  const next = tokens[i + 1];
  if (need && next?.lower === 'that' && next.tags.has('Determiner') && tokens[i + 2]?.tags.has('Noun') && !tokens[i + 2]?.tags.has('Pronoun')) return undefined;
  if (need) {
    const rest = tokens.slice(i + 1, i + 6).map((x) => x.text).join(' ').replace(/ (['’]s)\b/g, '$1');
    if (!need.test(rest.trim())) return undefined;
  }
  return { lemma, kind: SPEECH_VERBS[lemma]! };
}

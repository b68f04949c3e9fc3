/**
 * Claims: who said what. Reported speech ("X said (that) ...", "..., X said", "said X, chairman of ...",
 * "according to X"), direct quotes, coordinated verbs ("denied ... and accused ..."), statements named by
 * a noun ("Shoigu's comment that ...", "Lecornu's denial of ...") and accounts ("the ministry's version of
 * the call indicated ..."). The speaker is a named entity, a pronoun resolved to the last fitting speaker
 * or name, a description matched to a person's role ("Turkey's interior minister"), or an unnamed source
 * ("a U.N. source", "Iranian officials") kept as a group entity.
 */
import { foldName } from '../briefing/names.ts';
import type { ClaimKind } from '../briefing/schema.ts';
import type { AnalysedArticle, AnalysedSentence, Token } from './analyse.ts';
import type { DraftEntity, EntityTable } from './entities.ts';
import { ACCOUNT_NOUNS, GROUP_HEADS, ORG_HEADS, ORG_NOUNS, ROLE_NOUNS, SPEAKER_HEADS, STATEMENT_NOUNS, TITLE_WORDS } from './lexicon.ts';
import { isLowerWord, type NameMention } from './mentions.ts';
import { matchRole } from './descriptions.ts';
import { speechLemma, speechVerb } from './speech.ts';

export interface DraftClaim {
  claimant: DraftEntity;
  via?: string;
  kind: ClaimKind;
  text: string;
  quote?: string;
  about: DraftEntity[];
  /** Offsets in the body of the sentences that carry the claim. */
  evidence: { start: number; end: number };
  sentences: number[];
}

interface UnitToken extends Token {
  sentence: AnalysedSentence;
  inQuote: boolean;
}

const DETERMINER = /^(?:the|a|an|this|that|these|those|his|her|its|their|our|some|one|two|three|several|another|each|every|many|most|all)$/;
const AUX = /^(?:has|have|had|also|then|later|repeatedly|earlier|previously|again|already|once|publicly|privately|will|would|could|did|does|do|may|might|must|should|can|not|simply|just|now|recently|today|yesterday|on|last|this|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
const BE = /^(?:is|are|was|were|be|been|being)$/;
const PRONOUN_WORDS = /^(?:he|she|it|they)$/;
const INVERTING = /^(?:say|add|tell|write|ask|note|explain|continue|reply|insist|warn|declare|announce|state|argue)$/;
const QUANTIFIER_PREFIX = /^(?:(?:one|some|many|most|two|three|several|all|each|none|both|any) of (?:the|its|their|his|her) |(?:a|an|the|one|another|some|two|three|several|this|that) )?(?:(?:second|third|fourth|first|other|another|same) )?/i;

function unitTokens(sentences: AnalysedSentence[], quotes: Array<[number, number]>): UnitToken[] {
  // Only a quotation that closes counts: a stray or mismatched quote mark must not swallow the attribution.
  const inside = (t: Token): boolean => quotes.some(([a, b]) => t.start >= a && t.end <= b);
  return sentences.flatMap((s) => s.tokens.map((t) => ({ ...t, sentence: s, inQuote: inside(t) })));
}

/** Direct quotations in a unit: [start, end) offsets of the inner text. */
function quotations(body: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const text = body.slice(from, to);
  const re = /["“]([^"“”]{3,}?)["”]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([from + m.index + 1, from + m.index + 1 + m[1]!.length]);
  return out;
}

export function extractClaims(article: AnalysedArticle, table: EntityTable, mentions: NameMention[]): DraftClaim[] {
  const body = article.body;
  const claims: DraftClaim[] = [];
  const mentionAt = new Map<number, NameMention>();
  for (const m of mentions) for (const t of m.tokens) mentionAt.set(t.start, m);
  for (const m of mentions) if (m.roleOnly) for (const t of m.tokens) mentionAt.set(t.start, m);
  const ordered = mentions.filter((m) => table.entityOf(m)).sort((a, b) => a.start - b.start);
  const bySentence = new Map<AnalysedSentence, NameMention[]>();
  for (const m of ordered) bySentence.set(m.sentence, [...(bySentence.get(m.sentence) ?? []), m]);
  /** Entities named before an offset, nearest first (a bounded look back keeps long articles fast). */
  function namedBefore(offset: number, fits: (e: DraftEntity) => boolean): DraftEntity | undefined;
  function namedBefore(offset: number, fits: (e: DraftEntity) => boolean, withOffset: true): { entity: DraftEntity; start: number } | undefined;
  function namedBefore(offset: number, fits: (e: DraftEntity) => boolean, withOffset = false): DraftEntity | { entity: DraftEntity; start: number } | undefined {
    const limit = 400;
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ordered[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0 && k >= lo - limit; k--) {
      const e = table.entityOf(ordered[k]!)!;
      if (fits(e)) return withOffset ? { entity: e, start: ordered[k]!.start } : e;
    }
    return undefined;
  }

  let last: { entity: DraftEntity; paragraph: number; sentence: number; quoted: boolean; at: number } | undefined;
  const useOrder = new Map<DraftEntity, number>();
  let useCounter = 0;
  const lastUse = (e: DraftEntity): number => useOrder.get(e) ?? -1;
  const units = new Map<number, AnalysedSentence[]>();
  for (const s of article.sentences) if (s.kind === 'body') units.set(s.unit, [...(units.get(s.unit) ?? []), s]);

  for (const sentences of units.values()) {
    const from = sentences[0]!.start;
    const to = sentences.at(-1)!.end;
    const quotes = quotations(body, from, to);
    const T = unitTokens(sentences, quotes);
    const unitClaims: DraftClaim[] = [];
    const speakerInSentence = new Map<AnalysedSentence, DraftEntity>();

    const entityAtToken = (t: UnitToken | undefined): DraftEntity | undefined => {
      const m = t ? mentionAt.get(t.start) : undefined;
      return m ? table.entityOf(m) : undefined;
    };

    /** The speaker a noun phrase T[a..b] names. */
    const resolveNP = (a: number, b: number, pos: number): { entity: DraftEntity; surface: string } | undefined => {
      if (a > b) return undefined;
      let np = T.slice(a, b + 1);
      const surface = body.slice(np[0]!.start, np.at(-1)!.end);
      if (np.length === 1 && PRONOUN_WORDS.test(np[0]!.lower)) {
        const e = resolvePronoun(np[0]!.lower, np[0]!.sentence, pos);
        return e ? { entity: e, surface } : undefined;
      }
      // "one of the Iranian officials" → "Iranian officials"; the head comes before any "of/in/at" tail.
      // A name with its title ("U.S. Secretary of State John Kerry") is one mention, "of" and all.
      const lastMention = mentionAt.get(np.at(-1)!.start);
      if (lastMention && lastMention.fullStart <= np[0]!.start + 0 && table.entityOf(lastMention)) return { entity: table.entityOf(lastMention)!, surface };
      if (lastMention && table.entityOf(lastMention) && np.every((t) => t.start >= lastMention.fullStart || DETERMINER.test(t.lower) || /^['’]s$/.test(t.text))) return { entity: table.entityOf(lastMention)!, surface };
      const ofAt = np.findIndex((t, i) => i > 0 && /^(?:of|in|at|from|for|on)$/.test(t.lower) && !(i === 1 && /^(?:one|some|many|most|two|three|several|all|each|none|both|any)$/.test(np[0]!.lower)));
      const headPart = ofAt > 0 ? np.slice(0, ofAt) : np;
      // "the ministry's version of the call": the possessor is the source.
      const possessive = headPart.findIndex((t) => /^['’]s$/.test(t.text));
      if (possessive > 0 && ACCOUNT_NOUNS.has(headPart.at(-1)!.lower)) {
        const start = np.indexOf(headPart[0]!);
        return resolveNP(a + start, a + start + possessive - 1, pos);
      }
      const head = headPart.at(-1)!;
      const named = entityAtToken(head) ?? (headPart.length > 1 && ORG_NOUNS.has(head.lower) ? entityAtToken(headPart.at(-2)) : undefined);
      if (named) return { entity: named, surface };
      np = headPart;
      if (!isSpeakerHead(head, article) && !(np.length >= 2 && isSpeakerHead(np.at(-2)!, article))) return undefined;
      const words = np.filter((t) => /\p{L}/u.test(t.text) && !/^['’]s$/.test(t.text));
      // The name keeps an "of" tail ("U.N. commission of inquiry") but not a place ("... in Congress").
      const full = T.slice(a, b + 1);
      const placeTail = full.findIndex((t, i) => i > 0 && /^(?:in|at|from|for|on)$/.test(t.lower));
      const named_ = placeTail > 0 ? full.slice(0, placeTail) : full;
      const description = body.slice(named_[0]!.start, named_.at(-1)!.end).replace(QUANTIFIER_PREFIX, '');
      const definite = np[0]!.lower === 'the' || /^(?:his|her|its|their)$/.test(np[0]!.lower);
      // A title or role describing a person already named: "Turkey's interior minister".
      const person = matchRole(words, table, definite);
      if (person) {
        table.addAlias(person, description);
        return { entity: person, surface };
      }
      // "the news outlet reported", "the ministry said": the organisation speaking last, or named last.
      if (definite && words.length <= 3 && (ORG_NOUNS.has(head.lower) || /^(?:outlet|ministry|agency|newspaper|paper|broadcaster|company|government|organisation|organization)$/.test(head.lower))) {
        const orgLike = (e: DraftEntity): boolean => (e.kind === 'organisation' || e.kind === 'group') && !e.anonymous;
        if (last && orgLike(last.entity) && np[0]!.sentence.paragraph - last.paragraph <= 2) return { entity: last.entity, surface };
        const named = namedBefore(np[0]!.start, orgLike);
        if (named) return { entity: named, surface };
      }
      // "the Premier said", "the president added": the titled person who spoke last.
      if (definite && TITLE_WORDS.has(head.lower) && last?.entity.kind === 'person' && last.entity.role && np[0]!.sentence.paragraph - last.paragraph <= 2) {
        const role = foldName(last.entity.role).split(' ');
        if (role.some((w) => TITLE_WORDS.has(w))) return { entity: last.entity, surface };
      }
      // "the official", "the second official": the last unnamed source with that head.
      if (definite) {
        const prior = anonymousWithHead(head.lower, words.map((w) => w.lower));
        if (prior) return { entity: prior, surface };
      }
      if (!description.trim()) return undefined;
      return { entity: anonymous(description, np[0]!.start, np.at(-1)!.end), surface };
    };

    const anonymousWithHead = (head: string, words: string[]): DraftEntity | undefined => {
      const singular = head.replace(/s$/, '');
      const modifiers = words.filter((w) => !DETERMINER.test(w) && !/^(?:second|third|first|other|senior)$/.test(w) && w.replace(/s$/, '') !== singular);
      const candidates = table.entities.filter((e) => e.anonymous && foldName(e.name).split(' ').at(-1)!.replace(/s$/, '') === singular);
      const withWords = candidates.filter((e) => modifiers.every((w) => foldName(e.name).includes(foldName(w))));
      const pool = withWords.length ? withWords : modifiers.length ? [] : candidates;
      return pool.sort((x, y) => lastUse(y) - lastUse(x))[0];
    };

    const anonymous = (description: string, start: number, end: number): DraftEntity => {
      const name = description.charAt(0).toUpperCase() + description.slice(1);
      const key = foldName(name).replace(/s$/, '');
      const existing = table.get(foldName(name)) ?? table.entities.find((e) => e.anonymous && foldName(e.name).replace(/s$/, '') === key);
      if (existing) return existing;
      // A single capitalised word is a name nobody tagged (an organisation); a description is a group.
      const head = foldName(name).split(' ').at(-1)!;
      const kind = (/^\p{Lu}\S*$/u.test(description.trim()) && !GROUP_HEADS.has(foldName(name))) || ORG_HEADS.has(head) ? 'organisation' : 'group';
      return table.add(name, kind, { start, end }, { anonymous: !/^\p{Lu}\S*$/u.test(description.trim()) });
    };

    const resolvePronoun = (pronoun: string, s: AnalysedSentence, pos: number): DraftEntity | undefined => {
      const fits = (e: DraftEntity): boolean => {
        if (pronoun === 'he' || pronoun === 'she') {
          if (e.kind === 'person') return !e.gender || e.gender === (pronoun === 'he' ? 'male' : 'female');
          // An unnamed individual ("a senior official", "a U.N. source"), not an institution ("the court").
          const head = foldName(e.name).split(' ').at(-1)!;
          return Boolean(e.anonymous && !/s$/.test(head) && (ROLE_NOUNS.has(head) || head === 'source'));
        }
        if (pronoun === 'it') return (e.kind === 'organisation' || e.kind === 'country' || e.kind === 'group') && !(e.anonymous && /s$/.test(foldName(e.name)));
        return e.kind !== 'person' && e.kind !== 'place';
      };
      const inSentence = speakerInSentence.get(s);
      if (inSentence && fits(inSentence)) return inSentence;
      const before = (bySentence.get(s) ?? []).filter((m) => m.start < T[pos]!.start).map((m) => table.entityOf(m)!).filter(fits);
      const human = pronoun === 'he' || pronoun === 'she';
      if (!human && before.length) return before.at(-1);
      // The speaker of the sentence just before is the likeliest "he"; after other sentences, a fitting name
      // introduced since that speaker spoke is nearer ("... sued the airline. He also insisted ...").
      if (last && fits(last.entity) && s.index - last.sentence <= 1) return last.entity;
      if (before.length) return before.at(-1);
      const nearest = namedBefore(T[pos]!.start, fits, true);
      if (nearest && (!last || !fits(last.entity) || nearest.start > last.at)) return nearest.entity;
      if (last && fits(last.entity) && s.paragraph - last.paragraph <= 2) return last.entity;
      return nearest?.entity;
    };

    /** Collects a noun phrase ending at T[p], walking left. */
    const npBefore = (p: number): [number, number] | undefined => {
      const end = p;
      let q = p;
      let sawNoun = false;
      while (q >= 0) {
        const t = T[q]!;
        if (t.inQuote || t.sentence !== T[end]!.sentence) break;
        if (/^['’]s$/.test(t.text)) {
          q--;
          continue;
        }
        if (DETERMINER.test(t.lower)) {
          q--;
          // "one of the officials"
          if (T[q]?.lower === 'of' && /^(?:one|some|many|most|two|three|several|all|each|none|both|any)$/.test(T[q - 1]?.lower ?? '')) q -= 2;
          break;
        }
        if ((t.lower === 'and' || t.text === '/') && T[q - 1]?.cap && sawNoun) {
          q--;
          continue;
        }
        // "commission of inquiry", "Republicans in Congress"; but "attack from majority Republicans" ends the phrase.
        if (sawNoun && (t.lower === 'of' || (/^(?:in|at|from)$/.test(t.lower) && T[q + 1]?.cap))) {
          q--;
          continue;
        }
        if (/^(?:in|at|from)$/.test(t.lower)) break;
        const wordy = /^[\p{L}\d]/u.test(t.text);
        // "state media": a word compromise reads as a verb is a modifier when the phrase starts with it.
        const opensPhrase = q - 1 < 0 || T[q - 1]!.text === ',' || DETERMINER.test(T[q - 1]!.lower) || T[q - 1]!.sentence !== t.sentence;
        const verbish = t.tags.has('Verb') && !t.cap && !t.tags.has('Noun') && !t.tags.has('Adjective') && !(sawNoun && opensPhrase && !/(?:ed|ing)$/.test(t.lower));
        const preposition = t.tags.has('Preposition') && !/^(?:of|in|at|from)$/.test(t.lower);
        if (!wordy || verbish || preposition || PRONOUN_WORDS.test(t.lower) || /^(?:who|which|that|and|but|or|while|as|because|if|when|where|said|says|to)$/.test(t.lower)) break;
        sawNoun = true;
        q--;
      }
      return q + 1 <= end ? [q + 1, end] : undefined;
    };

    /** Collects a noun phrase starting at T[p], walking right. */
    const npAfter = (p: number): [number, number] | undefined => {
      let q = p;
      while (q < T.length) {
        const t = T[q]!;
        if (t.inQuote || t.sentence !== T[p]!.sentence) break;
        if (!/^[\p{L}\d'’]/u.test(t.text) && t.text !== '.') break;
        if (t.text === '.' ) break;
        if (q > p && t.tags.has('Verb') && !t.cap && !t.tags.has('Noun')) break;
        if (q > p && /^(?:who|which|that|and|but|on|in|at|to|after|before|during|as|when|because)$/.test(t.lower) && !(t.lower === 'of')) break;
        q++;
      }
      return q - 1 >= p ? [p, q - 1] : undefined;
    };

    /** The first noun phrase of the clause a token is in (the main subject). */
    const clauseSubject = (v: number): [number, number] | undefined => {
      const s = T[v]!.sentence;
      let p = T.findIndex((t) => t.sentence === s && /^[\p{L}]/u.test(t.text) && !t.inQuote);
      // Skip an opening participle or adverbial phrase up to its comma ("Appealing for ..., Kerry told").
      if (p >= 0 && (T[p]!.tags.has('Gerund') || T[p]!.tags.has('Preposition') || /^(?:while|after|before|when|as|meanwhile|then|however|also)$/.test(T[p]!.lower))) {
        const comma = T.findIndex((t, i) => i > p && i < v && t.text === ',');
        if (comma > 0) p = comma + 1;
      }
      if (p < 0 || p >= v) return undefined;
      let q = p;
      let sawNoun = false;
      while (q < v) {
        const t = T[q]!;
        if (!/^[\p{L}\d'’]/u.test(t.text)) break;
        // "A newly formed opposition council set up to ...": a participle before the noun is an adjective.
        if (t.tags.has('Verb') && !t.cap && !t.tags.has('Noun') && !t.tags.has('Adjective') && sawNoun) break;
        if (t.tags.has('Noun') || (t.cap && !t.tags.has('Determiner'))) sawNoun = true;
        q++;
      }
      return q - 1 >= p ? [p, q - 1] : undefined;
    };

    const isPlausible = (range: [number, number] | undefined): boolean => {
      if (!range) return false;
      const [a, b] = range;
      const np = T.slice(a, b + 1);
      // "the German news agency dpa": a name set after its description.
      if (np.length >= 2 && isSpeakerHead(np.at(-2)!, article) && !np.at(-1)!.tags.has('Verb')) return true;
      const ofAt = np.findIndex((t, i) => i > 0 && /^(?:of|in|at|from)$/.test(t.lower));
      const head = (ofAt > 0 && !/^(?:one|some|many|most|two|three|several|all|each|none|both|any)$/.test(np[0]!.lower) ? np.slice(0, ofAt) : np).at(-1)!;
      if (PRONOUN_WORDS.test(head.lower)) return true;
      if (entityAtToken(head)) return true;
      if (ACCOUNT_NOUNS.has(head.lower) && np.some((t) => /^['’]s$/.test(t.text))) return true;
      return isSpeakerHead(head, article);
    };

    const attributions: Array<{ v: number; kind: ClaimKind; speaker: DraftEntity; surface: string; trailing: boolean; npStart: number; lemma: string; nominal?: boolean }> = [];
    for (let v = 0; v < T.length; v++) {
      const t = T[v]!;
      if (t.inQuote) continue;
      let kind: ClaimKind | undefined;
      let lemma: string;
      let range: [number, number] | undefined;
      let trailing = false;
      if (t.lower === 'according' && T[v + 1]?.lower === 'to') {
        range = npAfter(v + 2);
        kind = 'assertion';
        lemma = 'according';
        trailing = true;
      } else {
        const sv = speechVerb(T, v);
        if (!sv) continue;
        if (T[v + 1] && speechLemma(T[v + 1]!.lower) && T[v + 1]!.tags.has('Verb')) continue; // "media reports said"
        const back = T.slice(Math.max(0, v - 3), v).map((x) => x.lower);
        if (back.some((w) => w === 'not' || w === "n't" || w === 'never' || w === 'declined' || w === 'refused')) continue;
        if (T[v - 1]?.lower === 'to') continue; // an infinitive ("poured onto streets to demand ...") asserts nothing
        if (T[v + 1]?.lower === 'not' && T[v + 2]?.lower === 'to') continue; // "asked not to be named"
        let p = v - 1;
        const skippable = (x: UnitToken): boolean => (AUX.test(x.lower) || (x.tags.has('Adverb') && !x.cap) || /^['’‘"“”]$/.test(x.text)) && !BE.test(x.lower);
        while (p >= 0 && skippable(T[p]!)) p--;
        if (p >= 0 && BE.test(T[p]!.lower)) continue; // passive: "are said to have starved"
        if (T[v + 1]?.lower === 'by' || (sv.lemma === 'blame' && T[v + 1]?.lower === 'on')) continue; // "bombings blamed on the group"
        kind = sv.kind;
        lemma = sv.lemma;
        const prevText = T[v - 1]?.text ?? '';
        // "..., said Aaron Stein": only verbs of saying invert their subject.
        const inverted = INVERTING.test(sv.lemma) && /^[,"”’]$/.test(prevText) && T[v + 1] !== undefined && T[v + 1]!.lower !== 'that' && (T[v + 1]!.cap || DETERMINER.test(T[v + 1]!.lower)) && !PRONOUN_WORDS.test(T[v + 1]!.lower);
        const sameSentence = attributions.filter((a) => T[a.v]!.sentence === t.sentence);
        // "..., said the company was caught off guard" is no inversion: a verb follows the noun phrase.
        const after = inverted ? npAfter(v + 1) : undefined;
        const followedByVerb = after !== undefined && T[after[1] + 1] !== undefined && T[after[1] + 1]!.tags.has('Verb') && isLowerWord(T[after[1] + 1]!);
        if (inverted && after && !followedByVerb) {
          range = after;
          trailing = true;
        } else if (/ing$/.test(t.lower) && (T[v - 1]?.text === ',' || v === 0)) {
          if (sameSentence.length) {
            const a = sameSentence.at(-1)!;
            attributions.push({ v, kind, speaker: a.speaker, surface: a.surface, trailing: false, npStart: v, lemma });
            continue;
          }
          range = clauseSubject(v);
        } else if (p >= 0 && /^(?:and|but)$/.test(T[p]!.lower) && sameSentence.length) {
          const a = sameSentence.at(-1)!;
          attributions.push({ v, kind, speaker: a.speaker, surface: a.surface, trailing: false, npStart: v, lemma });
          continue;
        } else {
          if (p >= 0 && T[p]!.text === ',') {
            // "Hezbollah has, in response to ..., denied": skip the parenthetical back to its opening comma.
            const open = findIndexBack(T, p - 1, (x) => x.text === ',' && x.sentence === t.sentence);
            if (open > 0) {
              p = open - 1;
              while (p >= 0 && AUX.test(T[p]!.lower) && !BE.test(T[p]!.lower)) p--;
            } else p = -1;
          }
          if (p >= 0 && T[p]!.lower === 'which') continue; // "the attack, which claimed 145 lives"
          if (p >= 0 && T[p]!.lower === 'who') {
            p--;
            if (T[p]?.text === ',') p--;
          }
          range = p >= 0 && PRONOUN_WORDS.test(T[p]!.lower) ? [p, p] : p >= 0 ? npBefore(p) : undefined;
          // "A team of prosecutors led by independent counsel X demanded": the team demanded, not X.
          if (range && T[range[0] - 1]?.lower === 'by' && /^\p{Ll}+(?:ed|led|en)$/u.test(T[range[0] - 2]?.text ?? '')) {
            const outer = npBefore(range[0] - 3);
            if (outer && isPlausible(outer)) range = outer;
          }
          // "..., a cabinet official said." and "X, an official said, Y": the attribution set off by commas.
          trailing = range !== undefined && T[range[0] - 1]?.text === ',' && (isEndOfSentence(T, v) || T[v + 1]?.text === ',');
          if (!isPlausible(range)) {
            const subject = clauseSubject(v);
            if (isPlausible(subject)) {
              range = subject;
              trailing = false;
            }
          }
        }
      }
      if (!range || !isPlausible(range)) continue;
      const resolved = resolveNP(range[0], range[1], range[0]);
      if (!resolved || !kind) continue;
      attributions.push({ v, kind, speaker: resolved.entity, surface: resolved.surface, trailing, npStart: range[0], lemma });
      speakerInSentence.set(t.sentence, resolved.entity);
      useOrder.set(resolved.entity, ++useCounter);
    }

    // Statements named by a noun: "Shoigu's comment that ...", "Lecornu's denial of ...", "the North's claim that ...".
    for (let i = 1; i < T.length; i++) {
      const t = T[i]!;
      if (t.inQuote || !/^['’]s$/.test(t.text)) continue;
      const noun = T[i + 1];
      const kind = noun ? STATEMENT_NOUNS[noun.lower] : undefined;
      if (!noun || !kind || noun.inQuote) continue;
      const tail = T.slice(i + 2, i + 7).map((x) => x.lower);
      const introduces = tail.some((w) => w === 'that' || w === '"' || w === '“') || T[i + 2]?.lower === 'of' || T[i + 2]?.text === ',' || T[i + 2]?.text === ':';
      if (!introduces) continue;
      const range = npBefore(i - 1);
      if (!range) continue;
      const resolved = resolveNP(range[0], range[1], range[0]);
      if (!resolved) continue;
      attributions.push({ v: i + 1, kind, speaker: resolved.entity, surface: resolved.surface, trailing: false, npStart: range[0], lemma: noun.lower, nominal: true });
      useOrder.set(resolved.entity, ++useCounter);
    }

    // A trailing source ("..., state media reported", "according to ...") relays the other speakers' claims.
    const main = attributions.filter((a) => !a.trailing);
    const relays = attributions.filter((a) => a.trailing);
    const chosen = main.length && relays.length ? main : attributions;
    const via = main.length && relays.length ? relays.map((r) => `according to ${r.surface.replace(/^(?:The|A|An)\s/, (m) => m.toLowerCase())}`).join('; ') : undefined;

    const sentenceNumbers = sentences.map((s) => s.index);
    // Scare quotes ("easier", "glad") are not what was said: a claim quotes when the quotation has some length.
    // A real quotation has a few words, or is a sentence of its own ("Yes," she said).
    const isReal = ([a, b]: [number, number]): boolean => {
      const q = body.slice(a, b).trim();
      const words = q.split(/\s+/).length;
      return words >= 4 || /[?!,]$/.test(q) || (/\.$/.test(q) && words >= 2) || a - 1 === from;
    };
    const quoteText = quotes.some(isReal) ? quotes.map(([a, b]) => body.slice(a, b).replace(/[,\s]+$/, '')).join(' … ') : undefined;
    const longestQuote = quotes.length ? quotes.reduce((x, y) => (y[1] - y[0] > x[1] - x[0] ? y : x)) : undefined;
    for (const a of chosen) {
      const s = T[a.v]!.sentence;
      const unitSpan = { start: from, end: to };
      const directQuote = quoteText !== undefined && a.lemma !== 'according';
      // The claim's content ends where the next speaker's attribution in the sentence begins.
      const next = attributions.filter((b) => b.v > a.v && T[b.v]!.sentence === s && !b.trailing).sort((x, y) => x.v - y.v)[0];
      let stop = s.end;
      if (next) {
        let q = next.npStart === next.v ? next.v - 1 : next.npStart - 1;
        while (q > a.v && (AUX.test(T[q]!.lower) || /^(?:and|but|,)$/.test(T[q]!.lower))) q--;
        if (q > a.v && T[q]) stop = T[q]!.end;
      }
      // ... and before a relaying source ("..., state media reported on Wednesday").
      for (const r of chosen === main ? relays : []) if (T[r.npStart]!.sentence === s && r.v > a.v && T[r.npStart]!.start < stop) stop = T[r.npStart]!.start;
      const text = claimText(T, a, directQuote ? quoteText : undefined, s, stop);
      const about = aboutEntities(bySentence, table, s, a.speaker);
      const dup = unitClaims.find((c) => c.claimant === a.speaker && c.kind === a.kind);
      if (dup) continue;
      unitClaims.push({
        claimant: a.speaker,
        via,
        kind: a.kind,
        text,
        quote: directQuote && longestQuote ? body.slice(longestQuote[0], longestQuote[1]).replace(/[,\s]+$/, '') : undefined,
        about,
        evidence: quotes.length ? unitSpan : { start: s.start, end: s.end },
        sentences: quotes.length ? sentenceNumbers : [s.index],
      });
    }

    // A quotation with no attribution continues the previous speaker's ("... ," she said. "The best partners ...").
    // A quotation that holds no words (fuzzing found `““***”`) continues nobody's.
    if (unitClaims.length === 0 && quoteText && longestQuote && /^["“]/.test(body.slice(from, to)) && last?.quoted && sentences[0]!.paragraph - last.paragraph <= 1) {
      unitClaims.push({
        claimant: last.entity,
        kind: 'assertion',
        text: sentenceCase(quoteText),
        quote: body.slice(longestQuote[0], longestQuote[1]).replace(/[,\s]+$/, ''),
        about: aboutEntities(bySentence, table, sentences[0]!, last.entity),
        evidence: { start: from, end: to },
        sentences: sentenceNumbers,
      });
    }
    if (unitClaims.length) {
      const final = unitClaims.at(-1)!;
      last = { entity: final.claimant, paragraph: sentences.at(-1)!.paragraph, sentence: sentences.at(-1)!.index, quoted: quotes.length > 0, at: to };
    }
    claims.push(...unitClaims);
  }
  return claims;
}

function isSpeakerHead(t: Token, article?: AnalysedArticle): boolean {
  const w = t.lower;
  // An unknown capitalised word opening a sentence ("Hezbollah has denied ..."): a name compromise did not know.
  if (article && t.cap && !article.isCommonWord(w) && !t.tags.has('Pronoun') && !t.tags.has('Determiner') && !t.tags.has('Date')) return true;
  // A capitalised plural names a people or a party ("Republicans", "Kurds").
  if (t.cap && /\p{Ll}s$/u.test(t.text) && t.tags.has('Plural')) return true;
  return SPEAKER_HEADS.has(w) || SPEAKER_HEADS.has(w.replace(/s$/, '')) || ORG_NOUNS.has(w) || ROLE_NOUNS.has(w) || ROLE_NOUNS.has(w.replace(/s$/, '')) || TITLE_WORDS.has(w) || t.tags.has('Actor') || t.tags.has('Organization');
}

function findIndexBack<T>(list: T[], from: number, test: (x: T) => boolean): number {
  for (let i = from; i >= 0; i--) if (test(list[i]!)) return i;
  return -1;
}

function isEndOfSentence(T: UnitToken[], v: number): boolean {
  const s = T[v]!.sentence;
  const rest = T.slice(v + 1).filter((t) => t.sentence === s);
  return rest.length <= 8 && !rest.some((t) => t.lower === 'that');
}

function aboutEntities(bySentence: Map<AnalysedSentence, NameMention[]>, table: EntityTable, s: AnalysedSentence, speaker: DraftEntity): DraftEntity[] {
  const out: DraftEntity[] = [];
  for (const m of bySentence.get(s) ?? []) {
    const e = table.entityOf(m)!;
    if (e !== speaker && !out.includes(e)) out.push(e);
  }
  return out.slice(0, 6);
}

function sentenceCase(text: string): string {
  let t = text.trim().replace(/^["“”'‘’\s,;:–—-]+/, '').replace(/["“”\s,;:–—-]+$/, '').replace(/[,\s]+(?:with|and|but|where|which|who|when|while|as|after|before|because)$/i, '');
  if (!t) return text.trim();
  t = t.charAt(0).toUpperCase() + t.slice(1);
  // Keep quotation marks paired after trimming ("he was "glad" ...").
  if ((t.match(/"/g)?.length ?? 0) % 2 === 1 && /"\S+$/.test(t)) t += '"';
  if (!/[.!?…]["”]?$/.test(t)) t += '.';
  return t.length > 400 ? `${t.slice(0, 397).replace(/\s+\S*$/, '')}…` : t;
}

function claimText(T: UnitToken[], a: { v: number; kind: ClaimKind; surface: string; trailing: boolean; npStart: number; lemma: string; nominal?: boolean },  quoteText: string | undefined, s: AnalysedSentence, stop: number): string {
  if (quoteText) return sentenceCase(quoteText);
  const sentenceText = s.text.slice(0, stop - s.start).replace(/,\s*(?:according to [^,]+|[^,]{0,80}\b(?:said|says|reported|reports|told [\w.]+))\s*\.?$/i, '');
  const rel = (offset: number): number => offset - s.start;
  if (a.trailing) {
    // "Police seized documents ..., Turkey's Dogan News Agency said." → the part before the attribution
    // (before the verb when it comes first: "..., said Chief Mark Juelfs").
    const before = sentenceText.slice(0, rel(Math.min(T[a.npStart]!.start, T[a.v]!.start))).replace(/[,\s]+$/, '');
    if (before.split(/\s+/).length >= 3) return sentenceCase(before);
  }
  const verb = T[a.v]!;
  const after = sentenceText.slice(rel(verb.end)).trim();
  if (a.nominal) {
    // "Macron's statement in February that Western troops ... cannot be ruled out" → what was stated.
    const that = /^(?:.{0,40}?\b)?that\s+/.exec(after);
    if (that) return sentenceCase(after.slice(that[0].length));
    return sentenceCase(`${a.surface}'s ${verb.text} ${after}`);
  }
  const sayLike = ['say', 'tell', 'claim', 'state', 'add', 'note', 'announce', 'report', 'confirm', 'admit', 'acknowledge', 'insist', 'emphasise', 'emphasize', 'stress', 'argue', 'explain', 'declare', 'assert', 'maintain', 'reiterate', 'indicate', 'believe', 'predict', 'estimate', 'suggest', 'reveal'];
  if (sayLike.includes(a.lemma)) {
    let content = after;
    const that = /^(?:.{0,60}?\b)?that\s+/.exec(content);
    if (that && that[0].split(/\s+/).length <= 9) content = content.slice(that[0].length);
    else if (a.lemma === 'tell') {
      // "told reporters the speech was moving": drop whom it was told to.
      const pronoun = /^(?:\S+\s+){0,7}?(?=(?:he|she|it|they|we|i)\b)/i.exec(content);
      const object = /^(?:(?:the|a|an|his|her|their)\s+)?(?:[\p{L}.'’-]+\s+){1,3}?(?=(?:the|a|an|this|there|his|her|its|their|some|all|no)\b)/iu.exec(content);
      if (pronoun) content = content.slice(pronoun[0].length);
      else if (object) content = content.slice(object[0].length);
    }
    if (content.split(/\s+/).length >= 3) return sentenceCase(content.replace(/,\s*(?:he|she|it|they)\s+\w+\.?$/i, ''));
  }
  const speaker = a.surface.charAt(0).toUpperCase() + a.surface.slice(1);
  return sentenceCase(`${speaker} ${verb.text} ${after}`);
}

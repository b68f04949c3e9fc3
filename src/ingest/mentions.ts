/**
 * Finds the proper names in a sentence and decides what each one names. A name is a run of capitalised
 * words (with particles such as "de" and connectors such as "of" inside organisation names); a title in
 * front of it ("Interior Minister Efkan Ala") or a role around it ("North Korean leader Kim Jong Un",
 * "Aaron Stein, senior fellow at ...") makes it a person and gives the role. compromise's tags (first
 * names, places, countries, demonyms) weigh in where the words themselves say nothing.
 */
import type { EntityKind } from '../briefing/schema.ts';
import { firstWordIndex, type AnalysedArticle, type AnalysedSentence, type Token } from './analyse.ts';
import {
  ABBREVIATIONS, HONORIFICS, MONTH_NAMES, NAME_PARTICLES, NOT_ACRONYMS, ORG_HEADS, ORG_NOUNS, PLACE_HEADS, ROLE_NOUNS,
  THING_NOUNS, TITLE_MODIFIERS, TITLE_WORDS, WEEKDAY_NAMES,
} from './lexicon.ts';
import { isSpeechVerbAt } from './speech.ts';

export interface NameMention {
  sentence: AnalysedSentence;
  /** The name's tokens, without any title. */
  tokens: Token[];
  name: string;
  /** Offsets of the name, and of the name with its title, in the body. */
  start: number;
  end: number;
  fullStart: number;
  role?: string;
  /** What the name names when the text says so; undefined when it is left to the other mentions. */
  kind?: EntityKind;
  /** How strongly the context says "a person" (title 3, role 3, first name 2, speech verb 1.5 ...). */
  personScore: number;
  /** The full name for an abbreviation ("U.S." → "United States"). */
  canonical?: string;
  /** A title or role with no name ("Supreme Leader" in "Iran's Supreme Leader, Ayatollah ..."). */
  roleOnly?: boolean;
}

const strip = (w: string): string => w.replace(/\.$/, '');
const isMonthOrDay = (t: Token): boolean => MONTH_NAMES.has(strip(t.lower)) || WEEKDAY_NAMES.has(t.lower);
const PLACE_TAGS = ['Place', 'City', 'Region', 'Country'];
const hasAny = (t: Token, tags: string[]): boolean => tags.some((x) => t.tags.has(x));
export const isLowerWord = (t: Token | undefined): boolean => t !== undefined && /^\p{Ll}/u.test(t.text);

function isRoleNoun(t: Token | undefined): boolean {
  return t !== undefined && isLowerWord(t) && (ROLE_NOUNS.has(t.lower) || ROLE_NOUNS.has(t.lower.replace(/s$/, '')));
}

function isDemonymLike(t: Token): boolean {
  return t.tags.has('Demonym') || ABBREVIATIONS[t.lower] !== undefined || (t.cap && hasAny(t, PLACE_TAGS));
}

/** Capitalised word that can be part of a name. */
function isNameWord(t: Token | undefined): boolean {
  if (t === undefined || !/\p{L}/u.test(t.text) || isMonthOrDay(t) || t.text === 'I') return false;
  return t.cap || /^(?:al|el|ad|ash|as|at|an|ibn|bin)-\p{Lu}/u.test(t.text) || /^\d+-\p{Lu}/u.test(t.text);
}

/** A word that only describes ("Saudi-born", "U.S.-led", "Iranian"), never part of a name on its own. */
function isDescriptive(t: Token): boolean {
  return /-(?:born|based|led|backed|owned|run|controlled|held|made|allied|linked|funded)$/i.test(t.text) || t.tags.has('Demonym') || /^\p{Lu}\p{Ll}+(?:ish|ian|ese|ean)$/u.test(t.text);
}

export function findMentions(article: AnalysedArticle): NameMention[] {
  const out: NameMention[] = [];
  for (const s of article.sentences) if (s.kind === 'body') out.push(...coordinate(sentenceMentions(article, s)));
  return out;
}

/**
 * Names joined by "and"/"or" name things of one kind: in "the Blue Mosque and Hagia Sophia" the second is a
 * place like the first, whatever its words suggest, unless a title or role says "person".
 */
function coordinate(mentions: NameMention[]): NameMention[] {
  for (let k = 0; k + 1 < mentions.length; k++) {
    const a = mentions[k]!;
    const b = mentions[k + 1]!;
    const between = a.sentence.text.slice(a.end - a.sentence.start, b.fullStart - a.sentence.start).trim();
    if (!/^(?:and|or|,)$/.test(between)) continue;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (x.kind === 'person' && !x.role && x.personScore < 3 && y.kind && y.kind !== 'person') {
        x.kind = y.kind;
        x.personScore = 0;
      }
    }
  }
  return mentions;
}

function forcedCapital(tokens: Token[], i: number): boolean {
  return i === firstWordIndex(tokens) || /^["“‘(:]$/.test(tokens[i - 1]?.text ?? '');
}

function looksLikeName(article: AnalysedArticle, t: Token, next: Token | undefined): boolean {
  if (article.capitalisedWords.has(t.lower)) return true;
  // "Aid agencies have warned": a capital forced by the sentence start, modifying a common noun.
  if (isLowerWord(next) && !isNameWord(next) && next!.tags.has('Noun') && !next!.tags.has('Pronoun') && !hasAny(t, ['Person', 'FirstName', 'LastName', 'Country', 'City', 'Demonym'])) return false;
  if (hasAny(t, ['Person', 'FirstName', 'LastName', 'Organization', ...PLACE_TAGS, 'Demonym', 'Acronym'])) return true;
  const singular = t.lower.replace(/(?:es|s)$/, '');
  return !article.isCommonWord(t.lower) && !article.isCommonWord(singular) && t.tags.has('ProperNoun') && !t.tags.has('Verb');
}

function sentenceMentions(article: AnalysedArticle, s: AnalysedSentence): NameMention[] {
  const { tokens } = s;
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isNameWord(t)) continue;
    if (forcedCapital(tokens, i) && !looksLikeName(article, t, tokens[i + 1])) {
      // "Red Crescent", "Deputy Prime Minister ...": a sentence's first word still opens a name before a name head.
      const next = tokens[i + 1];
      // ... and so does an unknown word before another name word ("Hafnawi al-Maghazoui, 22, was killed").
      const unknownNoun = !article.isCommonWord(t.lower) && !hasAny(t, ['Verb', 'Adjective', 'Adverb', 'Determiner', 'Preposition', 'Conjunction', 'Pronoun', 'QuestionWord', 'Date', 'Value']);
      const opens = TITLE_WORDS.has(strip(t.lower)) || TITLE_MODIFIERS.has(t.lower)
        ? isNameWord(next)
        : isNameWord(next) && ((ORG_HEADS.has(next!.lower) || PLACE_HEADS.has(next!.lower)) && t.tags.has('Adjective') || unknownNoun);
      if (!opens) continue;
    }
    let j = i;
    for (;;) {
      const next = tokens[j + 1];
      if (isNameWord(next)) j++;
      else if (next && NAME_PARTICLES.has(next.lower) && isNameWord(tokens[j + 2])) j += 2;
      else if (next && (next.lower === 'of' || next.lower === 'for') && continuesOrgName(tokens, j)) {
        j += tokens[j + 2]?.lower === 'the' ? 3 : 2;
      } else break;
    }
    spans.push([i, j]);
    i = j;
  }
  return spans.flatMap(([i, j]) => {
    while (i < j && /-(?:born|based|led|backed|owned|run|controlled|held|allied|linked|funded)$/i.test(tokens[i]!.text)) i++;
    return classify(article, s, i, j);
  });
}

function continuesOrgName(tokens: Token[], j: number): boolean {
  const head = tokens[j]!.lower;
  if (!ORG_HEADS.has(head) && !TITLE_WORDS.has(head) && !PLACE_HEADS.has(head) && head !== 'republic' && head !== 'kingdom') return false;
  const after = tokens[j + 2]?.lower === 'the' ? tokens[j + 3] : tokens[j + 2];
  return isNameWord(after);
}

const text = (s: AnalysedSentence, a: number, b: number): string => s.text.slice(s.tokens[a]!.start - s.start, s.tokens[b]!.end - s.start);

function classify(article: AnalysedArticle, s: AnalysedSentence, i: number, j: number): NameMention[] {
  const { tokens } = s;
  // A title in front: the longest prefix of titles, their qualifiers and nationalities ending in a title.
  // Other capitalised words may qualify the title ("Deputy Tourism Minister Costas Koumis"), but a name
  // that holds a title word ("Martin Luther King Jr.") is no title.
  let k = -1;
  const startsWithName = hasAny(tokens[i]!, ['FirstName', 'MaleName', 'FemaleName']) && !TITLE_WORDS.has(strip(tokens[i]!.lower)) && !TITLE_MODIFIERS.has(strip(tokens[i]!.lower));
  for (let p = i; p <= j && !startsWithName; p++) {
    const w = strip(tokens[p]!.lower);
    if (TITLE_WORDS.has(w) || tokens[p]!.tags.has('Honorific')) k = p;
    else if (TITLE_MODIFIERS.has(w) || isDemonymLike(tokens[p]!) || w === 'of' || w === 'for' || w === 'and' || tokens[p]!.cap) continue;
    else break;
  }
  // "Chief Executive John Chambers": qualifiers after the last title word belong to the title.
  while (k >= i && k + 1 < j && (TITLE_MODIFIERS.has(strip(tokens[k + 1]!.lower)) || TITLE_WORDS.has(strip(tokens[k + 1]!.lower)) || tokens[k + 1]!.lower === 'officer')) k++;
  // "Jr.", "Sr.", "III" end a name; they are not one.
  if (k >= i && k < j && tokens.slice(k + 1, j + 1).every((t) => /^(?:jr|sr|ii|iii|iv)\.?$/i.test(t.text))) k = -1;
  // A "name" of ordinary words after a title is no name ("General Motors").
  if (k >= i && k < j && tokens.slice(k + 1, j + 1).every((t) => article.isCommonWord(t.lower) && !article.capitalisedWords.has(t.lower) && !t.tags.has('Person'))) k = -1;
  // "General Election": an abstract noun after a title is no person.
  if (k >= i && k + 1 === j && /(?:tion|sion|ment|ness|ity|ism|ance|ence|ship)$/.test(tokens[j]!.lower)) k = -1;
  let nameStart = k + 1;
  if (k >= i && tokens[k + 1]?.lower === 'of' && k + 3 <= j) nameStart = k + 3; // "Secretary of State John Kerry"
  const lastWord = strip(tokens[j]!.lower);
  // "Consulate General" is an organisation whose name ends in a title word.
  const orgHead = ORG_HEADS.has(lastWord) || (j > i && TITLE_WORDS.has(lastWord) && ORG_HEADS.has(strip(tokens[j - 1]!.lower)));
  const nameHasOrgHead = orgHead || PLACE_HEADS.has(lastWord);
  const roleOnly = k >= i && (nameStart > j || tokens[nameStart]!.lower === 'of' || tokens.slice(nameStart, j + 1).every((t) => TITLE_WORDS.has(strip(t.lower)) || TITLE_MODIFIERS.has(strip(t.lower))));
  const base = { sentence: s, fullStart: tokens[i]!.start };
  if (roleOnly && !nameHasOrgHead) {
    return [{ ...base, tokens: tokens.slice(i, j + 1), name: text(s, i, j), start: tokens[i]!.start, end: tokens[j]!.end, personScore: 0, roleOnly: true, role: text(s, i, j) }];
  }
  if (k < i || nameHasOrgHead) nameStart = i;
  const nameTokens = tokens.slice(nameStart, j + 1);
  const mention: NameMention = {
    ...base,
    tokens: nameTokens,
    name: text(s, nameStart, j),
    start: tokens[nameStart]!.start,
    end: tokens[j]!.end,
    personScore: 0,
  };
  if (nameStart > i) {
    const role = text(s, i, nameStart - 1).replace(/\s+of$/, '');
    // "Mr Johnson": a courtesy title makes a person, but is no role.
    if (!HONORIFICS.has(strip(role.toLowerCase()))) mention.role = role;
    mention.personScore += 3;
  }

  const prev = tokens[i - 1];
  const next = tokens[j + 1];
  const single = nameTokens.length === 1;
  if (single && NOT_ACRONYMS.has(nameTokens[0]!.lower) && mention.personScore === 0) return []; // "state TV", "EST"
  const abbreviation = single ? ABBREVIATIONS[nameTokens[0]!.lower] : undefined;
  if (abbreviation) return [{ ...mention, kind: abbreviation.kind, canonical: abbreviation.name }];
  // Nationality words ("French", "Turks", "Syrian-Lebanese") describe; they are not entities.
  if (single && mention.personScore === 0 && (isDescriptive(nameTokens[0]!) || /^\p{Lu}\p{Ll}+s$/u.test(nameTokens[0]!.text) && article.isCommonWord(nameTokens[0]!.lower.replace(/s$/, '')) === false && nameTokens[0]!.tags.has('Demonym'))) return [];
  if (mention.personScore === 0 && !single && isDescriptive(nameTokens.at(-1)!) && !ORG_HEADS.has(lastWord)) return []; // "North Korean"
  if (nameTokens.every((t) => isDescriptive(t) || /^\p{Lu}[\p{Ll}]+-\p{Lu}[\p{Ll}]+$/u.test(t.text) && t.text.split('-').every((w) => /(?:ish|ian|ese|ean|i)$/.test(w)))) return [];
  // An acronym used as a modifier ("CCTV image") is not an entity either.
  if (single && /^\p{Lu}{2,6}$/u.test(nameTokens[0]!.text) && isLowerWord(next) && next!.tags.has('Noun') && !ORG_NOUNS.has(next!.lower) && !isSpeechVerbAt(tokens, j + 1)) return [];
  // A name that follows its own abbreviation ("U.S. House") keeps it: it is the organisation's name.

  if (mention.personScore === 0) {
    const before = roleBefore(s, i);
    const role = before ?? appositiveRoleBefore(s, i) ?? appositiveRoleAfter(s, j);
    if (role) {
      mention.role = role.text;
      // "White House chief of staff Denis McDonough": the role written before the name belongs to the mention.
      if (before) mention.fullStart = before.start;
      if (!hasAny(nameTokens[0]!, PLACE_TAGS) || nameTokens.length > 1) mention.personScore += role.score;
    }
  }
  const prevNoun = isLowerWord(prev) && (prev!.tags.has('Noun') || THING_NOUNS.has(prev!.lower)) ? prev!.lower : undefined;
  const nextNoun = isLowerWord(next) && next!.tags.has('Noun') ? next!.lower : undefined;
  const placeBefore = prev?.lower === 'of' && PLACE_HEADS.has(tokens[i - 2]?.lower ?? '') ? tokens[i - 2]!.lower : undefined;

  if (mention.personScore < 3) {
    if (orgHead || (nextNoun && ORG_NOUNS.has(nextNoun)) || (prevNoun && ORG_NOUNS.has(prevNoun))) {
      return [{ ...mention, kind: nextNoun === 'group' || lastWord === 'group' ? 'group' : 'organisation', personScore: 0 }];
    }
    if (PLACE_HEADS.has(lastWord) || (nextNoun && PLACE_HEADS.has(nextNoun)) || placeBefore || (prevNoun && PLACE_HEADS.has(prevNoun))) {
      return [{ ...mention, kind: 'place', personScore: 0 }];
    }
    if (prevNoun && THING_NOUNS.has(prevNoun) && mention.personScore === 0) return []; // "aircraft carrier Harry S Truman"
  }
  if (nameTokens.some((t) => t.tags.has('Honorific'))) mention.personScore += 3;
  const first = nameTokens[0]!;
  if (!single && hasAny(first, ['FirstName', 'MaleName', 'FemaleName'])) mention.personScore += 2;
  if (!single && nameTokens.at(-1)!.tags.has('LastName')) mention.personScore += 1;
  const unknownWords = nameTokens.every((t) => !article.isCommonWord(t.lower) && !hasAny(t, PLACE_TAGS) && !t.tags.has('Organization'));
  const speaks = isSpeechVerbAt(tokens, j + 1) || (prev !== undefined && /^(?:said|says|told|added)$/.test(prev.lower));
  if (speaks && !single && nameTokens.length <= 4 && unknownWords) mention.personScore += 1.5;
  // Two or three capitalised words no dictionary knows, with nothing saying place or organisation: a name
  // (unless it is where something happens: "at Temple Trees").
  const locative = prev !== undefined && /^(?:at|in|near|inside|outside|across|around|into)$/.test(prev.lower);
  if (!locative && !single && nameTokens.length <= 3 && unknownWords && nameTokens.every((t) => /^\p{Lu}\p{Ll}/u.test(t.text) || /^(?:al|el|ad|as|at|an|ibn|bin)-\p{Lu}/u.test(t.text) || NAME_PARTICLES.has(t.lower))) mention.personScore += 2;

  if (mention.personScore >= 2) return [{ ...mention, kind: 'person' }];
  if (nameTokens.every((t) => t.tags.has('Country'))) return [{ ...mention, kind: 'country' }];
  if (nameTokens.every((t) => hasAny(t, PLACE_TAGS))) return [{ ...mention, kind: 'place' }];
  if (nameTokens.some((t) => t.tags.has('Organization'))) return [{ ...mention, kind: 'organisation' }];
  if (single && /^\p{Lu}{2,6}$/u.test(first.text) && !NOT_ACRONYMS.has(first.lower)) return [{ ...mention, kind: 'organisation' }];

  if (single && first.tags.has('Demonym')) return [];
  return [mention];
}

/** "North Korean leader Kim Jong Un", "White House chief of staff Denis McDonough", "U.N. envoy Staffan de Mistura". */
function roleBefore(s: AnalysedSentence, i: number): { text: string; score: number; start: number } | undefined {
  const { tokens } = s;
  if (!isRoleNoun(tokens[i - 1])) return undefined;
  let p = i - 1;
  while (p - 1 >= 0) {
    const t = tokens[p - 1]!;
    if (isRoleNoun(t) || (t.lower === 'of' && isRoleNoun(tokens[p - 2])) || (isLowerWord(t) && t.tags.has('Adjective') && !t.tags.has('Determiner'))) p--;
    else if (t.cap && !forcedCapitalCommon(s, p - 1)) p--;
    else if (/^['’]s$/.test(t.text) && tokens[p - 2]?.cap) p -= 1;
    else break;
  }
  return { text: s.text.slice(tokens[p]!.start - s.start, tokens[i - 1]!.end - s.start), score: 3, start: tokens[p]!.start };
}

function forcedCapitalCommon(s: AnalysedSentence, p: number): boolean {
  const t = s.tokens[p]!;
  return forcedCapital(s.tokens, p) && /^(?:the|a|an|his|her|its|their|in|on|at|last|meanwhile)$/.test(t.lower);
}

/** "his French counterpart, Sébastien Lecornu," and "Iran's Supreme Leader, Ayatollah Ali Khamenei,". */
function appositiveRoleBefore(s: AnalysedSentence, i: number): { text: string; score: number } | undefined {
  const { tokens } = s;
  if (tokens[i - 1]?.text !== ',') return undefined;
  const end = i - 2;
  const last = tokens[end];
  if (!last || !(isRoleNoun(last) || TITLE_WORDS.has(strip(last.lower)))) return undefined;
  let p = end;
  while (p - 1 >= 0) {
    const t = tokens[p - 1]!;
    if (t.text === ',' || /^(?:the|a|an|his|her|its|their|and|of|with|to|by|from|in|on|at)$/.test(t.lower) || t.tags.has('Verb')) break;
    p--;
  }
  if (p > end) return undefined;
  return { text: s.text.slice(tokens[p]!.start - s.start, last.end - s.start), score: 2 };
}

/** "Aaron Stein, senior fellow at ...", "Ed Royce, chairman of the House Foreign Affairs Committee and ...". */
function appositiveRoleAfter(s: AnalysedSentence, j: number): { text: string; score: number } | undefined {
  const { tokens } = s;
  if (tokens[j + 1]?.text !== ',') return undefined;
  let p = j + 2;
  if (/^(?:a|an|the)$/.test(tokens[p]?.lower ?? '')) p++;
  const start = p;
  let roleAt = -1;
  for (let q = start; q < Math.min(tokens.length, start + 4); q++) {
    const t = tokens[q]!;
    if (isRoleNoun(t)) {
      roleAt = q;
      break;
    }
    if (t.tags.has('Verb') || /^[,;:"“”]$/.test(t.text)) return undefined;
  }
  if (roleAt < 0) return undefined;
  let end = roleAt;
  let closed = false;
  for (let q = roleAt + 1; q < Math.min(tokens.length, start + 16); q++) {
    const t = tokens[q]!;
    if (/^[,;:.!?"“”()]$/.test(t.text) || /^(?:who|which|that|and|but)$/.test(t.lower)) {
      closed = true;
      break;
    }
    if (t.tags.has('Verb') && isLowerWord(t)) {
      // "a student living in Germany": a participle ends the role; a finite verb means no appositive.
      closed = t.tags.has('Gerund') || t.tags.has('Participle') || /(?:ing|ed)$/.test(t.lower);
      break;
    }
    end = q;
  }
  if (!closed && end + 1 < tokens.length) return undefined;
  if (/^(?:where|when|which|who|while|as|after|before)$/.test(tokens[start]!.lower)) return undefined;
  return { text: s.text.slice(tokens[start]!.start - s.start, tokens[end]!.end - s.start), score: 2 };
}

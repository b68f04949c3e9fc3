/**
 * The names of a briefing as the answerer matches them: every entity's name, aliases, role and, for a
 * country, its adjective ("French"), as sequences of stemmed words; and which entities each article
 * sentence involves (named in it, or linked to it by a fact citing it). No NLP model: cheap enough to
 * compute for any briefing a question names, kept in a bounded cache.
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing } from '../briefing/model.ts';
import { nameWords } from './analyze.ts';
import { DEMONYMS, STOPWORDS } from './lexicon.ts';
import { Lru } from './lru.ts';

export interface NamePhrase {
  keys: string[];
  entity: string;
  /** A description ("French counterpart", "U.N. envoy") rather than the entity's own name. */
  descriptive: boolean;
  /** Short all-capital aliases ("IS", "US") match only as written, never the common word. */
  exact?: string;
}

export interface Mention {
  entity: string;
  descriptive: boolean;
  /** Word positions in nameWords(text), end exclusive. */
  from: number;
  to: number;
  start: number;
  end: number;
}

const MAX_ROLE_WORDS = 5;

/** Words of names, roles and adjectives seen recently: the same ones recur across thousands of briefings. */
const FORM_WORDS = new Map<string, ReturnType<typeof nameWords>>();
/** Small: a memo entry costs about 440 bytes, and only the few shared places and institutions recur often. */
const FORM_MEMO = 2_048;

function formWords(form: string): ReturnType<typeof nameWords> {
  let words = FORM_WORDS.get(form);
  if (!words) {
    words = nameWords(form);
    if (FORM_WORDS.size >= FORM_MEMO) FORM_WORDS.clear();
    FORM_WORDS.set(form, words);
  }
  return words;
}

export function phrasesOf(briefing: Briefing): NamePhrase[] {
  const phrases: NamePhrase[] = [];
  for (const entity of briefing.entities) {
    const nameKeys = new Set(formWords(entity.name).map((w) => w.key));
    const forms = [entity.name, ...entity.aliases];
    const country = DEMONYMS[entity.name.toLowerCase()] ?? entity.aliases.map((a) => DEMONYMS[a.toLowerCase()]).find(Boolean);
    if (entity.kind === 'country' && country) forms.push(...country);
    if (entity.role && formWords(entity.role).length <= MAX_ROLE_WORDS) forms.push(entity.role);
    for (const form of forms) {
      const words = [...formWords(form)];
      while (words.length > 1 && STOPWORDS.has(words[0]!.raw.toLowerCase())) words.shift();
      if (words.length === 0 || words.every((w) => STOPWORDS.has(w.raw.toLowerCase()) && !/^\p{Lu}+$/u.test(w.raw))) continue;
      const bare = form.replace(/\./g, '');
      const exact = bare.length <= 3 && /^\p{Lu}+$/u.test(bare) ? bare : undefined;
      phrases.push({ keys: words.map((w) => w.key), entity: entity.id, descriptive: !words.some((w) => nameKeys.has(w.key)), exact });
    }
  }
  return phrases.sort((a, b) => b.keys.length - a.keys.length);
}

/**
 * The key under which a phrase is found in a text's words: its stemmed words, or for a short all-capital
 * alias its exact form (such a phrase matches one word written exactly so, see findMentions).
 * Undefined for a phrase that can never match.
 */
export function phraseKey(p: NamePhrase): string | undefined {
  if (p.exact === undefined) return p.keys.join(' ');
  return p.keys.length === 1 ? `=${p.exact}\u0000${p.keys[0]}` : undefined;
}

/** A briefing's phrases by their first word, in the list's order (longest first): a word is compared only with phrases starting with it. */
const BY_FIRST_WORD = new WeakMap<NamePhrase[], Map<string, NamePhrase[]>>();

function byFirstWord(phrases: NamePhrase[]): Map<string, NamePhrase[]> {
  let map = BY_FIRST_WORD.get(phrases);
  if (!map) {
    map = new Map();
    for (const p of phrases) {
      const list = map.get(p.keys[0]!);
      if (list) list.push(p);
      else map.set(p.keys[0]!, [p]);
    }
    BY_FIRST_WORD.set(phrases, map);
  }
  return map;
}

function matchesAt(p: NamePhrase, words: ReturnType<typeof nameWords>, i: number): boolean {
  if (i + p.keys.length > words.length) return false;
  if (p.exact !== undefined && (p.keys.length !== 1 || words[i]!.raw.replace(/\./g, '') !== p.exact)) return false;
  for (let j = 0; j < p.keys.length; j++) if (words[i + j]!.key !== p.keys[j]) return false;
  return true;
}

/** Entities named in a text: longest phrase first, left to right. */
export function findMentions(text: string, phrases: NamePhrase[]): Mention[] {
  const words = nameWords(text);
  const starting = byFirstWord(phrases);
  const mentions: Mention[] = [];
  for (let i = 0; i < words.length; ) {
    const candidates = starting.get(words[i]!.key);
    let len = 0;
    const first = mentions.length;
    if (candidates) {
      for (const p of candidates) {
        if (len && p.keys.length < len) break;
        if (!matchesAt(p, words, i)) continue;
        len = p.keys.length;
        let seen = false;
        for (let m = first; m < mentions.length; m++) if (mentions[m]!.entity === p.entity) seen = true;
        if (!seen) mentions.push({ entity: p.entity, descriptive: p.descriptive, from: i, to: i + len, start: words[i]!.start, end: words[i + len - 1]!.end });
      }
    }
    if (len === 0) {
      i++;
      continue;
    }
    i += len;
  }
  return mentions;
}

export interface BriefingNames {
  phrases: NamePhrase[];
  /** Per article sentence (index n - 1): the entities it names or that a fact citing it involves. */
  sentenceEntities: Array<Set<string>>;
  /** Per entity id: how many article sentences involve it (its document frequency). */
  entitySentences: Map<string, number>;
}

export function sentencesOf(evidence: ReadonlyArray<{ sentences: number[]; sentence: number }>): number[] {
  return [...new Set(evidence.flatMap((e) => (e.sentences.length ? e.sentences : [e.sentence])))].sort((x, y) => x - y);
}

function buildNames(b: Briefing): BriefingNames {
  const phrases = phrasesOf(b);
  const entityIds = new Set(b.entities.map((e) => e.id));
  // Who each sentence is about beyond the names written in it: the facts that cite it.
  const linked = new Map<number, Set<string>>();
  const link = (sentences: number[], ids: string[]): void => {
    for (const n of sentences) {
      const set = linked.get(n) ?? new Set<string>();
      for (const id of ids) if (entityIds.has(id)) set.add(id);
      linked.set(n, set);
    }
  };
  for (const c of b.claims) link(sentencesOf(c.evidence), [c.claimant]);
  for (const e of b.events) link(sentencesOf(e.evidence), [...e.actors, ...(e.place ? [e.place] : [])]);
  const sentenceEntities: Array<Set<string>> = [];
  const entitySentences = new Map<string, number>();
  for (const s of b.article.sentences) {
    const entities = new Set([...findMentions(s.text, phrases).map((m) => m.entity), ...(linked.get(s.index) ?? [])]);
    sentenceEntities[s.index - 1] = entities;
    for (const e of entities) entitySentences.set(e, (entitySentences.get(e) ?? 0) + 1);
  }
  return { phrases, sentenceEntities, entitySentences };
}

/** Names of recently asked-about briefings; a briefing reloaded with changes is another object, hence a miss. */
/** About 57 KB each; a question reads the names of its few candidates only. */
export const NAMES_CACHE_SIZE = 64;
const NAMES = new Lru<Briefing, BriefingNames>(NAMES_CACHE_SIZE);

export function namesOf(b: Briefing): BriefingNames {
  let names = NAMES.get(b);
  if (!names) {
    names = buildNames(b);
    NAMES.set(b, names);
  }
  return names;
}

/** Entities a set of entities belongs to, up to four levels ("Shoigu" → Russian Defense Ministry → Russia). */
export function affiliationsOf(library: Library, briefing: Briefing, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) {
    let current = library.entity(briefing, id)?.affiliation;
    for (let depth = 0; current && depth < 4 && !out.has(current); depth++) {
      out.add(current);
      current = library.entity(briefing, current)?.affiliation;
    }
  }
  return out;
}

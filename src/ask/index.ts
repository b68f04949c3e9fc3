/**
 * What the answerer searches, built once per Library (a reload makes a new Library, hence a new index):
 * one unit per article sentence and one per fact (entity, event, claim), each with its concepts and the
 * entities it involves, and a MiniSearch (BM25+) index over them for retrieval.
 *
 * A fact unit carries the concepts of its own text and of the sentences it cites, and its structured
 * links (claimant, actors, place, what a claim is about), so "He mentioned a draft document" is known to
 * be Shoigu's. A sentence unit carries the entities named in it (by name, alias, role or the country's
 * adjective) and the claimants and actors of the facts that cite it.
 */
import MiniSearch from 'minisearch';
import type { Library } from '../briefing/library.ts';
import type { Briefing, Claim, Entity, TimelineEvent } from '../briefing/model.ts';
import { OUTLET } from '../briefing/schema.ts';
import { analyze, conceptOf, nameWords, type Token } from './analyze.ts';
import { DEMONYMS, STOPWORDS } from './lexicon.ts';

export type UnitKind = 'sentence' | 'entity' | 'event' | 'claim';

export interface Unit {
  key: string;
  briefing: Briefing;
  kind: UnitKind;
  /** Sentence numbers this unit rests on (its citations). */
  sentences: number[];
  /** Concepts of the unit with those of the sentences it cites (what retrieval sees). */
  concepts: Set<string>;
  /** Entity ids (of this briefing) the unit involves, with those named in its sentences. */
  entities: Set<string>;
  /** What the unit itself says: a fact's own text and links (for a sentence, the same as above). */
  ownConcepts: Set<string>;
  ownEntities: Set<string>;
  /** Entities of the previous sentence of the paragraph, which "He" or "This warning" may refer to. */
  context: Set<string>;
  /** Entities reached through affiliation ("Shoigu" → Russian Defense Ministry → Russia). */
  affiliated: Set<string>;
  /** How many other facts refer to this one (claims about it, events before or after it). */
  references: number;
  /** A fact's own words (a claim's text and whose account it is, an event's title). */
  ownText?: string;
  entity?: Entity;
  event?: TimelineEvent;
  claim?: Claim;
}

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

/** Concepts every claim of a kind stands for, so "What did X deny?" finds denials. */
export const KIND_CONCEPTS: Record<Claim['kind'], string[]> = {
  warning: ['warn'],
  assertion: ['say'],
  accusation: ['accuse'],
  denial: ['deny'],
  offer: ['offer'],
  proposal: ['propose'],
  analysis: ['analysis'],
};

const MAX_ROLE_WORDS = 5;

function phrasesOf(briefing: Briefing): NamePhrase[] {
  const phrases: NamePhrase[] = [];
  for (const entity of briefing.entities) {
    const nameKeys = new Set(nameWords(entity.name).map((w) => w.key));
    const forms = [entity.name, ...entity.aliases];
    const country = DEMONYMS[entity.name.toLowerCase()] ?? entity.aliases.map((a) => DEMONYMS[a.toLowerCase()]).find(Boolean);
    if (entity.kind === 'country' && country) forms.push(...country);
    if (entity.role && nameWords(entity.role).length <= MAX_ROLE_WORDS) forms.push(entity.role);
    for (const form of forms) {
      const words = nameWords(form);
      while (words.length > 1 && STOPWORDS.has(words[0]!.raw.toLowerCase())) words.shift();
      if (words.length === 0 || words.every((w) => STOPWORDS.has(w.raw.toLowerCase()) && !/^\p{Lu}+$/u.test(w.raw))) continue;
      const bare = form.replace(/\./g, '');
      const exact = bare.length <= 3 && /^\p{Lu}+$/u.test(bare) ? bare : undefined;
      phrases.push({ keys: words.map((w) => w.key), entity: entity.id, descriptive: !words.some((w) => nameKeys.has(w.key)), exact });
    }
  }
  return phrases.sort((a, b) => b.keys.length - a.keys.length);
}

/** Entities named in a text: longest phrase first, left to right. */
export function findMentions(text: string, phrases: NamePhrase[]): Mention[] {
  const words = nameWords(text);
  const mentions: Mention[] = [];
  for (let i = 0; i < words.length; ) {
    const best: NamePhrase[] = [];
    for (const p of phrases) {
      if (best.length && p.keys.length < best[0]!.keys.length) break;
      if (i + p.keys.length > words.length) continue;
      if (p.exact !== undefined && (p.keys.length !== 1 || words[i]!.raw.replace(/\./g, '') !== p.exact)) continue;
      if (p.keys.every((k, j) => words[i + j]!.key === k)) best.push(p);
    }
    if (best.length === 0) {
      i++;
      continue;
    }
    const len = best[0]!.keys.length;
    const seen = new Set<string>();
    for (const p of best) {
      if (seen.has(p.entity)) continue;
      seen.add(p.entity);
      mentions.push({ entity: p.entity, descriptive: p.descriptive, from: i, to: i + len, start: words[i]!.start, end: words[i + len - 1]!.end });
    }
    i += len;
  }
  return mentions;
}

export class AskIndex {
  readonly units: Unit[] = [];
  readonly byKey = new Map<string, Unit>();
  readonly search: MiniSearch<{ id: string; terms: string; briefing: string }>;
  readonly phrases = new Map<Briefing, NamePhrase[]>();
  readonly sentenceTokens = new Map<string, Token[]>();
  /** Sentence units containing a concept, for inverse document frequency. */
  private readonly df = new Map<string, number>();
  private sentenceCount = 0;

  constructor(readonly library: Library) {
    for (const b of library.briefings) this.addBriefing(b);
    this.search = new MiniSearch({
      fields: ['terms'],
      storeFields: ['briefing'],
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
    });
    this.search.addAll(this.units.map((u) => ({ id: u.key, terms: [...u.concepts, ...[...u.entities].map((e) => entityTerm(u.briefing, e))].join(' '), briefing: u.briefing.id })));
  }

  /** BM25's inverse document frequency of a concept over the article sentences. */
  idf(term: string): number {
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.sentenceCount - n + 0.5) / (n + 0.5));
  }

  tokensOf(briefing: Briefing, sentence: number): Token[] {
    return this.sentenceTokens.get(`${briefing.id}#${sentence}`) ?? [];
  }

  private readonly textTokens = new Map<string, Token[]>();

  /** Tokens of a fact's own text, analysed once. */
  tokensOfText(text: string): Token[] {
    let tokens = this.textTokens.get(text);
    if (!tokens) {
      tokens = analyze(text);
      this.textTokens.set(text, tokens);
    }
    return tokens;
  }

  private affiliationsOf(briefing: Briefing, ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of ids) {
      let current = this.library.entity(briefing, id)?.affiliation;
      for (let depth = 0; current && depth < 4 && !out.has(current); depth++) {
        out.add(current);
        current = this.library.entity(briefing, current)?.affiliation;
      }
    }
    return out;
  }

  private add(unit: Omit<Unit, 'affiliated' | 'context' | 'references'> & { context?: Set<string> }): void {
    const b = unit.briefing;
    const id = unit.event?.id ?? unit.claim?.id ?? unit.entity?.id;
    const references = id === undefined ? 0 : b.claims.filter((c) => c.about.includes(id) || c.claimant === id).length + b.events.filter((e) => e.after.includes(id) || e.before.includes(id) || e.actors.includes(id)).length;
    const full: Unit = { ...unit, references, context: unit.context ?? new Set(), affiliated: this.affiliationsOf(unit.briefing, unit.entities) };
    for (const e of full.entities) full.affiliated.delete(e);
    this.units.push(full);
    this.byKey.set(full.key, full);
  }

  private addBriefing(b: Briefing): void {
    const phrases = phrasesOf(b);
    this.phrases.set(b, phrases);
    const entityIds = new Set(b.entities.map((e) => e.id));
    const isEntity = (id: string): boolean => entityIds.has(id);

    // Who each sentence is about beyond the names written in it: the facts that cite it.
    const linked = new Map<number, Set<string>>();
    const link = (sentences: number[], ids: string[]): void => {
      for (const n of sentences) {
        const set = linked.get(n) ?? new Set<string>();
        for (const id of ids) if (isEntity(id)) set.add(id);
        linked.set(n, set);
      }
    };
    const sentencesOf = (evidence: Array<{ sentences: number[]; sentence: number }>): number[] => [...new Set(evidence.flatMap((e) => (e.sentences.length ? e.sentences : [e.sentence])))].sort((x, y) => x - y);
    for (const c of b.claims) link(sentencesOf(c.evidence), [c.claimant]);
    for (const e of b.events) link(sentencesOf(e.evidence), [...e.actors, ...(e.place ? [e.place] : [])]);

    const sentenceConcepts = new Map<number, Set<string>>();
    const sentenceEntities = new Map<number, Set<string>>();
    for (const s of b.article.sentences) {
      const tokens = analyze(s.text);
      this.sentenceTokens.set(`${b.id}#${s.index}`, tokens);
      const concepts = new Set(tokens.flatMap((t) => (t.concept ? [t.concept] : [])));
      const entities = new Set([...findMentions(s.text, phrases).map((m) => m.entity), ...(linked.get(s.index) ?? [])]);
      sentenceConcepts.set(s.index, concepts);
      sentenceEntities.set(s.index, entities);
      this.sentenceCount++;
      for (const c of new Set([...concepts, ...[...entities].map((e) => entityTerm(b, e))])) this.df.set(c, (this.df.get(c) ?? 0) + 1);
      const previous = b.article.sentences[s.index - 2];
      const context = new Set(previous && previous.paragraph === s.paragraph ? sentenceEntities.get(previous.index) : []);
      for (const e of entities) context.delete(e);
      this.add({ key: `${b.id}#s${s.index}`, briefing: b, kind: 'sentence', sentences: [s.index], concepts, entities, ownConcepts: concepts, ownEntities: entities, context });
    }

    const factUnit = (key: string, kind: UnitKind, text: string, sentences: number[], ids: string[], extra: string[] = []): Omit<Unit, 'affiliated' | 'context' | 'references'> => {
      const ownConcepts = new Set<string>(extra);
      for (const t of analyze(text)) if (t.concept) ownConcepts.add(t.concept);
      const ownEntities = new Set<string>([...ids.filter(isEntity), ...findMentions(text, phrases).map((m) => m.entity)]);
      const concepts = new Set(ownConcepts);
      const entities = new Set(ownEntities);
      for (const n of sentences) for (const c of sentenceConcepts.get(n) ?? []) concepts.add(c);
      for (const n of sentences) for (const e of sentenceEntities.get(n) ?? []) entities.add(e);
      return { key: `${b.id}#${key}`, briefing: b, kind, sentences, concepts, entities, ownConcepts, ownEntities };
    };

    for (const e of b.entities) {
      const text = [e.name, ...e.aliases, e.role ?? '', e.kind].join('. ');
      this.add({ ...factUnit(e.id, 'entity', text, sentencesOf(e.evidence), [e.id]), entity: e });
    }
    for (const ev of b.events) {
      const names = [...ev.actors, ...(ev.place ? [ev.place] : [])].map((id) => this.library.nameOf(b, id));
      // An event in Sultanahmet square is an event in Istanbul: a place's affiliation is where it lies.
      const within: string[] = [];
      for (let at = ev.place ? this.library.entity(b, ev.place) : undefined; at?.affiliation && within.length < 4; ) {
        const next = this.library.entity(b, at.affiliation);
        if (!next || (next.kind !== 'place' && next.kind !== 'country')) break;
        within.push(next.id);
        at = next;
      }
      this.add({ ...factUnit(ev.id, 'event', [ev.title, ...names].join('. '), sentencesOf(ev.evidence), [...ev.actors, ...(ev.place ? [ev.place, ...within] : [])]), event: ev, ownText: ev.title });
    }
    for (const c of b.claims) {
      const claimant = c.claimant === OUTLET ? 'the article' : this.library.nameOf(b, c.claimant);
      const text = [claimant, c.text, c.quote ?? '', c.via ?? ''].join('. ');
      // Every claim is something its claimant said, whatever its kind.
      const kindConcepts = [...KIND_CONCEPTS[c.kind], 'say'].map((w) => conceptOf(w) ?? w);
      this.add({ ...factUnit(c.id, 'claim', text, sentencesOf(c.evidence), [c.claimant, ...c.about], kindConcepts), claim: c, ownText: [c.text, c.via ?? ''].join(' ').trim() });
    }
  }
}

export function entityTerm(briefing: Briefing, entityId: string): string {
  return `@${briefing.id}/${entityId}`;
}

const cache = new WeakMap<Library, AskIndex>();

/** The index of a library, built on first use and kept as long as the library is. */
export function askIndex(library: Library): AskIndex {
  let index = cache.get(library);
  if (!index) {
    index = new AskIndex(library);
    cache.set(library, index);
  }
  return index;
}

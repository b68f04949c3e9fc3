/**
 * What the answerer searches in one briefing: one unit per article sentence and one per fact (entity,
 * event, claim), each with its concepts and the entities it involves, and the postings (term → units) that
 * retrieval scores. Built from the briefing's analysis (analysis.ts) when a question may be answered from
 * it, and kept in a bounded cache: a briefing reloaded with changes is another object, so it is never
 * answered from the index of its old version.
 *
 * A fact unit carries the concepts of its own text and of the sentences it cites, and its structured
 * links (claimant, actors, place, what a claim is about), so "He mentioned a draft document" is known to
 * be Shoigu's. A sentence unit carries the entities named in it (by name, alias, role or the country's
 * adjective) and the claimants and actors of the facts that cite it.
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing, Claim, Entity, TimelineEvent } from '../briefing/model.ts';
import { OUTLET } from '../briefing/schema.ts';
import { conceptOf, type Token } from './analyze.ts';
import { analysisOf, factTexts, type TokenStore } from './analysis.ts';
import { Lru } from './lru.ts';
import { affiliationsOf, findMentions, namesOf, sentencesOf, type BriefingNames } from './names.ts';

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

export function entityTerm(briefing: Briefing, entityId: string): string {
  return `@${briefing.id}/${entityId}`;
}

export class BriefingIndex {
  readonly units: Unit[] = [];
  readonly byKey = new Map<string, Unit>();
  /** Retrieval's documents: how many terms each unit has (its concepts and its entities), and term → unit positions. */
  readonly termCounts: number[] = [];
  readonly postings = new Map<string, number[]>();
  /** Article sentences holding each concept (entities are counted in `names`). */
  readonly conceptSentences = new Map<string, number>();
  readonly names: BriefingNames;
  private readonly store: TokenStore;
  /** One string per entity term while building. */
  private readonly entityTerms = new Map<string, string>();
  private readonly sentenceCount: number;
  /** A fact's own text → its number in `store`. */
  private textIds: Map<string, number>;

  constructor(
    readonly library: Library,
    readonly briefing: Briefing,
  ) {
    const b = briefing;
    this.names = namesOf(b);
    const { phrases, sentenceEntities } = this.names;
    const analysis = analysisOf(b, factTexts(b, (id) => library.nameOf(b, id)));
    this.store = analysis.store;
    this.sentenceCount = analysis.sentences;
    this.textIds = analysis.texts;
    const entityIds = new Set(b.entities.map((e) => e.id));
    const isEntity = (id: string): boolean => entityIds.has(id);

    const sentenceConcepts: Array<Set<string>> = [];
    for (const s of b.article.sentences) {
      const concepts = new Set<string>();
      this.store.forEachConcept(s.index - 1, (c) => concepts.add(c));
      const entities = sentenceEntities[s.index - 1]!;
      sentenceConcepts[s.index - 1] = concepts;
      for (const c of concepts) this.conceptSentences.set(c, (this.conceptSentences.get(c) ?? 0) + 1);
      const previous = b.article.sentences[s.index - 2];
      const context = new Set(previous && previous.paragraph === s.paragraph ? sentenceEntities[previous.index - 1] : []);
      for (const e of entities) context.delete(e);
      this.add({ key: `${b.id}#s${s.index}`, briefing: b, kind: 'sentence', sentences: [s.index], concepts, entities, ownConcepts: concepts, ownEntities: entities, context });
    }

    const factUnit = (key: string, kind: UnitKind, text: string, sentences: number[], ids: string[], extra: string[] = []): Omit<Unit, 'affiliated' | 'context' | 'references'> => {
      const ownConcepts = new Set<string>(extra);
      this.store.forEachConcept(this.textIds.get(text) ?? -1, (c) => ownConcepts.add(c));
      const ownEntities = new Set<string>([...ids.filter(isEntity), ...findMentions(text, phrases).map((m) => m.entity)]);
      const concepts = new Set(ownConcepts);
      const entities = new Set(ownEntities);
      for (const n of sentences) for (const c of sentenceConcepts[n - 1] ?? []) concepts.add(c);
      for (const n of sentences) for (const e of sentenceEntities[n - 1] ?? []) entities.add(e);
      return { key: `${b.id}#${key}`, briefing: b, kind, sentences, concepts, entities, ownConcepts, ownEntities };
    };

    for (const e of b.entities) {
      const text = [e.name, ...e.aliases, e.role ?? '', e.kind].join('. ');
      this.add({ ...factUnit(e.id, 'entity', text, sentencesOf(e.evidence), [e.id]), entity: e });
    }
    for (const ev of b.events) {
      const names = [...ev.actors, ...(ev.place ? [ev.place] : [])].map((id) => library.nameOf(b, id));
      // An event in Sultanahmet square is an event in Istanbul: a place's affiliation is where it lies.
      const within: string[] = [];
      for (let at = ev.place ? library.entity(b, ev.place) : undefined; at?.affiliation && within.length < 4; ) {
        const next = library.entity(b, at.affiliation);
        if (!next || (next.kind !== 'place' && next.kind !== 'country')) break;
        within.push(next.id);
        at = next;
      }
      this.add({ ...factUnit(ev.id, 'event', [ev.title, ...names].join('. '), sentencesOf(ev.evidence), [...ev.actors, ...(ev.place ? [ev.place, ...within] : [])]), event: ev, ownText: ev.title });
    }
    for (const c of b.claims) {
      const claimant = c.claimant === OUTLET ? 'the article' : library.nameOf(b, c.claimant);
      const text = [claimant, c.text, c.quote ?? '', c.via ?? ''].join('. ');
      // Every claim is something its claimant said, whatever its kind.
      const kindConcepts = [...KIND_CONCEPTS[c.kind], 'say'].map((w) => conceptOf(w) ?? w);
      this.add({ ...factUnit(c.id, 'claim', text, sentencesOf(c.evidence), [c.claimant, ...c.about], kindConcepts), claim: c, ownText: [c.text, c.via ?? ''].join(' ').trim() });
    }
    // Answers read only the facts' own words later: the longer texts were for the concepts above.
    const kept = new Map<string, number>();
    for (const u of this.units) if (u.ownText !== undefined && this.textIds.has(u.ownText)) kept.set(u.ownText, this.textIds.get(u.ownText)!);
    this.textIds = kept;
  }

  /** Tokens of article sentence n (made afresh: keep them no longer than the question). */
  tokensOf(sentence: number): Token[] {
    return sentence >= 1 && sentence <= this.sentenceCount ? this.store.tokens(sentence - 1) : [];
  }

  /** Tokens of a fact's own text (analysed with the briefing; made afresh). */
  tokensOfText(text: string): Token[] {
    const id = this.textIds.get(text);
    return id === undefined ? [] : this.store.tokens(id);
  }

  private add(unit: Omit<Unit, 'affiliated' | 'context' | 'references'> & { context?: Set<string> }): void {
    const b = unit.briefing;
    const id = unit.event?.id ?? unit.claim?.id ?? unit.entity?.id;
    const full: Unit = { ...unit, references: id === undefined ? 0 : referencesTo(b, id), context: unit.context ?? new Set(), affiliated: affiliationsOf(this.library, b, unit.entities) };
    for (const e of full.entities) full.affiliated.delete(e);
    const position = this.units.length;
    this.units.push(full);
    this.byKey.set(full.key, full);
    this.termCounts.push(full.concepts.size + full.entities.size);
    for (const term of full.concepts) this.post(term, position);
    for (const e of full.entities) {
      let term = this.entityTerms.get(e);
      if (term === undefined) {
        term = entityTerm(b, e);
        this.entityTerms.set(e, term);
      }
      this.post(term, position);
    }
  }

  private post(term: string, position: number): void {
    const list = this.postings.get(term);
    if (list) list.push(position);
    else this.postings.set(term, [position]);
  }
}

/** How many other facts of the briefing refer to fact `id` (claims about it or by it, events after, before or by it). */
function referencesTo(b: Briefing, id: string): number {
  let n = 0;
  for (const c of b.claims) if (c.about.includes(id) || c.claimant === id) n++;
  for (const e of b.events) if (e.after.includes(id) || e.before.includes(id) || e.actors.includes(id)) n++;
  return n;
}

/** How many briefings' indexes are kept in memory (about 0.36 MB each; a question has at most 6 candidates). */
export const INDEX_CACHE_SIZE = 24;

const INDEXES = new Lru<Briefing, BriefingIndex>(INDEX_CACHE_SIZE);

export function briefingIndex(library: Library, b: Briefing): BriefingIndex {
  let index = INDEXES.get(b);
  if (!index) {
    index = new BriefingIndex(library, b);
    INDEXES.set(b, index);
  }
  return index;
}

/** For tests: how many briefing indexes are held. */
export function cachedIndexCount(): number {
  return INDEXES.size;
}

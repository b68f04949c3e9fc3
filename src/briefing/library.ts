/**
 * The loaded briefings and the lookups commands need: by id, by entity name (fuzzy, across briefings),
 * and display names for ids. Read-only once built; a reload builds a new Library and swaps it in.
 */
import { UserError } from '../reply/reply.ts';
import { loadBriefings } from './load.ts';
import type { Briefing, BriefingError, Claim, Entity } from './model.ts';
import { editDistance, foldName, nameScore, roleScore } from './names.ts';
import { OUTLET } from './schema.ts';

export interface EntityMatch {
  briefing: Briefing;
  entity: Entity;
  score: number;
}

interface NameEntry {
  folded: string;
  /** Roles are descriptions, not names: they match whole words only, never as typos. */
  isRole: boolean;
  display: string;
  briefing: Briefing;
  entity: Entity;
}

/** Scores at or above this count as a match; below, the name is unknown and we suggest instead. */
const MATCH_THRESHOLD = 0.5;

export class Library {
  private readonly byId = new Map<string, Briefing>();
  private readonly names: NameEntry[] = [];
  private readonly exact = new Map<string, NameEntry[]>();
  private readonly entityIndex = new Map<Briefing, Map<string, Entity>>();

  constructor(
    readonly briefings: Briefing[],
    readonly errors: BriefingError[] = [],
  ) {
    for (const b of briefings) {
      this.byId.set(b.id, b);
      const ids = new Map<string, Entity>();
      this.entityIndex.set(b, ids);
      for (const entity of b.entities) {
        ids.set(entity.id, entity);
        const names = [entity.name, ...entity.aliases].map((display) => ({ display, isRole: false }));
        if (entity.role) names.push({ display: entity.role, isRole: true });
        for (const { display, isRole } of names) {
          const folded = foldName(display);
          if (!folded) continue;
          const entry = { folded, isRole, display, briefing: b, entity };
          this.names.push(entry);
          const list = this.exact.get(folded) ?? [];
          list.push(entry);
          this.exact.set(folded, list);
        }
      }
    }
  }

  static load(dir: string): Library {
    const { briefings, errors } = loadBriefings(dir);
    return new Library(briefings, errors);
  }

  get(id: string): Briefing | undefined {
    return this.byId.get(id);
  }

  /** The briefings a command covers: one by id, or all. Unknown ids get suggestions. */
  scope(id?: string): Briefing[] {
    if (id === undefined) return this.briefings;
    const b = this.byId.get(id) ?? this.byId.get(id.toLowerCase());
    if (b) return [b];
    const suggestions = this.briefings
      .map((x) => ({ id: x.id, d: editDistance(id.toLowerCase(), x.id) }))
      .filter((x) => x.d <= Math.max(3, id.length / 2) || x.id.includes(id.toLowerCase()))
      .sort((a, b2) => a.d - b2.d)
      .slice(0, 3)
      .map((x) => x.id);
    throw new UserError('unknown_briefing', `No briefing "${id}".`, suggestions);
  }

  entity(briefing: Briefing, id: string): Entity | undefined {
    return this.entityIndex.get(briefing)?.get(id);
  }

  /** Display name of an entity id or of the outlet. */
  nameOf(briefing: Briefing, id: string): string {
    if (id === OUTLET) return briefing.source.outlet ? `${briefing.source.outlet} (the article's analysis)` : "The article's analysis";
    const entity = this.entity(briefing, id);
    if (entity) return entity.name;
    const event = briefing.events.find((e) => e.id === id);
    if (event) return event.title;
    const claim = briefing.claims.find((c) => c.id === id);
    return claim ? claim.text : id;
  }

  claimantName(briefing: Briefing, claim: Claim): string {
    return this.nameOf(briefing, claim.claimant);
  }

  /** Entities whose name, alias or role matches, best first; one per entity. */
  findEntities(query: string, briefings: Briefing[] = this.briefings): EntityMatch[] {
    const folded = foldName(query);
    if (!folded) return [];
    const inScope = new Set(briefings);
    const best = new Map<Entity, EntityMatch>();
    const consider = (e: NameEntry, score: number): void => {
      if (!inScope.has(e.briefing) || score < MATCH_THRESHOLD) return;
      const prev = best.get(e.entity);
      if (!prev || prev.score < score) best.set(e.entity, { briefing: e.briefing, entity: e.entity, score });
    };
    const exact = this.exact.get(folded);
    if (exact) for (const e of exact) consider(e, 1);
    else for (const e of this.names) consider(e, e.isRole ? roleScore(folded, e.folded) : nameScore(folded, e.folded));
    const matches = [...best.values()].sort((a, b) => b.score - a.score || a.entity.name.localeCompare(b.entity.name));
    // Keep the top tier: a clear best match should not drag in every weaker one.
    const top = matches[0]?.score ?? 0;
    return matches.filter((m) => m.score >= top - 0.3);
  }

  /** Closest known names for an unknown one. */
  suggestNames(query: string, limit = 3, briefings: Briefing[] = this.briefings): string[] {
    const folded = foldName(query);
    const inScope = new Set(briefings);
    const scored = new Map<string, number>();
    for (const e of this.names) {
      if (!inScope.has(e.briefing) || e.isRole) continue;
      const d = Math.min(editDistance(folded, e.folded, 8), ...e.folded.split(' ').map((w) => editDistance(folded, w, 8) + 0.5));
      const name = e.entity.name;
      if (d <= Math.max(1.5, folded.length / 3) && (scored.get(name) ?? Infinity) > d) scored.set(name, d);
    }
    return [...scored.entries()]
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([name]) => name);
  }

  /** Entities whose names start with or contain the typed text, for autocomplete. */
  completeNames(prefix: string, limit = 25, kinds?: Array<Entity['kind']>): string[] {
    const folded = foldName(prefix);
    const starts: string[] = [];
    const contains: string[] = [];
    const seen = new Set<string>();
    for (const e of this.names) {
      if (kinds && !kinds.includes(e.entity.kind)) continue;
      const name = e.entity.name;
      if (seen.has(name)) continue;
      const foldedName = foldName(name);
      if (!folded || foldedName.startsWith(folded) || e.folded.startsWith(folded)) {
        seen.add(name);
        starts.push(name);
      } else if (e.folded.includes(folded)) {
        seen.add(name);
        contains.push(name);
      }
    }
    return [...starts.sort(), ...contains.sort()].slice(0, limit);
  }
}

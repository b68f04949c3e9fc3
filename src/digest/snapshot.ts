/**
 * What a channel has seen: one record per fact (briefing, claim, event) with a hash of everything a reader
 * would notice changing, and the few fields needed to say how it changed ("unverified → disputed").
 * The diff of two snapshots is what the next digest reports.
 */
import { createHash } from 'node:crypto';
import type { Library } from '../briefing/library.ts';
import type { Briefing, Claim, Reference, TimelineEvent } from '../briefing/model.ts';
import { formatIso } from '../briefing/partial-date.ts';
import type { BriefingFilter } from './store.ts';

export interface BriefingState {
  type: 'briefing';
  briefing: string;
  title: string;
  published: string | null;
  /** The summary changes as a whole; its text is in the briefing, not worth copying here. */
  summary: string;
}

export interface ClaimState {
  type: 'claim';
  briefing: string;
  claimant: string;
  kind: string;
  text: string;
  status: string;
  quote: string | null;
  disputedBy: string[];
  supportedBy: string[];
  sentences: number[];
}

export interface EventState {
  type: 'event';
  briefing: string;
  title: string;
  date: string | null;
  dateBasis: string | null;
  actors: string[];
  place: string | null;
  sentences: number[];
}

export type FactState = BriefingState | ClaimState | EventState;

export interface FactRecord {
  /** `briefing:<id>`, `claim:<briefing>/<id>`, `event:<briefing>/<id>`. */
  id: string;
  hash: string;
  state: FactState;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

function sentencesOf(evidence: Array<{ sentence: number; sentences: number[] }>): number[] {
  return [...new Set(evidence.flatMap((e) => (e.sentences.length ? e.sentences : [e.sentence])))].sort((a, b) => a - b);
}

/** Identifies what disputes or supports a claim, so a new one can be told from one already seen. */
export function referenceKey(r: Reference): string {
  if (r.claim) return `claim ${r.claim}`;
  if (r.event) return `event ${r.event}`;
  if (r.note) return `note ${r.note}`;
  return `evidence ${sentencesOf(r.evidence).join(',')}`;
}

export const factId = {
  briefing: (b: Briefing): string => `briefing:${b.id}`,
  claim: (b: Briefing, c: Claim): string => `claim:${b.id}/${c.id}`,
  event: (b: Briefing, e: TimelineEvent): string => `event:${b.id}/${e.id}`,
};

function record(id: string, state: FactState): FactRecord {
  return { id, hash: hashOf(state), state };
}

export function claimState(library: Library, b: Briefing, c: Claim): ClaimState {
  return {
    type: 'claim',
    briefing: b.id,
    claimant: library.claimantName(b, c),
    kind: c.kind,
    text: c.text,
    status: c.status,
    quote: c.quote ?? null,
    disputedBy: c.disputedBy.map(referenceKey),
    supportedBy: c.supportedBy.map(referenceKey),
    sentences: sentencesOf(c.evidence),
  };
}

export function eventState(library: Library, b: Briefing, e: TimelineEvent): EventState {
  return {
    type: 'event',
    briefing: b.id,
    title: e.title,
    date: e.date ? formatIso(e.date) : null,
    dateBasis: e.dateBasis ?? null,
    actors: e.actors.map((a) => library.nameOf(b, a)),
    place: e.place ? library.nameOf(b, e.place) : null,
    sentences: sentencesOf(e.evidence),
  };
}

/** Every fact of the briefings in scope. */
export function takeSnapshot(library: Library, briefings: Briefing[]): FactRecord[] {
  const out: FactRecord[] = [];
  for (const b of briefings) {
    out.push(
      record(factId.briefing(b), {
        type: 'briefing',
        briefing: b.id,
        title: b.title,
        published: b.source.published ? formatIso(b.source.published) : null,
        summary: hashOf(b.summary.map((s) => s.text)),
      }),
    );
    for (const c of b.claims) out.push(record(factId.claim(b, c), claimState(library, b, c)));
    for (const e of b.events) out.push(record(factId.event(b, e), eventState(library, b, e)));
  }
  return out;
}

/** The briefings a subscription covers: by id or tag (either matches), or all when it names neither. */
export function briefingsInScope(library: Library, filter: BriefingFilter): Briefing[] {
  if (filter.briefings.length === 0 && filter.tags.length === 0) return library.briefings;
  const ids = new Set(filter.briefings);
  const tags = new Set(filter.tags);
  return library.briefings.filter((b) => ids.has(b.id) || b.tags.some((t) => tags.has(t)));
}

export interface FactChange<S extends FactState = FactState> {
  id: string;
  change: 'new' | 'changed' | 'removed';
  before?: S;
  after?: S;
}

export interface SnapshotDiff {
  newBriefings: string[];
  removedBriefings: BriefingState[];
  /** Briefings whose title, date or summary changed. */
  updatedBriefings: Array<{ before: BriefingState; after: BriefingState }>;
  /** Claim and event changes in briefings the channel already knew, in briefing order. */
  facts: FactChange<ClaimState | EventState>[];
}

export function isEmptyDiff(d: SnapshotDiff): boolean {
  return d.newBriefings.length + d.removedBriefings.length + d.updatedBriefings.length + d.facts.length === 0;
}

/**
 * What changed from `before` to `after`. Facts of a briefing new to the channel are not listed one by
 * one: the briefing is announced as a whole.
 */
export function diffSnapshots(before: ReadonlyMap<string, FactRecord>, after: FactRecord[]): SnapshotDiff {
  const diff: SnapshotDiff = { newBriefings: [], removedBriefings: [], updatedBriefings: [], facts: [] };
  const known = new Set<string>();
  for (const r of before.values()) if (r.state.type === 'briefing') known.add(r.state.briefing);
  const present = new Set<string>();
  for (const r of after) {
    present.add(r.id);
    const old = before.get(r.id);
    if (r.state.type === 'briefing') {
      if (!old) diff.newBriefings.push(r.state.briefing);
      else if (old.hash !== r.hash) diff.updatedBriefings.push({ before: old.state as BriefingState, after: r.state });
      continue;
    }
    if (!known.has(r.state.briefing)) continue;
    if (!old) diff.facts.push({ id: r.id, change: 'new', after: r.state });
    else if (old.hash !== r.hash) diff.facts.push({ id: r.id, change: 'changed', before: old.state as ClaimState | EventState, after: r.state });
  }
  const stillThere = new Set(after.filter((r) => r.state.type === 'briefing').map((r) => r.state.briefing));
  for (const r of before.values()) {
    if (present.has(r.id)) continue;
    if (r.state.type === 'briefing') diff.removedBriefings.push(r.state);
    else if (stillThere.has(r.state.briefing)) diff.facts.push({ id: r.id, change: 'removed', before: r.state });
  }
  return diff;
}

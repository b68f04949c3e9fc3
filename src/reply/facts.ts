/**
 * Turns briefing facts into reply items and JSON, the same way for every command
 * (who, timeline, claims, and later digests and answers).
 */
import type { Library } from '../briefing/library.ts';
import type { Evidence } from '../briefing/evidence.ts';
import type { Briefing, Claim, Reference, TimelineEvent } from '../briefing/model.ts';
import { formatHuman, formatIso } from '../briefing/partial-date.ts';
import { sentenceAt } from '../briefing/stored-article.ts';
import type { Citation, Item } from './reply.ts';

export function citations(briefing: Briefing, evidence: Evidence[]): Citation[] {
  // Runs for every item of every reply: no Set, no closure, and the usual single citation in a list of one.
  const article = briefing.article;
  if (evidence.length === 1) {
    const only = evidence[0]!.sentences;
    if (only.length <= 1) {
      const n = only.length === 1 ? only[0]! : evidence[0]!.sentence;
      const s = sentenceAt(article, n);
      return s ? [{ briefing: briefing.id, sentence: n, paragraph: s.paragraph, text: s.text }] : [];
    }
  }
  const out: Citation[] = [];
  for (const e of evidence) {
    const cited = e.sentences;
    for (let i = 0; i < Math.max(1, cited.length); i++) {
      const n = cited.length ? cited[i]! : e.sentence;
      if (out.some((c) => c.sentence === n)) continue;
      const s = sentenceAt(article, n);
      if (s) out.push({ briefing: briefing.id, sentence: n, paragraph: s.paragraph, text: s.text });
    }
  }
  return out;
}

export function evidenceJson(briefing: Briefing, evidence: Evidence[]): Array<{ sentence: number; paragraph: number; text: string }> {
  return citations(briefing, evidence).map(({ sentence, paragraph, text }) => ({ sentence, paragraph, text }));
}

/** "22 March 2024", "March 2022 (inferred)", or "undated". */
export function dateLabel(event: TimelineEvent): string {
  if (!event.date) return 'undated';
  return event.dateBasis === 'inferred' ? `${formatHuman(event.date)} (inferred)` : formatHuman(event.date);
}

export function eventItem(library: Library, briefing: Briefing, event: TimelineEvent): Item {
  const notes: string[] = [];
  if (event.dateNote) notes.push(event.dateNote);
  const actors = event.actors.map((a) => library.nameOf(briefing, a));
  if (actors.length) notes.push(`Actors: ${actors.join(', ')}`);
  if (event.place) notes.push(`Place: ${library.nameOf(briefing, event.place)}`);
  return { label: dateLabel(event), text: event.title, notes, citations: citations(briefing, event.evidence) };
}

export function eventJson(library: Library, briefing: Briefing, event: TimelineEvent): Record<string, unknown> {
  return {
    id: event.id,
    briefing: briefing.id,
    date: event.date ? formatIso(event.date) : null,
    precision: event.date?.precision ?? null,
    date_basis: event.dateBasis ?? null,
    date_note: event.dateNote ?? null,
    title: event.title,
    actors: event.actors.map((a) => library.nameOf(briefing, a)),
    place: event.place ? library.nameOf(briefing, event.place) : null,
    after: event.after,
    before: event.before,
    evidence: evidenceJson(briefing, event.evidence),
  };
}

function referenceText(library: Library, briefing: Briefing, ref: Reference): string {
  const parts: string[] = [];
  if (ref.note) parts.push(ref.note);
  else if (ref.claim) {
    const c = briefing.claims.find((x) => x.id === ref.claim);
    if (c) parts.push(`${library.claimantName(briefing, c)}: ${c.text}`);
  } else if (ref.event) {
    const e = briefing.events.find((x) => x.id === ref.event);
    if (e) parts.push(e.title);
  } else if (ref.evidence[0]) parts.push(`"${ref.evidence[0].quote}"`);
  const sentences = citations(briefing, ref.evidence).map((c) => `¶${c.paragraph} s${c.sentence}`);
  return sentences.length ? `${parts.join(' ')} (${sentences.join(', ')})` : parts.join(' ');
}

export function claimItem(library: Library, briefing: Briefing, claim: Claim, options: { withClaimant?: boolean } = {}): Item {
  const notes: string[] = [];
  if (claim.quote) notes.push(`Quote: “${claim.quote}”`);
  if (claim.via) notes.push(`Reported ${claim.via}`);
  for (const r of claim.disputedBy) notes.push(`Disputed by: ${referenceText(library, briefing, r)}`);
  for (const r of claim.supportedBy) notes.push(`Supported by: ${referenceText(library, briefing, r)}`);
  const who = options.withClaimant ? `${library.claimantName(briefing, claim)}: ` : '';
  return { label: `${claim.kind} · ${claim.status}`, text: `${who}${claim.text}`, notes, citations: citations(briefing, claim.evidence) };
}

function referenceJson(library: Library, briefing: Briefing, ref: Reference): Record<string, unknown> {
  return {
    claim: ref.claim ?? null,
    event: ref.event ?? null,
    note: ref.note ?? null,
    text: referenceText(library, briefing, ref),
    evidence: evidenceJson(briefing, ref.evidence),
  };
}

export function claimJson(library: Library, briefing: Briefing, claim: Claim): Record<string, unknown> {
  return {
    id: claim.id,
    briefing: briefing.id,
    claimant: library.claimantName(briefing, claim),
    claimant_id: claim.claimant,
    via: claim.via ?? null,
    kind: claim.kind,
    text: claim.text,
    quote: claim.quote ?? null,
    about: claim.about.map((a) => library.nameOf(briefing, a)),
    status: claim.status,
    disputed_by: claim.disputedBy.map((r) => referenceJson(library, briefing, r)),
    supported_by: claim.supportedBy.map((r) => referenceJson(library, briefing, r)),
    evidence: evidenceJson(briefing, claim.evidence),
  };
}

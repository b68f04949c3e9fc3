/**
 * A draft → the two files of a briefing folder. The YAML is checked with the loader's own buildBriefing
 * before anyone writes it, so a draft that ingest writes always passes `validate`.
 */
import { Document } from 'yaml';
import { buildBriefing } from '../briefing/load.ts';
import { formatBriefingError } from '../briefing/model.ts';
import { IngestError, type Draft } from './draft.ts';

const MIN_QUOTE = 3;

/** article.md: the header lines, a blank line, the body verbatim. */
export function articleFile(draft: Draft, body: string, extra: Record<string, string> = {}): string {
  const line = (v: string): string => v.replace(/\s+/g, ' ').trim();
  const header = [
    `title: ${line(draft.title)}`,
    `source: ${draft.source ? line(draft.source) : 'unknown'}`,
    `published: ${draft.published ?? 'unknown'}`,
    ...Object.entries(extra).map(([k, v]) => `${k}: ${line(v)}`),
  ];
  return `${header.join('\n')}\n\n${body.replace(/\s+$/, '')}\n`;
}

/** briefing.yaml for the draft, every fact with its sentence as evidence and every claim unverified. */
export function briefingYaml(draft: Draft, generatedOn: string): string {
  const quote = (text: string, fallback: string): string => (text.trim().length >= MIN_QUOTE ? text : fallback);
  const firstSentenceWith = new Map<string, string>();
  for (const e of draft.events) for (const a of e.actor_ids) if (!firstSentenceWith.has(a)) firstSentenceWith.set(a, e.evidence);
  const doc = new Document({
    tags: [],
    summary: draft.summary.map((s) => ({ text: s.text, evidence: [s.evidence] })),
    entities: draft.entities.map((e) => ({
      id: e.id,
      name: e.name,
      kind: e.kind,
      aliases: e.aliases,
      ...(e.role ? { role: e.role } : {}),
      evidence: [quote(e.evidence, firstSentenceWith.get(e.id) ?? draft.summary[0]!.evidence)],
    })),
    events: draft.events.map((e) => ({
      id: e.id,
      title: e.title,
      date: e.date,
      ...(e.date_basis ? { date_basis: e.date_basis } : {}),
      ...(e.date_note ? { date_note: e.date_note } : {}),
      actors: e.actor_ids,
      ...(e.place ? { place: e.place } : {}),
      evidence: [e.evidence],
    })),
    claims: draft.claims.map((c) => ({
      id: c.id,
      claimant: c.claimant_id,
      ...(c.via ? { via: c.via } : {}),
      kind: c.kind,
      text: c.text,
      ...(c.quote && c.quote.trim() ? { quote: c.quote } : {}),
      about: c.about,
      status: 'unverified',
      evidence: [c.evidence],
    })),
  });
  doc.commentBefore = [
    ` Draft made by \`briefing ingest\` on ${generatedOn}: an editor's starting point, not a finished briefing.`,
    ' Every fact quotes its sentence; check names, roles, dates and claim kinds, set statuses, write the summary.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Renders both files and proves the loader accepts them. */
export function renderBriefing(draft: Draft, body: string, generatedOn: string, extraHeader: Record<string, string> = {}): { article: string; yaml: string } {
  const article = articleFile(draft, body, extraHeader);
  const yaml = briefingYaml(draft, generatedOn);
  const { errors } = buildBriefing(draft.id, article, yaml);
  if (errors.length > 0) {
    throw new IngestError('invalid_draft', `ingest made a briefing the loader rejects (a bug in ingest):\n${errors.map(formatBriefingError).join('\n')}`);
  }
  return { article, yaml };
}

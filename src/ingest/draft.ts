/**
 * Article text → a draft briefing: entities, dated events and claims, each with the sentence it comes from.
 * Offline and deterministic: compromise for tagging, chrono-node for dates, the rules in this folder for the rest.
 */
import { parseArticle } from '../briefing/article.ts';
import { formatIso, type PartialDate, type Precision } from '../briefing/partial-date.ts';
import type { ClaimKind, EntityKind } from '../briefing/schema.ts';
import { analyse } from './analyse.ts';
import { extractClaims } from './claims.ts';
import { linkDescriptions } from './descriptions.ts';
import { clusterMentions, type DraftEntity } from './entities.ts';
import { extractEvents } from './events.ts';
import { findMentions } from './mentions.ts';

/** The JSON contract of `ingest --json`, plus what briefing.yaml needs (date basis, notes, evidence). */
export interface Draft {
  id: string;
  title: string;
  source?: string;
  published: string | null;
  entities: Array<{ id: string; name: string; kind: EntityKind; aliases: string[]; role: string | null; evidence: string }>;
  events: Array<{
    id: string;
    date: string | null;
    precision: Precision | null;
    date_basis: 'stated' | 'inferred' | null;
    date_note: string | null;
    title: string;
    actors: string[];
    actor_ids: string[];
    place: string | null;
    evidence: string;
  }>;
  claims: Array<{ id: string; claimant: string; claimant_id: string; via: string | null; kind: ClaimKind; text: string; quote: string | null; about: string[]; evidence: string }>;
  summary: Array<{ text: string; evidence: string }>;
}

export class IngestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface IngestOptions {
  id?: string;
  /** Overrides the header's published date. */
  published?: PartialDate;
}

export function slug(text: string, max = 60): string {
  const s = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return /^[a-z0-9]/.test(s) ? s : `article${s ? `-${s}` : ''}`;
}

export function ingestText(raw: string, options: IngestOptions = {}): Draft {
  const article = parseArticle(raw);
  const published = options.published ?? article.header.published;
  const analysed = analyse(article.body, article.sentences);
  const body = analysed.sentences.filter((s) => s.kind === 'body');
  if (!body.some((s) => (s.text.match(/\p{L}{2,}/gu) ?? []).length >= 3)) {
    throw new IngestError('no_sentences', 'The text has no sentences to read (at least one sentence of three words or more is needed).');
  }
  const mentions = findMentions(analysed);
  const table = clusterMentions(mentions);
  linkDescriptions(analysed, table);
  const claims = extractClaims(analysed, table, mentions);
  const events = extractEvents(analysed, published, table, mentions, claims);

  const title = article.header.title?.trim() || body[0]!.text.slice(0, 120);
  const used = new Set<DraftEntity>();
  for (const c of claims) {
    used.add(c.claimant);
    c.about.forEach((e) => used.add(e));
  }
  const entities = table.entities.filter((e) => !e.anonymous || used.has(e));
  const ids = new Set(entities.map((e) => e.id));
  const bodyText = article.body;
  const quote = (start: number, end: number): string => bodyText.slice(start, end);
  const eventIds = uniqueIds(events.map((e) => `${e.date ? formatIso(e.date) : 'undated'}-${slug(e.title, 40)}`), ids);
  const claimIds = uniqueIds(claims.map((c) => `${c.claimant.id}-${c.kind}`.slice(0, 60)), new Set([...ids, ...eventIds]));
  return {
    id: options.id ?? idFromTitle(title, article.header.source),
    title,
    source: article.header.source,
    published: published ? formatIso(published) : null,
    entities: entities.map((e) => ({ id: e.id, name: e.name, kind: e.kind, aliases: e.aliases, role: e.role ?? null, evidence: quote(e.evidence.start, e.evidence.end) })),
    events: events.map((e, i) => ({
      id: eventIds[i]!,
      date: e.date ? formatIso(e.date) : null,
      precision: e.date?.precision ?? null,
      date_basis: e.basis ?? null,
      date_note: e.note ?? null,
      title: e.title,
      actors: e.actors.filter((a) => ids.has(a.id)).map((a) => a.name),
      actor_ids: e.actors.filter((a) => ids.has(a.id)).map((a) => a.id),
      place: e.place && ids.has(e.place.id) ? e.place.id : null,
      evidence: e.sentence.text,
    })),
    claims: claims.map((c, i) => ({
      id: claimIds[i]!,
      claimant: c.claimant.name,
      claimant_id: c.claimant.id,
      via: c.via ?? null,
      kind: c.kind,
      text: c.text,
      quote: c.quote ?? null,
      about: c.about.filter((a) => ids.has(a.id)).map((a) => a.id),
      evidence: quote(c.evidence.start, c.evidence.end),
    })),
    summary: body.filter((s) => (s.text.match(/\p{L}{2,}/gu) ?? []).length >= 3).slice(0, 2).map((s) => ({ text: s.text, evidence: s.text })),
  };
}

/** A short id from the title: at most about six words, without a trailing " – Reuters". */
export function idFromTitle(title: string, source?: string): string {
  let t = title;
  if (source) t = t.replace(new RegExp(`\\s+[-–—|]\\s+${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i'), '');
  const words = slug(t, 200).split('-');
  let id = '';
  for (const w of words) {
    if ((id ? `${id}-${w}` : w).length > 48) break;
    id = id ? `${id}-${w}` : w;
  }
  return id || slug(t);
}

function uniqueIds(wanted: string[], taken: Set<string>): string[] {
  return wanted.map((w) => {
    const base = slug(w, 60);
    let id = base;
    for (let n = 2; taken.has(id) || id === 'outlet'; n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

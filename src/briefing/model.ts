/** A briefing as the library serves it: validated, with every quote anchored in the article. */
import type { Article } from './article.ts';
import type { Evidence } from './evidence.ts';
import type { PartialDate } from './partial-date.ts';
import type { ClaimKind, ClaimStatus, EntityKind } from './schema.ts';

export interface Entity {
  id: string;
  name: string;
  kind: EntityKind;
  aliases: string[];
  role?: string;
  affiliation?: string;
  evidence: Evidence[];
}

export interface TimelineEvent {
  id: string;
  title: string;
  date?: PartialDate;
  dateBasis?: 'stated' | 'inferred';
  dateNote?: string;
  after: string[];
  before: string[];
  actors: string[];
  place?: string;
  evidence: Evidence[];
}

export interface Reference {
  claim?: string;
  event?: string;
  evidence: Evidence[];
  note?: string;
}

export interface Claim {
  id: string;
  claimant: string;
  via?: string;
  kind: ClaimKind;
  text: string;
  quote?: string;
  about: string[];
  status: ClaimStatus;
  disputedBy: Reference[];
  supportedBy: Reference[];
  evidence: Evidence[];
}

export interface SummaryLine {
  text: string;
  evidence: Evidence[];
}

export interface Briefing {
  id: string;
  title: string;
  source: { outlet?: string; url?: string; published?: PartialDate; retrieved?: PartialDate };
  tags: string[];
  article: Article;
  summary: SummaryLine[];
  entities: Entity[];
  events: TimelineEvent[];
  claims: Claim[];
}

/** Disputed, denied or contradicted: a status that says something stands against the claim. */
export function isDisputedStatus(status: ClaimStatus): boolean {
  return status !== 'unverified' && status !== 'corroborated';
}

export interface BriefingError {
  file: string;
  /** Where in the file, as a YAML path such as `claims[2].evidence[0]` (empty for the whole file). */
  path: string;
  line?: number;
  reason: string;
}

export function formatBriefingError(e: BriefingError): string {
  const where = e.path ? ` ${e.path}` : '';
  const line = e.line !== undefined ? `:${e.line}` : '';
  return `${e.file}${line}${where}: ${e.reason}`;
}

/**
 * A digest as a normal Reply, so every renderer draws it within its platform's limits:
 * - the first digest of a channel: a compact overview of the current briefings, newest first, bounded;
 * - later ones: what changed since the channel's last digest (new briefings; new, changed and removed
 *   claims and events, status changes shown as "unverified → disputed"), each with its citations;
 * - nothing changed: a one-line "no news" (or nothing at all for a quiet subscription, decided by the caller).
 * Pure: the library, the filter and the previous snapshot in; the reply and the new snapshot out.
 */
import type { Library } from '../briefing/library.ts';
import type { Briefing, Claim, Reference, TimelineEvent } from '../briefing/model.ts';
import { compareDates, formatHuman, formatIso, parsePartialDate } from '../briefing/partial-date.ts';
import { briefingCounts, sourceLine } from '../commands/brief.ts';
import { citations, claimItem, dateLabel, eventItem } from '../reply/facts.ts';
import type { Citation, Item, Reply, Section } from '../reply/reply.ts';
import { DISCORD_LIMITS, SLACK_LIMITS } from '../render/limits.ts';
import { humanDuration } from './schedule.ts';
import { briefingsInScope, diffSnapshots, referenceKey, isEmptyDiff, takeSnapshot, type BriefingState, type ClaimState, type EventState, type FactChange, type FactRecord, type SnapshotDiff } from './snapshot.ts';
import type { BriefingFilter, DeliveryKind, DigestFormat, Subscription } from './store.ts';
import { formatInZone } from './timezone.ts';

/**
 * How much one digest shows; the rest is counted in the footer. A digest is one message, so its items
 * must fit the smallest message of any platform (Discord's 6000 characters across embeds) with room left
 * for the title, intro, footer and each renderer's own decoration.
 */
export const DIGEST_BOUNDS = {
  overviewBriefings: { short: 8, full: 12 },
  changeItems: { short: 12, full: 30 },
  citationsPerItem: { short: 1, full: 3 },
  itemChars: Math.min(DISCORD_LIMITS.embedsTotalChars, SLACK_LIMITS.totalBlockChars) - 1500,
} as const;

/** Characters an item takes once drawn: its text, label, notes and cited sentences (with their "¶3 s9" tags). */
export function itemChars(item: Item): number {
  return item.text.length + (item.label?.length ?? 0) + (item.notes ?? []).reduce((n, x) => n + x.length + 4, 0) + item.citations.reduce((n, c) => n + c.text.length + c.briefing.length + 16, 0) + 8;
}

/** Items, in order, while both the count and the character budget allow; at least one. */
function fitting(items: Item[], maxItems: number, chars: { left: number }): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    if (out.length >= maxItems) break;
    const cost = itemChars(item);
    if (cost > chars.left && (out.length > 0 || chars.left < DIGEST_BOUNDS.itemChars)) break;
    out.push(item);
    chars.left -= cost;
  }
  return out;
}

export type DigestType = 'overview' | 'changes' | 'no-news';

export interface DigestRequest {
  filter: BriefingFilter;
  format: DigestFormat;
  /** The channel's last snapshot; undefined before its first digest. */
  baseline?: ReadonlyMap<string, FactRecord>;
  /** When the baseline was taken (the last digest's slot). */
  baselineAt?: number | null;
  subscription?: Pick<Subscription, 'id' | 'schedule' | 'timeZone'>;
  kind?: DeliveryKind | 'preview';
  /** The slot this digest is for (for a catch-up: the slot it stands in for). */
  slot?: number;
  /** Earlier slots folded into this catch-up digest. */
  missedSlots?: number;
  now: number;
  timeZone: string;
}

export interface ComposedDigest {
  type: DigestType;
  reply: Reply;
  snapshot: FactRecord[];
  /** Items the digest reports (0 for no news). */
  changeCount: number;
}

export function describeFilter(filter: BriefingFilter): string {
  const parts: string[] = [];
  if (filter.briefings.length) parts.push(`${filter.briefings.length === 1 ? 'briefing' : 'briefings'} ${filter.briefings.join(', ')}`);
  if (filter.tags.length) parts.push(`tagged ${filter.tags.join(', ')}`);
  return parts.length ? parts.join(' or ') : 'all briefings';
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

function newestFirst(a: Briefing, b: Briefing): number {
  const pa = a.source.published;
  const pb = b.source.published;
  if (pa && pb) return compareDates(pb, pa) || a.id.localeCompare(b.id);
  if (pa) return -1;
  if (pb) return 1;
  return a.id.localeCompare(b.id);
}

function limitCitations(list: Citation[], format: DigestFormat): Citation[] {
  return list.slice(0, DIGEST_BOUNDS.citationsPerItem[format]);
}

function briefingItem(b: Briefing, format: DigestFormat, label?: string): Item {
  const n = briefingCounts(b);
  const summary = format === 'full' ? b.summary : b.summary.slice(0, 1);
  const notes = [sourceLine(b), ...summary.map((s) => s.text), `${plural(b.events.length, 'event')} · ${plural(b.claims.length, 'claim')} (${n.disputed_claims ?? 0} disputed, denied or contradicted)`];
  return {
    label: label ?? (b.source.published ? formatHuman(b.source.published) : 'undated'),
    text: `${b.title} (${b.id})`,
    notes,
    citations: limitCitations(summary.flatMap((s) => citations(b, s.evidence)), format),
  };
}

function referenceLine(library: Library, b: Briefing, r: Reference): string {
  if (r.note) return r.note;
  if (r.claim) {
    const c = b.claims.find((x) => x.id === r.claim);
    if (c) return `${library.claimantName(b, c)}: ${c.text}`;
  }
  if (r.event) {
    const e = b.events.find((x) => x.id === r.event);
    if (e) return e.title;
  }
  const quote = r.evidence[0]?.quote;
  return quote ? `“${quote}”` : 'evidence in the article';
}

function claimChangeItem(library: Library, b: Briefing, c: Claim, change: FactChange<ClaimState>, format: DigestFormat): Item {
  const full = claimItem(library, b, c, { withClaimant: true });
  if (change.change === 'new') {
    return { ...full, label: `new ${c.kind} · ${c.status}`, notes: format === 'full' ? full.notes : [], citations: limitCitations(full.citations, format) };
  }
  const before = change.before!;
  const notes: string[] = [];
  if (before.text !== c.text) notes.push(`Was: ${before.text}`);
  const wasDisputed = new Set(before.disputedBy);
  for (const r of c.disputedBy) if (!wasDisputed.has(referenceKey(r))) notes.push(`Now disputed by: ${referenceLine(library, b, r)}`);
  const wasSupported = new Set(before.supportedBy);
  for (const r of c.supportedBy) if (!wasSupported.has(referenceKey(r))) notes.push(`Now supported by: ${referenceLine(library, b, r)}`);
  if (before.quote !== (c.quote ?? null)) notes.push(c.quote ? `Quote now: “${c.quote}”` : 'Quote removed');
  if (notes.length === 0 && before.status === c.status) notes.push('Evidence updated');
  const label = before.status !== c.status ? `${c.kind} · ${before.status} → ${c.status}` : `${c.kind} · ${c.status} · updated`;
  return { label, text: full.text, notes: format === 'full' ? [...notes, ...(full.notes ?? []).filter((n) => !n.startsWith('Disputed by') && !n.startsWith('Supported by'))] : notes, citations: limitCitations(full.citations, format) };
}

function eventChangeItem(library: Library, b: Briefing, e: TimelineEvent, change: FactChange<EventState>, format: DigestFormat): Item {
  const full = eventItem(library, b, e);
  if (change.change === 'new') return { ...full, label: `new event · ${dateLabel(e)}`, notes: format === 'full' ? full.notes : [], citations: limitCitations(full.citations, format) };
  const before = change.before!;
  const notes: string[] = [];
  const beforeDate = before.date ? parsePartialDate(before.date) : undefined;
  const beforeLabel = beforeDate ? `${formatHuman(beforeDate)}${before.dateBasis === 'inferred' ? ' (inferred)' : ''}` : 'undated';
  const dateChanged = before.date !== (e.date ? formatIso(e.date) : null) || before.dateBasis !== (e.dateBasis ?? null);
  const label = dateChanged ? `event · ${beforeLabel} → ${dateLabel(e)}` : `event · ${dateLabel(e)} · updated`;
  if (before.title !== e.title) notes.push(`Was: ${before.title}`);
  const actors = e.actors.map((a) => library.nameOf(b, a));
  if (before.actors.join('|') !== actors.join('|')) notes.push(`Actors now: ${actors.join(', ') || 'none named'}`);
  const place = e.place ? library.nameOf(b, e.place) : null;
  if (before.place !== place) notes.push(`Place now: ${place ?? 'not named'}`);
  if (notes.length === 0 && !dateChanged) notes.push('Evidence updated');
  return { label, text: e.title, notes: format === 'full' ? [...notes, ...(full.notes ?? [])] : notes, citations: limitCitations(full.citations, format) };
}

function removedItem(change: FactChange<ClaimState | EventState>): Item {
  const s = change.before!;
  return s.type === 'claim'
    ? { label: `removed ${s.kind}`, text: `${s.claimant}: ${s.text}`, notes: ['No longer in the briefing (corrected or withdrawn).'], citations: [] }
    : { label: 'removed event', text: s.title, notes: ['No longer in the briefing (corrected or withdrawn).'], citations: [] };
}

/** Ordering inside a briefing: status changes first (what readers care about most), then the rest. */
function changeRank(change: FactChange<ClaimState | EventState>): number {
  if (change.change === 'changed' && change.before?.type === 'claim' && change.after?.type === 'claim' && change.before.status !== change.after.status) return 0;
  if (change.change === 'changed') return 1;
  if (change.change === 'new') return change.after?.type === 'claim' ? 2 : 3;
  return 4;
}

function footerFor(request: DigestRequest, omitted: number, omittedWhat: string): string | undefined {
  const parts: string[] = [];
  if (omitted > 0) parts.push(`${plural(omitted, omittedWhat)} more not shown here; the claims, timeline and brief commands have everything.`);
  if (request.subscription) parts.push(`Digest #${request.subscription.id} · ${request.subscription.schedule} (${request.subscription.timeZone}) · manage it with the digest command.`);
  return parts.length ? parts.join(' ') : undefined;
}

function catchUpLine(request: DigestRequest): string | undefined {
  if (request.kind !== 'catch-up' || request.slot === undefined) return undefined;
  const late = humanDuration(request.now - request.slot);
  const folded = request.missedSlots ? `; ${plural(request.missedSlots, 'earlier run')} missed meanwhile ${request.missedSlots === 1 ? 'is' : 'are'} folded into it` : '';
  return `Catch-up: this digest was due ${formatInZone(request.slot, request.timeZone)} (${late} ago) while the bot was offline${folded}.`;
}

function digestData(type: DigestType, request: DigestRequest, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    digest: {
      type,
      subscription: request.subscription?.id ?? null,
      kind: request.kind ?? null,
      slot: request.slot !== undefined ? new Date(request.slot).toISOString() : null,
      since: request.baselineAt ? new Date(request.baselineAt).toISOString() : null,
      scope: { briefings: request.filter.briefings, tags: request.filter.tags },
      ...extra,
    },
  };
}

function overview(scope: Briefing[], request: DigestRequest, snapshot: FactRecord[]): ComposedDigest {
  const sorted = [...scope].sort(newestFirst);
  const shown = fitting(sorted.map((b) => briefingItem(b, request.format)), DIGEST_BOUNDS.overviewBriefings[request.format], { left: DIGEST_BOUNDS.itemChars });
  const intro = [
    request.subscription ? 'First digest for this channel: the current briefings, newest first. Later digests bring only what changed.' : 'The current briefings, newest first.',
    catchUpLine(request),
  ].filter(Boolean).join(' ');
  return {
    type: 'overview',
    snapshot,
    changeCount: shown.length,
    reply: {
      title: `Digest: ${plural(scope.length, 'briefing')} (${describeFilter(request.filter)})`,
      intro: scope.length ? intro : `No briefings match ${describeFilter(request.filter)} yet; new ones will appear in the next digest.`,
      sections: shown.length ? [{ items: shown }] : [],
      footer: footerFor(request, sorted.length - shown.length, 'briefing'),
      data: digestData('overview', request, {
        briefings: sorted.map((b) => ({ id: b.id, title: b.title, published: b.source.published ? formatHuman(b.source.published) : null, tags: b.tags, counts: briefingCounts(b) })),
        shown: shown.length,
      }),
    },
  };
}

function changeJson(change: FactChange<ClaimState | EventState>): Record<string, unknown> {
  const s = (change.after ?? change.before)!;
  const [, key] = change.id.split(':');
  return {
    fact: s.type,
    briefing: s.briefing,
    id: key!.slice(s.briefing.length + 1),
    change: change.change,
    ...(s.type === 'claim'
      ? { text: s.text, claimant: s.claimant, status: (change.after as ClaimState | undefined)?.status ?? null, previous_status: (change.before as ClaimState | undefined)?.status ?? null }
      : { title: s.title, date: (change.after as EventState | undefined)?.date ?? null, previous_date: (change.before as EventState | undefined)?.date ?? null }),
  };
}

function changes(library: Library, diff: SnapshotDiff, request: DigestRequest, snapshot: FactRecord[]): ComposedDigest {
  const budget = DIGEST_BOUNDS.changeItems[request.format];
  const chars = { left: DIGEST_BOUNDS.itemChars };
  const sections: Section[] = [];
  let shown = 0;
  let total = 0;
  const take = (section: Omit<Section, 'items'>, items: Item[]): void => {
    total += items.length;
    // Once one item did not fit, later sections stay out too: a digest is cut in reading order.
    const kept = total - items.length > shown ? [] : fitting(items, budget - shown, chars);
    shown += kept.length;
    if (kept.length) sections.push({ ...section, items: kept });
  };

  const fresh = diff.newBriefings.map((id) => library.get(id)).filter((b): b is Briefing => b !== undefined).sort(newestFirst);
  take({ title: 'New briefings' }, fresh.map((b) => briefingItem(b, request.format, `new · ${b.source.published ? formatHuman(b.source.published) : 'undated'}`)));

  const byBriefing = new Map<string, Item[]>();
  const add = (briefingId: string, item: Item): void => {
    const list = byBriefing.get(briefingId) ?? [];
    list.push(item);
    byBriefing.set(briefingId, list);
  };
  for (const u of diff.updatedBriefings) {
    const b = library.get(u.after.briefing);
    if (!b) continue;
    const notes: string[] = [];
    if (u.before.title !== u.after.title) notes.push(`Was: ${u.before.title}`);
    if (u.before.published !== u.after.published) notes.push(`Publication date now ${u.after.published ?? 'unknown'}`);
    add(b.id, { label: 'summary updated', text: b.summary.map((s) => s.text).join(' '), notes, citations: limitCitations(b.summary.flatMap((s) => citations(b, s.evidence)), request.format) });
  }
  const sortedFacts = [...diff.facts].sort((a, b) => changeRank(a) - changeRank(b));
  for (const change of sortedFacts) {
    const state = (change.after ?? change.before)!;
    const b = library.get(state.briefing);
    if (!b) continue;
    if (change.change === 'removed') add(b.id, removedItem(change));
    else if (state.type === 'claim') {
      const claim = b.claims.find((c) => factIdMatches(change.id, b.id, c.id));
      if (claim) add(b.id, claimChangeItem(library, b, claim, change as FactChange<ClaimState>, request.format));
    } else {
      const event = b.events.find((e) => factIdMatches(change.id, b.id, e.id));
      if (event) add(b.id, eventChangeItem(library, b, event, change as FactChange<EventState>, request.format));
    }
  }
  for (const b of [...library.briefings].sort(newestFirst)) {
    const items = byBriefing.get(b.id);
    if (items) take({ title: `${b.title} (${b.id})` }, items);
  }
  take(
    { title: 'Removed briefings' },
    diff.removedBriefings.map((s: BriefingState) => ({ label: 'removed', text: `${s.title} (${s.briefing})`, notes: ['No longer served by the bot.'], citations: [] })),
  );

  const since = request.baselineAt ? `since the last digest (${formatInZone(request.baselineAt, request.timeZone)})` : 'since the last digest';
  const statusChanges = diff.facts.filter((c) => changeRank(c) === 0).length;
  const headline = [fresh.length && plural(fresh.length, 'new briefing'), statusChanges && plural(statusChanges, 'status change'), plural(total - fresh.length - statusChanges, 'other change')]
    .filter(Boolean)
    .join(', ');
  return {
    type: 'changes',
    snapshot,
    changeCount: total,
    reply: {
      title: `Digest: ${plural(total, 'change')} ${since}`,
      intro: [`${headline}, in ${describeFilter(request.filter)}.`, catchUpLine(request)].filter(Boolean).join(' '),
      sections,
      footer: footerFor(request, total - shown, 'change'),
      data: digestData('changes', request, {
        new_briefings: fresh.map((b) => ({ id: b.id, title: b.title })),
        updated_briefings: diff.updatedBriefings.map((u) => ({ id: u.after.briefing, title: u.after.title })),
        removed_briefings: diff.removedBriefings.map((s) => ({ id: s.briefing, title: s.title })),
        changes: sortedFacts.map(changeJson),
        shown,
        total,
      }),
    },
  };
}

function factIdMatches(id: string, briefingId: string, factKey: string): boolean {
  return id.endsWith(`:${briefingId}/${factKey}`);
}

function noNews(request: DigestRequest, snapshot: FactRecord[]): ComposedDigest {
  const since = request.baselineAt ? ` since the last digest (${formatInZone(request.baselineAt, request.timeZone)})` : '';
  return {
    type: 'no-news',
    snapshot,
    changeCount: 0,
    reply: {
      title: 'Digest: no news',
      intro: [`Nothing changed in ${describeFilter(request.filter)}${since}.`, catchUpLine(request)].filter(Boolean).join(' '),
      sections: [],
      footer: footerFor(request, 0, 'change'),
      data: digestData('no-news', request, { changes: [] }),
    },
  };
}

export function composeDigest(library: Library, request: DigestRequest): ComposedDigest {
  const scope = briefingsInScope(library, request.filter);
  const snapshot = takeSnapshot(library, scope);
  if (!request.baseline) return overview(scope, request, snapshot);
  const diff = diffSnapshots(request.baseline, snapshot);
  return isEmptyDiff(diff) ? noNews(request, snapshot) : changes(library, diff, request, snapshot);
}

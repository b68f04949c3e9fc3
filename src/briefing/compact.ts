/**
 * The compact form of a validated briefing: a JSON array of positions and texts (the startup cache stores it
 * as one line per briefing), and the in-memory model rebuilt from it.
 *
 * Memory is what this is for: at 10,000 briefings, the objects a parse leaves behind cost about twice what
 * the facts need. js-yaml's strings are slices of the whole YAML text (V8 keeps the 18 KB source alive, in
 * two bytes per character as soon as it holds one curly quote), every id is a string of its own, and every
 * quote repeats the article's words. Rebuilt from this form:
 * - texts are fresh strings from JSON.parse (one byte per character where they can be);
 * - a quote equal to the article's text is a slice of the article body, and so is every sentence;
 * - ids, kinds, statuses and dates are shared across briefings, and so are the empty lists and the
 *   one-sentence lists most evidence has (frozen: loaded briefings are read-only).
 */
import type { Article, ArticleHeader } from './article.ts';
import type { Evidence } from './evidence.ts';
import type { Briefing, Claim, Entity, Reference, SummaryLine, TimelineEvent } from './model.ts';
import { formatIso, parsePartialDate, type PartialDate } from './partial-date.ts';
import type { Sentence } from '../text/sentences.ts';

/** Bumped whenever the record layout changes (the cache also keys on the loader's source). */
export const COMPACT_FORMAT = 1;

type Json = null | string | number | Json[] | { [key: string]: string };

// ------------------------------------------------------------------------------------------- sharing

const EMPTY: readonly never[] = Object.freeze([]);
const singles: Array<readonly number[]> = [];
const interned = new Map<string, string>();
const dates = new Map<string, PartialDate>();
/** Distinct ids and labels are few; past this many the table stops growing rather than hold odd input forever. */
const INTERN_LIMIT = 500_000;

function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size < INTERN_LIMIT) interned.set(text, text);
  return text;
}

function internList(list: Json): string[] {
  if (!Array.isArray(list) || list.length === 0) return EMPTY as never[];
  return list.map((x) => intern(String(x)));
}

function single(n: number): number[] {
  return (singles[n] ??= Object.freeze([n])) as number[];
}

function date(iso: Json): PartialDate | undefined {
  if (typeof iso !== 'string') return undefined;
  let d = dates.get(iso);
  if (!d) {
    const parsed = parsePartialDate(iso);
    if (!parsed) throw new Error(`bad date "${iso}" in a compact briefing`);
    d = Object.freeze(parsed);
    if (dates.size < INTERN_LIMIT) dates.set(iso, d);
  }
  return d;
}

const opt = (x: Json): string | undefined => (typeof x === 'string' ? x : undefined);
const optId = (x: Json): string | undefined => (typeof x === 'string' ? intern(x) : undefined);
const orNull = (x: string | undefined): string | null => x ?? null;

// ------------------------------------------------------------------------------------------- encoding

function encodeEvidence(body: string, list: Evidence[]): Json[] {
  const out: Json[] = [];
  for (const e of list) {
    out.push(e.start, e.end);
    // Most quotes are the article's own text; only one typed differently (straight quotes, spacing) is kept.
    if (body.slice(e.start, e.end) !== e.quote) out.push(e.quote);
  }
  return out;
}

function encodeReferences(body: string, refs: Reference[]): Json[] {
  return refs.map((r) => [orNull(r.claim), orNull(r.event), orNull(r.note), encodeEvidence(body, r.evidence)]);
}

export function encodeBriefing(b: Briefing): Json[] {
  const body = b.article.body;
  const h = b.article.header;
  return [
    b.id,
    [orNull(h.title), orNull(h.source), h.published ? formatIso(h.published) : null, Object.keys(h.extra).length ? h.extra : null],
    [orNull(b.source.url), b.source.retrieved ? formatIso(b.source.retrieved) : null],
    b.tags,
    body,
    b.article.sentences.flatMap((s) => [s.start, s.end, s.paragraph]),
    b.summary.map((s) => [s.text, encodeEvidence(body, s.evidence)]),
    b.entities.map((e) => [e.id, e.name, e.kind, e.aliases, orNull(e.role), orNull(e.affiliation), encodeEvidence(body, e.evidence)]),
    b.events.map((e) => [e.id, e.title, e.date ? formatIso(e.date) : null, orNull(e.dateBasis), orNull(e.dateNote), e.after, e.before, e.actors, orNull(e.place), encodeEvidence(body, e.evidence)]),
    b.claims.map((c) => [
      c.id,
      c.claimant,
      orNull(c.via),
      c.kind,
      c.text,
      orNull(c.quote),
      c.about,
      c.status,
      encodeReferences(body, c.disputedBy),
      encodeReferences(body, c.supportedBy),
      encodeEvidence(body, c.evidence),
    ]),
  ];
}

// ------------------------------------------------------------------------------------------- decoding

function list(x: Json): Json[] {
  if (!Array.isArray(x)) throw new Error('malformed compact briefing');
  return x;
}

function text(x: Json): string {
  if (typeof x !== 'string') throw new Error('malformed compact briefing');
  return x;
}

function decodeSentences(body: string, flat: Json[]): Sentence[] {
  const out: Sentence[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const start = flat[i] as number;
    const end = flat[i + 1] as number;
    out.push({ index: out.length + 1, paragraph: flat[i + 2] as number, start, end, text: body.slice(start, end) });
  }
  return out;
}

/** The evidence of a quote at [start, end): what QuoteIndex.find computes, from the stored offsets. */
function evidenceAt(body: string, sentences: Sentence[], start: number, end: number, quote: string | undefined): Evidence {
  // First sentence ending after the quote starts, then every one starting before it ends.
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sentences[mid]!.end > start) hi = mid;
    else lo = mid + 1;
  }
  let last = lo;
  while (last < sentences.length && sentences[last]!.start < end) last++;
  const first = sentences[lo] && lo < last ? sentences[lo]! : sentences[0]!;
  const touched = last - lo;
  return {
    quote: quote ?? body.slice(start, end),
    sentence: first.index,
    paragraph: first.paragraph,
    start,
    end,
    sentences: touched === 1 ? single(first.index) : touched === 0 ? (EMPTY as never[]) : sentences.slice(lo, last).map((s) => s.index),
  };
}

function decodeEvidence(body: string, sentences: Sentence[], flat: Json): Evidence[] {
  const items = list(flat);
  const out: Evidence[] = [];
  for (let i = 0; i < items.length; ) {
    const start = items[i] as number;
    const end = items[i + 1] as number;
    if (typeof start !== 'number' || typeof end !== 'number' || start < 0 || end > body.length || end < start) throw new Error('malformed evidence in a compact briefing');
    const quote = typeof items[i + 2] === 'string' ? (items[i + 2] as string) : undefined;
    out.push(evidenceAt(body, sentences, start, end, quote));
    i += quote === undefined ? 2 : 3;
  }
  return out;
}

function decodeReferences(body: string, sentences: Sentence[], x: Json): Reference[] {
  const refs = list(x);
  if (refs.length === 0) return EMPTY as never[];
  return refs.map((r) => {
    const [claim, event, note, evidence] = list(r);
    return { claim: optId(claim!), event: optId(event!), note: opt(note!), evidence: decodeEvidence(body, sentences, evidence!) };
  });
}

/** Rebuilds a briefing from its compact record; throws on anything malformed (the caller then reloads the files). */
export function decodeBriefing(record: Json): Briefing {
  const [id, headerJson, sourceJson, tags, bodyJson, sentenceJson, summaryJson, entitiesJson, eventsJson, claimsJson] = list(record);
  const body = text(bodyJson!);
  const sentences = decodeSentences(body, list(sentenceJson!));
  if (sentences.length === 0) throw new Error('a compact briefing without sentences');
  const [hTitle, hSource, hPublished, hExtra] = list(headerJson!);
  const header: ArticleHeader = {
    title: opt(hTitle!),
    source: opt(hSource!),
    published: date(hPublished!),
    extra: hExtra && typeof hExtra === 'object' && !Array.isArray(hExtra) ? { ...hExtra } : {},
  };
  const article: Article = { header, body, sentences };
  const [url, retrieved] = list(sourceJson!);
  const ev = (x: Json): Evidence[] => decodeEvidence(body, sentences, x);

  const summary: SummaryLine[] = list(summaryJson!).map((s) => {
    const [t, e] = list(s);
    return { text: text(t!), evidence: ev(e!) };
  });
  const entities: Entity[] = list(entitiesJson!).map((x) => {
    const [eid, name, kind, aliases, role, affiliation, e] = list(x);
    return {
      id: intern(text(eid!)),
      name: text(name!),
      kind: intern(text(kind!)) as Entity['kind'],
      aliases: list(aliases!).length ? list(aliases!).map(text) : (EMPTY as never[]),
      role: opt(role!),
      affiliation: optId(affiliation!),
      evidence: ev(e!),
    };
  });
  const events: TimelineEvent[] = list(eventsJson!).map((x) => {
    const [eid, title, d, basis, note, after, before, actors, place, e] = list(x);
    return {
      id: intern(text(eid!)),
      title: text(title!),
      date: date(d!),
      dateBasis: optId(basis!) as TimelineEvent['dateBasis'],
      dateNote: opt(note!),
      after: internList(after!),
      before: internList(before!),
      actors: internList(actors!),
      place: optId(place!),
      evidence: ev(e!),
    };
  });
  const claims: Claim[] = list(claimsJson!).map((x) => {
    const [cid, claimant, via, kind, t, quote, about, status, disputed, supported, e] = list(x);
    return {
      id: intern(text(cid!)),
      claimant: intern(text(claimant!)),
      via: opt(via!),
      kind: intern(text(kind!)) as Claim['kind'],
      text: text(t!),
      quote: opt(quote!),
      about: internList(about!),
      status: intern(text(status!)) as Claim['status'],
      disputedBy: decodeReferences(body, sentences, disputed!),
      supportedBy: decodeReferences(body, sentences, supported!),
      evidence: ev(e!),
    };
  });
  const briefingId = text(id!);
  return {
    id: briefingId,
    title: header.title ?? briefingId,
    source: { outlet: header.source, url: opt(url!), published: header.published, retrieved: date(retrieved!) },
    tags: internList(tags!),
    article,
    summary,
    entities,
    events,
    claims,
  };
}

/** The record as one line of JSON, and the briefing rebuilt from that line (fresh, compact strings). */
export function compactBriefing(b: Briefing): { line: string; briefing: Briefing } {
  const line = JSON.stringify(encodeBriefing(b));
  return { line, briefing: decodeBriefing(JSON.parse(line) as Json) };
}

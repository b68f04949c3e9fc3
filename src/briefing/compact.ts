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
import type { ArticleHeader } from './article.ts';
import type { Evidence } from './evidence.ts';
import type { Briefing, Claim, Entity, Reference, SummaryLine, TimelineEvent } from './model.ts';
import { formatIso, parsePartialDate, type PartialDate } from './partial-date.ts';
import { StoredArticle } from './stored-article.ts';

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

function list(x: Json | undefined): Json[] {
  if (!Array.isArray(x)) throw new Error('malformed compact briefing');
  return x;
}

function text(x: Json | undefined): string {
  if (typeof x !== 'string') throw new Error('malformed compact briefing');
  return x;
}

function decodeSpans(bodyLength: number, flat: Json[]): Int32Array {
  const spans = new Int32Array(Math.floor(flat.length / 3) * 3);
  for (let i = 0; i < spans.length; i += 3) {
    const start = flat[i];
    const end = flat[i + 1];
    const paragraph = flat[i + 2];
    if (typeof start !== 'number' || typeof end !== 'number' || typeof paragraph !== 'number' || start < 0 || end > bodyLength || end < start) {
      throw new Error('malformed sentence in a compact briefing');
    }
    spans[i] = start;
    spans[i + 1] = end;
    spans[i + 2] = paragraph;
  }
  return spans;
}

/**
 * An anchored quote of a loaded briefing: its offsets, and the author's own text only where it differs from
 * the article's. The quote, its sentences and its paragraph are derived from the article when asked for
 * (what QuoteIndex.find computed when the briefing was validated).
 */
class StoredEvidence implements Evidence {
  readonly #article: StoredArticle;
  readonly #typed: string | undefined;

  constructor(
    article: StoredArticle,
    readonly start: number,
    readonly end: number,
    typed: string | undefined,
  ) {
    this.#article = article;
    this.#typed = typed;
  }

  get quote(): string {
    return this.#typed ?? this.#article.text(this.start, this.end);
  }

  /** Index range [first, last) of the sentences the quote touches, as first × 2^16 + last (no allocation). */
  #touched(): number {
    const spans = this.#article.spans;
    const count = spans.length / 3;
    // The first sentence ending after the quote starts, then every one starting before it ends.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spans[mid * 3 + 1]! > this.start) hi = mid;
      else lo = mid + 1;
    }
    let last = lo;
    while (last < count && spans[last * 3]! < this.end) last++;
    return lo * 65536 + last;
  }

  /** Position (0-based) of the first sentence the quote touches, or of the article's first. */
  #first(): number {
    const touched = this.#touched();
    const lo = Math.floor(touched / 65536);
    return lo < touched % 65536 ? lo : 0;
  }

  get sentence(): number {
    return this.#first() + 1;
  }

  get paragraph(): number {
    return this.#article.spans[this.#first() * 3 + 2]!;
  }

  get sentences(): number[] {
    const touched = this.#touched();
    const lo = Math.floor(touched / 65536);
    const last = touched % 65536;
    if (last - lo === 1) return single(lo + 1);
    if (last === lo) return EMPTY as never[];
    const out: number[] = [];
    for (let i = lo; i < last; i++) out.push(i + 1);
    return out;
  }

  toJSON(): Evidence {
    return { quote: this.quote, sentence: this.sentence, paragraph: this.paragraph, start: this.start, end: this.end, sentences: this.sentences };
  }
}

function decodeEvidence(article: StoredArticle, bodyLength: number, flat: Json | undefined): Evidence[] {
  const items = list(flat);
  let count = 0;
  for (const item of items) if (typeof item === 'number') count++;
  const out: Evidence[] = new Array(count >> 1);
  for (let i = 0, n = 0; i < items.length; n++) {
    const start = items[i];
    const end = items[i + 1];
    if (typeof start !== 'number' || typeof end !== 'number' || start < 0 || end > bodyLength || end < start) throw new Error('malformed evidence in a compact briefing');
    const typed = typeof items[i + 2] === 'string' ? (items[i + 2] as string) : undefined;
    out[n] = new StoredEvidence(article, start, end, typed);
    i += typed === undefined ? 2 : 3;
  }
  return out;
}

/** Rebuilds a briefing from its compact record; throws on anything malformed (the caller then reloads the files). */
export function decodeBriefing(record: Json): Briefing {
  const [id, headerJson, sourceJson, tags, bodyJson, sentenceJson, summaryJson, entitiesJson, eventsJson, claimsJson] = list(record);
  const body = text(bodyJson);
  const spans = decodeSpans(body.length, list(sentenceJson));
  if (spans.length === 0) throw new Error('a compact briefing without sentences');
  const [hTitle, hSource, hPublished, hExtra] = list(headerJson);
  const header: ArticleHeader = {
    title: opt(hTitle ?? null),
    source: opt(hSource ?? null),
    published: date(hPublished ?? null),
    extra: hExtra && typeof hExtra === 'object' && !Array.isArray(hExtra) ? { ...hExtra } : {},
  };
  const article = new StoredArticle(header, body, spans);
  const [url, retrieved] = list(sourceJson);
  const ev = (x: Json | undefined): Evidence[] => decodeEvidence(article, body.length, x);
  // Within one briefing the same note or description often recurs (a reference note cited by five claims).
  const seen = new Map<string, string>();
  const shared = (x: Json | undefined): string | undefined => {
    if (x === null || x === undefined) return undefined;
    const t = text(x);
    const known = seen.get(t);
    if (known !== undefined) return known;
    seen.set(t, t);
    return t;
  };
  const references = (x: Json | undefined): Reference[] => {
    const refs = list(x);
    if (refs.length === 0) return EMPTY as never[];
    return refs.map((r) => {
      const [claim, event, note, evidence] = list(r);
      return { claim: optId(claim ?? null), event: optId(event ?? null), note: shared(note), evidence: ev(evidence) };
    });
  };

  const summary: SummaryLine[] = list(summaryJson).map((s) => {
    const [t, e] = list(s);
    return { text: text(t), evidence: ev(e) };
  });
  const entities: Entity[] = list(entitiesJson).map((x) => {
    const [eid, name, kind, aliases, role, affiliation, e] = list(x);
    const aliasList = list(aliases);
    return {
      id: intern(text(eid)),
      name: text(name),
      kind: intern(text(kind)) as Entity['kind'],
      aliases: aliasList.length ? aliasList.map((a) => shared(a)!) : (EMPTY as never[]),
      role: shared(role),
      affiliation: optId(affiliation ?? null),
      evidence: ev(e),
    };
  });
  const events: TimelineEvent[] = list(eventsJson).map((x) => {
    const [eid, title, d, basis, note, after, before, actors, place, e] = list(x);
    return {
      id: intern(text(eid)),
      title: text(title),
      date: date(d ?? null),
      dateBasis: optId(basis ?? null) as TimelineEvent['dateBasis'],
      dateNote: shared(note),
      after: internList(after ?? null),
      before: internList(before ?? null),
      actors: internList(actors ?? null),
      place: optId(place ?? null),
      evidence: ev(e),
    };
  });
  const claims: Claim[] = list(claimsJson).map((x) => {
    const [cid, claimant, via, kind, t, quote, about, status, disputed, supported, e] = list(x);
    return {
      id: intern(text(cid)),
      claimant: intern(text(claimant)),
      via: shared(via),
      kind: intern(text(kind)) as Claim['kind'],
      text: text(t),
      quote: opt(quote ?? null),
      about: internList(about ?? null),
      status: intern(text(status)) as Claim['status'],
      disputedBy: references(disputed),
      supportedBy: references(supported),
      evidence: ev(e),
    };
  });
  const briefingId = text(id);
  return {
    id: briefingId,
    title: header.title ?? briefingId,
    source: { outlet: header.source, url: opt(url ?? null), published: header.published, retrieved: date(retrieved ?? null) },
    tags: internList(tags ?? null),
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

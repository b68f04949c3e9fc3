/**
 * Clusters name mentions into entities: "Sergei Shoigu", "Shoigu" and "Defense Minister Shoigu" are one
 * person; "U.S." and "United States" one country. Anonymous speakers ("a U.N. source", "Iranian officials")
 * become group entities when a claim needs them (see claims.ts).
 */
import { foldName } from '../briefing/names.ts';
import type { EntityKind } from '../briefing/schema.ts';
import type { NameMention } from './mentions.ts';
import { NAME_PARTICLES } from './lexicon.ts';

export interface DraftEntity {
  id: string;
  name: string;
  kind: EntityKind;
  aliases: string[];
  role?: string;
  gender?: 'male' | 'female';
  /** Offsets in the body of the first mention, title included (the evidence quote). */
  evidence: { start: number; end: number };
  mentions: NameMention[];
  /** An unnamed source ("a U.N. source"), created for a claim. */
  anonymous?: boolean;
  /** Description words for matching "the Russian foreign minister" to a role. */
  firstSeen: number;
}

/** Name words that identify a person: particles and "al-" prefixes aside ("Bashar al-Assad" → bashar, assad). */
export function nameWords(name: string): string[] {
  return foldName(name)
    .split(' ')
    .map((w) => w.replace(/^(?:al|el)(?=\p{L}{3})/u, ''))
    .filter((w) => w && !NAME_PARTICLES.has(w));
}

export class EntityTable {
  readonly entities: DraftEntity[] = [];
  private readonly byMention = new Map<NameMention, DraftEntity>();
  private readonly byKey = new Map<string, DraftEntity>();
  private readonly ids = new Set<string>();

  entityOf(m: NameMention): DraftEntity | undefined {
    return this.byMention.get(m);
  }

  get(key: string): DraftEntity | undefined {
    return this.byKey.get(key);
  }

  add(name: string, kind: EntityKind, evidence: { start: number; end: number }, extra: Partial<DraftEntity> = {}): DraftEntity {
    const e: DraftEntity = { id: this.newId(name), name, kind, aliases: [], evidence, mentions: [], firstSeen: evidence.start, ...extra };
    this.entities.push(e);
    this.byKey.set(foldName(name), e);
    return e;
  }

  attach(m: NameMention, e: DraftEntity): void {
    this.byMention.set(m, e);
    e.mentions.push(m);
    if (m.start < e.firstSeen) e.firstSeen = m.start;
    const alias = m.name.replace(/^the\s+/i, '');
    if (foldName(alias) !== foldName(e.name) && !e.aliases.some((a) => foldName(a) === foldName(alias))) e.aliases.push(alias);
    if (m.role && !e.role) e.role = m.role;
  }

  addAlias(e: DraftEntity, alias: string): void {
    if (foldName(alias) && foldName(alias) !== foldName(e.name) && !e.aliases.some((a) => foldName(a) === foldName(alias))) e.aliases.push(alias);
  }

  private newId(name: string): string {
    const base = foldName(name).replace(/\s+/g, '-').replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, 48) || 'entity';
    let id = /^[a-z0-9]/.test(base) ? base : `e-${base}`;
    for (let n = 2; this.ids.has(id) || id === 'outlet'; n++) id = `${base}-${n}`;
    this.ids.add(id);
    return id;
  }
}

function kindVotes(ms: NameMention[]): EntityKind | undefined {
  const votes = new Map<EntityKind, number>();
  for (const m of ms) if (m.kind) votes.set(m.kind, (votes.get(m.kind) ?? 0) + (m.kind === 'person' ? m.personScore : 1));
  let best: EntityKind | undefined;
  for (const [k, v] of votes) if (!best || v > votes.get(best)!) best = k;
  return best;
}

/** Builds the entity table from the mentions, in the article's order. */
export function clusterMentions(mentions: NameMention[]): EntityTable {
  const table = new EntityTable();
  const named = mentions.filter((m) => !m.roleOnly);
  // Group by the name as written (abbreviations by what they stand for).
  const groups = new Map<string, NameMention[]>();
  for (const m of named) {
    const key = foldName(m.canonical ?? m.name);
    if (!key) continue;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  // People first, longest names first, so that "Assad" can join "Bashar al-Assad".
  const persons: Array<[string, NameMention[]]> = [];
  const others: Array<[string, NameMention[]]> = [];
  for (const entry of groups) {
    const ms = entry[1];
    const kind = kindVotes(ms);
    const strongPerson = ms.some((m) => m.personScore >= 2);
    if (kind === 'person' || (strongPerson && kind !== 'country')) persons.push(entry);
    else others.push(entry);
  }
  persons.sort((a, b) => nameWords(b[1][0]!.name).length - nameWords(a[1][0]!.name).length || a[1][0]!.start - b[1][0]!.start);
  const people: DraftEntity[] = [];
  for (const [, ms] of persons) {
    const words = nameWords(ms[0]!.name);
    const host = words.length < 3 ? findPersonHost(people, words) : undefined;
    if (host) {
      for (const m of ms) table.attach(m, host);
      continue;
    }
    const first = ms.reduce((a, b) => (a.start <= b.start ? a : b));
    const e = table.add(first.canonical ?? first.name, 'person', { start: first.fullStart, end: first.end });
    const g = first.tokens[0]!.tags;
    if (g.has('MaleName') && !g.has('FemaleName')) e.gender = 'male';
    else if (g.has('FemaleName') && !g.has('MaleName')) e.gender = 'female';
    for (const m of ms) table.attach(m, e);
    people.push(e);
  }
  for (const [, ms] of others) {
    const words = nameWords(ms[0]!.name);
    // A surname or given name alone that belongs to a person already known.
    // compromise may read a surname as a place or an organisation ("Park", "Assad"); the person wins.
    const host = words.length <= 2 && ms.every((m) => m.kind !== 'country' && !m.canonical) ? findPersonHost(people, words) : undefined;
    if (host) {
      for (const m of ms) table.attach(m, host);
      continue;
    }
    const kind = kindVotes(ms) ?? guessKind(ms);
    if (!kind) continue;
    const first = ms.reduce((a, b) => (a.start <= b.start ? a : b));
    const e = table.add(first.canonical ?? first.name.replace(/^the\s+/i, ''), kind, { start: first.fullStart, end: first.end });
    for (const m of ms) table.attach(m, e);
  }
  table.entities.sort((a, b) => a.firstSeen - b.firstSeen);
  return table;
}

/** The known person whose name contains every word of a shorter name (most recently introduced first). */
function findPersonHost(people: DraftEntity[], words: string[]): DraftEntity | undefined {
  if (words.length === 0) return undefined;
  const candidates = people.filter((p) => {
    const pw = nameWords(p.name);
    return pw.length > words.length && words.every((w) => pw.includes(w));
  });
  if (candidates.length <= 1) return candidates[0];
  // Prefer the one whose surname (last word) matches.
  const bySurname = candidates.filter((p) => nameWords(p.name).at(-1) === words.at(-1));
  return (bySurname.length ? bySurname : candidates)[0];
}

/** A name no mention classified: a place when written after "in", "at", "near" ..., an organisation when it speaks. */
function guessKind(ms: NameMention[]): EntityKind | undefined {
  let place = 0;
  let speaks = 0;
  for (const m of ms) {
    const before = m.sentence.tokens.find((t) => t.end === m.tokens[0]!.start - 1 || t.end === m.tokens[0]!.start)?.lower;
    const prevToken = m.sentence.tokens[m.tokens[0]!.i - 1]?.lower ?? before;
    if (prevToken && /^(?:in|at|near|into|from|outside|across|around|to|toward|towards|inside|entered|besieged)$/.test(prevToken)) place++;
    const next = m.sentence.tokens[m.tokens.at(-1)!.i + 1];
    const next2 = m.sentence.tokens[m.tokens.at(-1)!.i + 2];
    if (next && (/^(?:said|says|has|have|had|denied|accused|told|warned)$/.test(next.lower) || (next.lower === ',' && next2 && /^(?:which|a|an|the)$/.test(next2.lower)))) speaks++;
  }
  // A capitalised plural is a people or a party ("Republicans", "Kurds").
  if (ms.every((m) => m.tokens.length === 1 && /\p{Ll}s$/u.test(m.name) && m.tokens[0]!.tags.has('Plural'))) return 'group';
  if (speaks > 0 && speaks >= place) return 'organisation';
  if (place > 0) return 'place';
  return ms.length >= 3 ? 'organisation' : undefined;
}

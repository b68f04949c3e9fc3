/** Events: every dated sentence becomes an event (one per date it names), with the entities it mentions. */
import type { PartialDate } from '../briefing/partial-date.ts';
import type { AnalysedArticle, AnalysedSentence } from './analyse.ts';
import type { DraftClaim } from './claims.ts';
import { findDates } from './dates.ts';
import type { DraftEntity, EntityTable } from './entities.ts';
import type { NameMention } from './mentions.ts';

export interface DraftEvent {
  title: string;
  date?: PartialDate;
  basis?: 'stated' | 'inferred';
  note?: string;
  actors: DraftEntity[];
  place?: DraftEntity;
  sentence: AnalysedSentence;
}

export function extractEvents(article: AnalysedArticle, published: PartialDate | undefined, table: EntityTable, mentions: NameMention[], claims: DraftClaim[]): DraftEvent[] {
  const events: DraftEvent[] = [];
  const mentionsOf = new Map<AnalysedSentence, NameMention[]>();
  for (const m of mentions) if (table.entityOf(m)) mentionsOf.set(m.sentence, [...(mentionsOf.get(m.sentence) ?? []), m]);
  const speakersOf = new Map<number, DraftEntity[]>();
  for (const c of claims) for (const n of c.sentences) speakersOf.set(n, [...(speakersOf.get(n) ?? []), c.claimant]);
  for (const s of article.sentences) {
    if (s.kind !== 'body') continue;
    const { dates, unresolved } = findDates(s.text, published);
    if (dates.length === 0 && unresolved.length === 0) continue;
    const inSentence = [...(mentionsOf.get(s) ?? [])].sort((a, b) => a.start - b.start);
    const speakers = speakersOf.get(s.index) ?? [];
    const actors: DraftEntity[] = [];
    let place: DraftEntity | undefined;
    for (const e of [...speakers, ...inSentence.map((m) => table.entityOf(m)!)]) {
      if (e.kind === 'place') place ??= e;
      else if (!actors.includes(e)) actors.push(e);
    }
    const seen = new Set<string>();
    for (const d of dates) {
      const key = JSON.stringify(d.date);
      if (seen.has(key)) continue;
      seen.add(key);
      events.push({ title: titleFor(s.text, d.start, d.end), date: d.date, basis: d.basis, note: d.note, actors: actors.slice(0, 6), place, sentence: s });
    }
    if (dates.length === 0) {
      const u = unresolved[0]!;
      events.push({ title: titleFor(s.text, u.start, u.end), note: u.note, actors: actors.slice(0, 6), place, sentence: s });
    }
  }
  return events;
}

/** The clause that holds the date, as a headline-sized title. */
function titleFor(text: string, start: number, end: number): string {
  const cut = /;|,\s+(?:while|but|and|where|as)\s|\s(?:while|whereas)\s/g;
  let from = 0;
  let to = text.length;
  for (let m = cut.exec(text); m; m = cut.exec(text)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  let clause = text.slice(from, to).trim();
  if (clause.split(/\s+/).length < 5) clause = text.trim();
  clause = clause.replace(/^(?:meanwhile|however|but|and|then|also)[,\s]+/i, '').replace(/[\s,;:.]+$/, '');
  clause = clause.charAt(0).toUpperCase() + clause.slice(1);
  return clause.length > 160 ? `${clause.slice(0, 157).replace(/\s+\S*$/, '')}…` : clause;
}

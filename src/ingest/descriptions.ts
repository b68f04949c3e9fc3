/**
 * Descriptions that stand for a person already named: "the Russian foreign minister" after "Russian
 * Foreign Minister Sergei Lavrov", "Turkey's interior minister" before "Interior Minister Efkan Ala".
 * A description joins a person when its words are all in that person's role and no other person fits.
 */
import { foldName } from '../briefing/names.ts';
import type { AnalysedArticle, Token } from './analyse.ts';
import type { DraftEntity, EntityTable } from './entities.ts';
import { ROLE_NOUNS, TITLE_WORDS } from './lexicon.ts';

const DETERMINER = /^(?:the|a|an|this|that|these|those|his|her|its|their|our|some|one|two|three|several|another|each|every|many|most|all)$/;

/** "Turkey's interior minister" → the person whose role holds those words. */
export function matchRole(words: Token[], table: EntityTable, definite: boolean): DraftEntity | undefined {
  const head = words.at(-1);
  if (!head || !(ROLE_NOUNS.has(head.lower) || TITLE_WORDS.has(head.lower))) return undefined;
  const content = words.filter((w) => !DETERMINER.test(w.lower) && !w.tags.has('Country') && !w.tags.has('Place') && !/^(?:second|other|senior|former|top)$/.test(w.lower));
  // "the president" alone is enough when one person holds that title; "a minister" never is.
  if (content.length < 2 && !(content.length === 1 && definite)) return undefined;
  const people = table.entities.filter((e) => e.kind === 'person' && e.role);
  const hits = people.filter((e) => {
    const role = new Set(foldName(e.role!).split(' '));
    return content.every((w) => role.has(foldName(w.text)) || w.tags.has('Demonym'));
  });
  return hits.length === 1 ? hits[0] : undefined;
}


/** Adds "the Russian foreign minister"-style descriptions as aliases of the person whose role they name. */
export function linkDescriptions(article: AnalysedArticle, table: EntityTable): void {
  for (const s of article.sentences) {
    if (s.kind !== 'body') continue;
    const { tokens } = s;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.lower !== 'the' && !(/^['’]s$/.test(tokens[i + 1]?.text ?? '') && t.cap)) continue;
      // "the Russian foreign minister" / "Turkey's interior minister": up to three words, then a role noun.
      const start = t.lower === 'the' ? i + 1 : i + 2;
      for (let end = start; end < Math.min(tokens.length, start + 4); end++) {
        const head = tokens[end]!;
        if (!/^[\p{L}.-]+$/u.test(head.text)) break;
        if (!(ROLE_NOUNS.has(head.lower) || TITLE_WORDS.has(head.lower))) continue;
        const words = tokens.slice(start, end + 1);
        if (words.length < 2 || tokens[end + 1]?.cap) break; // "the foreign minister Sergei Lavrov" is a title, handled as such
        const person = matchRole(words, table, true);
        if (person) table.addAlias(person, s.text.slice(tokens[i]!.start - s.start, head.end - s.start).replace(/^the\s+/i, ''));
        break;
      }
    }
  }
}

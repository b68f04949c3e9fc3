/**
 * briefings/<id>/article.md: header lines (`title:`, `source:`, `published:`), a blank line,
 * then the article verbatim. The same format is ingest's input.
 */
import { splitSentences, type Sentence } from '../text/sentences.ts';
import { parsePartialDate, type PartialDate } from './partial-date.ts';

export interface ArticleHeader {
  title?: string;
  source?: string;
  published?: PartialDate;
  /** Header keys this parser doesn't know, kept rather than dropped. */
  extra: Record<string, string>;
}

export interface Article {
  header: ArticleHeader;
  body: string;
  sentences: Sentence[];
}

const HEADER_LINE = /^([A-Za-z][A-Za-z_-]{0,30}):[ \t]*(.*)$/;

/** Splits off the header block when the text starts with one; otherwise the whole text is body. */
export function parseArticle(raw: string): Article {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const header: ArticleHeader = { extra: {} };
  let i = 0;
  const pairs: Array<[string, string]> = [];
  while (i < lines.length && HEADER_LINE.test(lines[i]!)) {
    const m = HEADER_LINE.exec(lines[i]!)!;
    pairs.push([m[1]!.toLowerCase(), m[2]!.trim()]);
    i++;
  }
  const hasHeader = pairs.some(([k]) => k === 'title' || k === 'source' || k === 'published') && (i === lines.length || lines[i]!.trim() === '');
  if (!hasHeader) return { header, body: text, sentences: splitSentences(text) };
  for (const [key, value] of pairs) {
    if (key === 'title') header.title = value;
    else if (key === 'source') header.source = value === '' || value.toLowerCase() === 'unknown' ? undefined : value;
    else if (key === 'published') header.published = parsePartialDate(value);
    else header.extra[key] = value;
  }
  const body = lines.slice(i + 1).join('\n');
  return { header, body, sentences: splitSentences(body) };
}

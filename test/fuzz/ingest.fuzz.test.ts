/**
 * Fuzz: ingest. Any text, with or without a header, in any script and layout: ingestText returns a draft or
 * refuses with an IngestError, never anything else; a draft's quotes are the article's own words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/briefing/article.ts';
import { IngestError, ingestText } from '../../src/ingest/draft.ts';
import { runs, text, TIMEOUT } from './fuzz.ts';

const SENTENCES = [
  'The minister said on Monday that talks would resume.',
  'Officials in Riverton denied the report, calling it “false”.',
  '"We will not accept this," President Jane Doe told reporters.',
  'The agency reported 207 deaths in March 2024.',
  'According to the ministry, the convoy reached the town late on Tuesday.',
  'He added that no decision had been made.',
];
const paragraph = fc.array(fc.oneof(fc.constantFrom(...SENTENCES), text(120)), { minLength: 1, maxLength: 5 }).map((s) => s.join(' '));
/**
 * A crash this fuzz test found in ingest: a quotation with no words inside its quotes, after an attributed
 * quote, made extractClaims call sentenceCase(undefined) (src/ingest/claims.ts). Fixed; kept as a regression.
 */
const QUOTE_WITHOUT_WORDS = { input: 'The minister said on Monday that talks would resume. *"\u001b[31m”\r\n““***”\n\nThe minister said on Monday that talks would resume.' };

const article = fc.oneof(
  text(600),
  fc.tuple(fc.option(text(60), { nil: undefined }), fc.array(paragraph, { minLength: 1, maxLength: 6 })).map(([title, paragraphs]) => `${title !== undefined ? `title: ${title}\nsource: Wire\npublished: 2024-03-01\n\n` : ''}${paragraphs.join('\n\n')}`),
);

describe('fuzz: ingest', () => {
  it(
    'drafts any text or refuses it plainly, quoting only the article',
    () => {
      fc.assert(
        fc.property(article, (raw) => {
          let draft;
          try {
            draft = ingestText(raw);
          } catch (err) {
            expect(err).toBeInstanceOf(IngestError);
            return;
          }
          const body = parseArticle(raw).body;
          for (const e of draft.entities) expect(body).toContain(e.evidence);
          for (const c of draft.claims) expect(body).toContain(c.evidence);
          expect(draft.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
        }),
        runs(0.5),
      );
    },
    TIMEOUT,
  );
});

describe('regressions found by fuzzing ingest', () => {
  it('drafts or refuses a paragraph whose quotation holds no words (src/ingest/claims.ts crash)', () => {
    let error: unknown;
    try {
      ingestText(QUOTE_WITHOUT_WORDS.input);
    } catch (err) {
      error = err;
    }
    expect(error === undefined || error instanceof IngestError).toBe(true);
  });
});

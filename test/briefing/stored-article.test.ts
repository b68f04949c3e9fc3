import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packText, sentenceAt, StoredArticle, unpackText } from '../../src/briefing/stored-article.ts';
import { splitSentences } from '../../src/text/sentences.ts';

function stored(body: string): StoredArticle {
  const sentences = splitSentences(body);
  return new StoredArticle({ extra: {} }, body, Int32Array.from(sentences.flatMap((s) => [s.start, s.end, s.paragraph])));
}

describe('a stored article', () => {
  it('gives back any text exactly, and any piece of it, offsets unchanged', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', '.', '\n', '“', '”', '’', '—', 'é', '\u0085', '😀', 'Ж'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c))), maxLength: 200 });
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (body, a, b) => {
        const { packed, table } = packText(body);
        expect(packed.length).toBe(body.length);
        expect(unpackText(packed, table)).toBe(body);
        const start = Math.min(a, b) % (body.length + 1);
        const end = Math.min(body.length, start + (Math.max(a, b) % 50));
        expect(unpackText(packed.slice(start, end), table)).toBe(body.slice(start, end));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a text it cannot pack as it is', () => {
    const body = Array.from({ length: 40 }, (_, i) => String.fromCharCode(0x400 + i)).join(' ');
    expect(packText(body)).toEqual({ packed: body, table: '' });
    expect(stored(body).body).toBe(body);
  });

  it('has the sentences the splitter finds, one by one or all at once', () => {
    const body = '“We will not retreat,” the minister said. Talks resume — perhaps — on Monday.\n\nCiting Ж. Müller’s report, he added more.';
    const article = stored(body);
    const expected = splitSentences(body);
    expect(article.body).toBe(body);
    expect(article.sentences).toEqual(expected);
    expect(expected.map((_, i) => sentenceAt(article, i + 1))).toEqual(expected);
    expect(sentenceAt(article, 0)).toBeUndefined();
    expect(sentenceAt(article, expected.length + 1)).toBeUndefined();
    expect(article.text(expected[1]!.start, expected[1]!.end)).toBe(expected[1]!.text);
    expect(JSON.parse(JSON.stringify(article))).toEqual({ header: { extra: {} }, body, sentences: expected });
  });

  it('materialises sentences again after other articles pushed them out of the kept ones', () => {
    const article = stored('One sentence. And “another” one.');
    const first = article.sentences;
    for (let i = 0; i < 600; i++) void stored(`Filler ${i}. More.`).sentences;
    expect(article.sentences).not.toBe(first);
    expect(article.sentences).toEqual(first);
  });
});

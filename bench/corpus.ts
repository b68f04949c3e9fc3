/**
 * Synthetic corpora for benchmarks, derived from real briefings so that sizes, shapes and text are those of
 * real ones, varied so that no index can answer copy 7,000 from copy 1's entries:
 * - every copy's people get their own names (consistently in article and YAML, so every quote still anchors);
 * - every other entity (country, place, organisation, group) is redrawn per copy from a Zipf-like pool of
 *   500: the original stays the most frequent (about 1 copy in 7), then ever rarer variants, the way a few
 *   places and institutions dominate the news and most appear rarely. A variant replaces the capitalised
 *   words of the entity's name and aliases ("Russian Defense Ministry" → "Sorvilen Kalodel Ministry");
 * - years shift by up to a decade, so timelines interleave;
 * - a few paragraphs of filler sentences are inserted between paragraphs, so articles differ in length and
 *   sentence numbers.
 * Everything is a pure function of the copy number: the same count gives the same corpus.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export interface SourceBriefing {
  id: string;
  article: string;
  yaml: string;
  /** Given names and surnames of the people in it, replaced by unique words per copy. */
  nameWords: string[];
  /** The capitalised words of each other entity's name and aliases, redrawn together per copy. */
  otherEntities: string[][];
}

/** What the generator wrote, for building queries. */
export interface GeneratedBriefing {
  id: string;
  /** The synthetic words that replaced the people's names in this copy. */
  names: string[];
}

const SYLLABLES = ['ka', 'lo', 'mir', 'ven', 'ta', 'sor', 'del', 'ri', 'bran', 'os', 'ul', 'pet', 'zan', 'ko', 'vi', 'len', 'ar', 'gud', 'mes', 'tin'];

/** A pronounceable, capitalised word unique to (n, salt). */
export function syntheticWord(n: number, salt: number): string {
  let x = n * 7919 + salt * 104729 + 1;
  let word = '';
  for (let i = 0; i < 3; i++) {
    word += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length) + 13 * (i + 1);
  }
  return word[0]!.toUpperCase() + word.slice(1) + String.fromCharCode(97 + (n % 26));
}

/** A small deterministic PRNG (mulberry32), so corpora and queries are reproducible. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const PROPER_WORD = /^\p{Lu}\p{L}+$/u;
// Capitalised words that are not names.
const STOPWORDS = new Set(['The', 'Of', 'And', 'For', 'Its', 'His', 'Her']);

/** Reads every `<dir>/<id>/{article.md,briefing.yaml}` that parses; the others are skipped. */
export function readSources(dirs: string[]): SourceBriefing[] {
  const sources: SourceBriefing[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const id of names.sort()) {
      const folder = join(dir, id);
      try {
        if (!statSync(folder).isDirectory()) continue;
        const article = readFileSync(join(folder, 'article.md'), 'utf8');
        const yaml = readFileSync(join(folder, 'briefing.yaml'), 'utf8');
        const doc = load(yaml) as { entities?: Array<{ kind: string; name: string; aliases?: string[] }> };
        const entities = doc.entities ?? [];
        const nameWords = [...new Set(entities.filter((e) => e.kind === 'person').flatMap((e) => e.name.split(/[\s-]+/)).filter((w) => /^\p{Lu}\p{L}{2,}$/u.test(w)))];
        const people = new Set(nameWords);
        const taken = new Set<string>();
        const otherEntities = entities
          .filter((e) => e.kind !== 'person')
          .map((e) => {
            const words = [e.name, ...(e.aliases ?? [])].flatMap((n) => n.split(/[\s'’-]+/)).filter((w) => PROPER_WORD.test(w) && w.length >= 3 && !STOPWORDS.has(w) && !people.has(w) && !taken.has(w));
            for (const w of words) taken.add(w);
            return [...new Set(words)];
          })
          .filter((words) => words.length > 0);
        sources.push({ id, article, yaml, nameWords, otherEntities });
      } catch {
        // A source that does not parse is simply not used.
      }
    }
  }
  return sources;
}

function replaceWords(text: string, map: Map<string, string>): string {
  if (map.size === 0) return text;
  const pattern = new RegExp(`(?<![\\p{L}])(${[...map.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}])`, 'gu');
  return text.replace(pattern, (w) => map.get(w) ?? w);
}

/** Rank r of a pool of `size` with probability ∝ 1/(r+1): rank 0 (the original) is drawn most often. */
function zipfRank(next: () => number, size: number): number {
  // Inverse of the continuous approximation of the harmonic CDF.
  const r = Math.floor(Math.exp(next() * Math.log(size + 1))) - 1;
  return Math.min(size - 1, Math.max(0, r));
}

const FILLER = [
  'Officials in {place} declined to comment on the report on {day} {month}.',
  'The ministry said {count} people had been questioned so far.',
  '{name} was not available for comment, a spokesperson said.',
  'Analysts in {place} said the statement was the {ordinal} of its kind this year.',
  'A further {count} meetings are planned before the end of {month}.',
  'Local media in {place} reported the news {count} hours later.',
  'The figures could not be independently verified.',
  '{name} had made similar remarks in {month}, according to a transcript.',
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDINALS = ['second', 'third', 'fourth', 'fifth'];

/** One to three sentences of filler, using the copy's own names and places. */
function fillerParagraph(next: () => number, names: string[], places: string[]): string {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const count = 1 + Math.floor(next() * 3);
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) {
    sentences.push(
      pick(FILLER).replace(/\{(\w+)\}/g, (_, slot: string) => {
        if (slot === 'place') return places.length ? pick(places) : 'the capital';
        if (slot === 'name') return names.length ? pick(names) : 'The spokesperson';
        if (slot === 'day') return String(1 + Math.floor(next() * 28));
        if (slot === 'month') return pick(MONTHS);
        if (slot === 'count') return String(2 + Math.floor(next() * 40));
        return pick(ORDINALS);
      }),
    );
  }
  return sentences.join(' ');
}

/** The article with filler paragraphs inserted between its body paragraphs (never inside one, so quotes still anchor). */
function withFiller(article: string, next: () => number, names: string[], places: string[]): string {
  const [header, ...rest] = article.split('\n\n');
  const paragraphs = rest.join('\n\n').split('\n\n');
  const out: string[] = [];
  for (const p of paragraphs) {
    out.push(p);
    if (next() < 0.3) out.push(fillerParagraph(next, names, places));
  }
  return [header, ...out].join('\n\n');
}

/** The files of copy `i` of the corpus. */
export function syntheticBriefing(sources: SourceBriefing[], i: number): { id: string; article: string; yaml: string; names: string[] } {
  const source = sources[i % sources.length]!;
  const next = random(i + 1);
  const map = new Map<string, string>();
  source.nameWords.forEach((w, j) => map.set(w, syntheticWord(i, j)));
  source.otherEntities.forEach((words) => {
    const rank = zipfRank(next, 500);
    if (rank > 0) for (const w of words) map.set(w, syntheticWord(rank, 1000 + (hash(w) % 1000)));
  });
  // Years move by up to a decade so timelines differ between copies.
  const shift = i % 11;
  const shiftYears = (text: string): string => text.replace(/\b(19[5-9]\d|20[0-4]\d)\b/g, (y) => String(Number(y) + shift));
  const names = source.nameWords.map((w) => map.get(w)!);
  const places = source.otherEntities.map((words) => map.get(words[0]!) ?? words[0]!);
  const article = withFiller(shiftYears(replaceWords(source.article, map)), next, names, places);
  return { id: `synthetic-${String(i).padStart(5, '0')}`, article, yaml: shiftYears(replaceWords(source.yaml, map)), names };
}

/** Writes `count` briefings into `root` and returns their ids and the people's names of each copy. */
export function writeCorpus(root: string, sources: SourceBriefing[], count: number): GeneratedBriefing[] {
  if (sources.length === 0) throw new Error('no source briefings to derive a corpus from');
  mkdirSync(root, { recursive: true });
  const out: GeneratedBriefing[] = [];
  for (let i = 0; i < count; i++) {
    const { id, article, yaml, names } = syntheticBriefing(sources, i);
    const dir = join(root, id);
    mkdirSync(dir);
    writeFileSync(join(dir, 'article.md'), article);
    writeFileSync(join(dir, 'briefing.yaml'), yaml);
    out.push({ id, names });
  }
  return out;
}

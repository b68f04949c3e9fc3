/**
 * Synthetic corpora for benchmarks, derived from real briefings: every copy gets its own people's names
 * (consistently in article and YAML, so every quote still anchors) and its years shifted, so no index
 * can answer copy 7,000 from copy 1's entries.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface SourceBriefing {
  id: string;
  article: string;
  yaml: string;
  /** Given names and surnames of the people in it, to be replaced per copy. */
  nameWords: string[];
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
      if (!statSync(folder).isDirectory()) continue;
      try {
        const article = readFileSync(join(folder, 'article.md'), 'utf8');
        const yaml = readFileSync(join(folder, 'briefing.yaml'), 'utf8');
        const doc = parse(yaml) as { entities?: Array<{ kind: string; name: string }> };
        const nameWords = [...new Set((doc.entities ?? []).filter((e) => e.kind === 'person').flatMap((e) => e.name.split(/\s+/)).filter((w) => /^\p{Lu}\p{L}{2,}$/u.test(w)))];
        sources.push({ id, article, yaml, nameWords });
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

/** Writes `count` briefings into `root` and returns their ids and a few names per copy for queries. */
export function writeCorpus(root: string, sources: SourceBriefing[], count: number): Array<{ id: string; names: string[] }> {
  mkdirSync(root, { recursive: true });
  const out: Array<{ id: string; names: string[] }> = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length]!;
    const map = new Map<string, string>();
    source.nameWords.forEach((w, j) => map.set(w, syntheticWord(i, j)));
    // Years move by up to a decade so timelines differ between copies.
    const shift = i % 11;
    const shiftYears = (text: string): string => text.replace(/\b(19[5-9]\d|20[0-4]\d)\b/g, (y) => String(Number(y) + shift));
    const id = `synthetic-${String(i).padStart(5, '0')}`;
    const dir = join(root, id);
    mkdirSync(dir);
    writeFileSync(join(dir, 'article.md'), shiftYears(replaceWords(source.article, map)));
    writeFileSync(join(dir, 'briefing.yaml'), shiftYears(replaceWords(source.yaml, map)));
    out.push({ id, names: [...map.values()] });
  }
  return out;
}


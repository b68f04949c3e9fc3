/**
 * The representative queries of the command benchmark, drawn from the loaded corpus itself: every variant is a
 * kind of question a user asks, and each run of it takes its names from another randomly drawn briefing, so
 * no cache of one answer can serve the next. See BENCHMARKS.md, "Queries".
 */
import type { Library } from '../src/briefing/library.ts';
import type { Briefing, Entity } from '../src/briefing/model.ts';
import { random } from './corpus.ts';

export interface Variant {
  /** What the variant stands for, e.g. "full name" or "typo". */
  name: string;
  /** Pre-drawn options, used in turn. */
  inputs: Array<Record<string, unknown>>;
}

export type CommandVariants = Record<string, Variant[]>;

// Syllables that the corpus generator never uses, so these names are in no briefing.
const UNKNOWN_SYLLABLES = ['qu', 'xe', 'zy', 'fju', 'wh', 'yx', 'pho', 'gne'];

function unknownWord(next: () => number): string {
  let w = '';
  for (let i = 0; i < 3; i++) w += UNKNOWN_SYLLABLES[Math.floor(next() * UNKNOWN_SYLLABLES.length)];
  return w[0]!.toUpperCase() + w.slice(1);
}

/** One edit (substitution, deletion or transposition) inside the word, the kind of typo people make. */
function typo(word: string, next: () => number): string {
  if (word.length < 4) return word + 'e';
  const i = 1 + Math.floor(next() * (word.length - 2));
  const kind = Math.floor(next() * 3);
  if (kind === 0) return word.slice(0, i) + (word[i] === 'a' ? 'e' : 'a') + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

const lastWord = (name: string): string => name.split(/\s+/).at(-1)!;

/**
 * Variants per command. `count` inputs per variant, each from another random briefing. Commands not in
 * `commands` (say, ask before it exists) get no variants.
 */
export function buildQueries(library: Library, commands: string[], count = 64, seed = 42): CommandVariants {
  const next = random(seed);
  const briefings = library.briefings;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const draw = <T>(make: (b: Briefing) => T | undefined): T[] => {
    const out: T[] = [];
    for (let tries = 0; out.length < count && tries < count * 50; tries++) {
      const made = make(pick(briefings));
      if (made !== undefined) out.push(made);
    }
    return out;
  };
  const person = (b: Briefing): Entity | undefined => {
    const people = b.entities.filter((e) => e.kind === 'person');
    return people.length ? pick(people) : undefined;
  };
  const other = (b: Briefing): Entity | undefined => {
    const others = b.entities.filter((e) => e.kind !== 'person');
    return others.length ? pick(others) : undefined;
  };
  const claimant = (b: Briefing, kind?: 'person' | 'other'): Entity | undefined => {
    const ids = new Set(b.claims.map((c) => c.claimant));
    const list = b.entities.filter((e) => ids.has(e.id) && (!kind || (kind === 'person') === (e.kind === 'person')));
    return list.length ? pick(list) : undefined;
  };
  const year = (b: Briefing): number | undefined => {
    const dated = b.events.filter((e) => e.date);
    return dated.length ? pick(dated).date!.year : undefined;
  };
  const variants: CommandVariants = {};
  const add = (command: string, name: string, inputs: Array<Record<string, unknown>>): void => {
    if (!commands.includes(command) || inputs.length === 0) return;
    (variants[command] ??= []).push({ name, inputs });
  };

  // Each input draws its own briefing (and within it, its own person, place or claimant).
  const withPerson = (make: (p: Entity, b: Briefing) => Record<string, unknown>) => draw((b) => {
    const p = person(b);
    return p && make(p, b);
  });
  const withOther = (make: (e: Entity, b: Briefing) => Record<string, unknown>) => draw((b) => {
    const e = other(b);
    return e && make(e, b);
  });
  const withClaimant = (make: (e: Entity, b: Briefing) => Record<string, unknown>, kind?: 'person' | 'other') => draw((b) => {
    const e = claimant(b, kind);
    return e && make(e, b);
  });
  const withYear = (make: (y: number, b: Briefing) => Record<string, unknown> | undefined) => draw((b) => {
    const y = year(b);
    return y === undefined ? undefined : make(y, b);
  });

  add('who', 'full name', withPerson((p) => ({ name: p.name })));
  add('who', 'surname', withPerson((p) => ({ name: lastWord(p.name) })));
  add('who', 'typo in a surname', withPerson((p) => ({ name: typo(lastWord(p.name), next) })));
  add('who', 'unknown name', draw(() => ({ name: `${unknownWord(next)} ${unknownWord(next)}` })));
  add('who', 'place or organisation', withOther((e) => ({ name: e.name })));
  add('who', 'name in one briefing', withPerson((p, b) => ({ name: lastWord(p.name), briefing: b.id })));
  add('who', "who's who of one briefing", draw((b) => ({ briefing: b.id })));
  add('who', "who's who of all", [{}]);

  add('timeline', 'all', [{}]);
  add('timeline', 'person', withPerson((p) => ({ actor: lastWord(p.name) })));
  add('timeline', 'place or organisation', withOther((e) => ({ actor: e.name })));
  add('timeline', 'year range', withYear((y) => ({ from: String(y), to: String(y + 1) })));
  add('timeline', 'person from a year', withYear((y, b) => {
    const p = person(b);
    return p && { actor: lastWord(p.name), from: String(y) };
  }));
  add('timeline', 'one briefing', draw((b) => ({ briefing: b.id })));
  add('timeline', 'unknown actor', draw(() => ({ actor: unknownWord(next) })));

  add('claims', 'all', [{}]);
  add('claims', 'by person', withClaimant((e) => ({ by: lastWord(e.name) }), 'person'));
  add('claims', 'by organisation or group', withClaimant((e) => ({ by: e.name }), 'other'));
  add('claims', 'about', withOther((e) => ({ about: e.name })));
  add('claims', 'status', draw(() => ({ status: pick(['disputed', 'denied', 'corroborated', 'unverified']) })));
  add('claims', 'by person and status', withClaimant((e) => ({ by: lastWord(e.name), status: 'disputed' }), 'person'));
  add('claims', 'by the article', [{ by: 'article' }]);
  add('claims', 'one briefing', draw((b) => ({ briefing: b.id })));
  add('claims', 'unknown claimant', draw(() => ({ by: unknownWord(next) })));

  // ask joins the benchmark as soon as it is a registered command; its questions come from the briefings.
  add('ask', 'who is', withPerson((p) => ({ question: `Who is ${p.name}?` })));
  add('ask', 'what did someone say', withClaimant((e) => ({ question: `What did ${lastWord(e.name)} say?` }), 'person'));
  add('ask', 'when', draw((b) => (b.events.length ? { question: `When did this happen: ${pick(b.events).title}?` } : undefined)));
  add('ask', 'in one briefing', withClaimant((e, b) => ({ question: `What did ${lastWord(e.name)} claim?`, briefing: b.id }), 'person'));
  add('ask', 'unknown', draw(() => ({ question: `What did ${unknownWord(next)} say about ${unknownWord(next)}?` })));
  // Questions without the briefing's people in them: found by their words alone, among many briefings.
  add('ask', 'who said (claim words)', draw((b) => {
    const c = b.claims.filter((x) => x.text.split(/\s+/).length >= 6);
    return c.length ? { question: `Who said that ${pick(c).text.split(/\s+/).slice(0, 8).join(' ')}?` } : undefined;
  }));
  add('ask', 'where (place of an event)', draw((b) => {
    const placed = b.events.filter((e) => e.place);
    return placed.length ? { question: `Where did this happen: ${pick(placed).title}?` } : undefined;
  }));
  return variants;
}

/**
 * A reloaded library layers the changed briefings' names on the previous index (see layered-names.ts); every
 * lookup must answer exactly what a library built from scratch over the same briefings answers. Random
 * sequences of reloads (briefings added, removed, replaced by other content under the same id, or reloaded
 * unchanged) are compared
 * with a fresh Library after each one: name lookups, suggestions, completion, and the who, timeline and
 * claims commands as users run them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSources, syntheticBriefing } from '../../bench/corpus.ts';
import type { Caller } from '../../src/commands/command.ts';
import { createCore } from '../../src/core.ts';
import { Library } from '../../src/briefing/library.ts';
import { buildBriefing } from '../../src/briefing/load.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { foldName } from '../../src/briefing/names.ts';
import { BRIEFINGS_DIR } from '../helpers.ts';

const sources = readSources([BRIEFINGS_DIR]);
const POOL = 48;
/** Synthetic copies: copy i's content, optionally under the id of copy `as` (an edit of that briefing). */
const contents = Array.from({ length: POOL }, (_, i) => syntheticBriefing(sources, i));
const ids = contents.map((c) => c.id);
function version(i: number, as = i): Briefing {
  const { briefing, errors } = buildBriefing(ids[as]!, contents[i]!.article, contents[i]!.yaml);
  expect(errors).toEqual([]);
  return briefing!;
}
const byCodeUnit = (a: Briefing, b: Briefing): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const names = [...new Set(Array.from({ length: POOL }, (_, i) => version(i)).flatMap((b) => b.entities.flatMap((e) => [e.name, ...e.aliases, ...(e.role ? [e.role] : [])])))];

/** Words of event titles (claims about: an event finds it by title words). */
const titleWords = [...new Set(Array.from({ length: POOL }, (_, i) => version(i)).flatMap((b) => b.events.flatMap((e) => e.title.split(/\s+/))))].filter((w) => w.length >= 3);

const query = fc.oneof(
  fc.constantFrom(...titleWords),
  fc.tuple(fc.constantFrom(...titleWords), fc.integer({ min: 3, max: 6 })).map(([w, k]) => w.slice(0, k)),
  fc.constantFrom(...names),
  fc.tuple(fc.constantFrom(...names), fc.nat()).map(([n, i]) => n.split(' ')[i % n.split(' ').length]!),
  fc.tuple(fc.constantFrom(...names), fc.integer({ min: 1, max: 10 })).map(([n, k]) => n.slice(0, k)),
  fc.tuple(fc.constantFrom(...names), fc.nat(), fc.constantFrom('x', 'e', '')).map(([n, i, c]) => {
    const at = i % Math.max(1, n.length);
    return n.slice(0, at) + c + n.slice(at + 1);
  }),
  fc.string({ maxLength: 8 }),
);

type Step = { kind: 'add' | 'remove' | 'edit' | 'touch'; pick: number; content: number };
const step: fc.Arbitrary<Step> = fc.record({ kind: fc.constantFrom('add', 'remove', 'edit', 'touch'), pick: fc.nat(), content: fc.nat({ max: POOL - 1 }) });

const caller: Caller = { platform: 'console' };

/** Everything a user or a platform can ask of the names, as plain data. */
async function answers(library: Library, queries: string[]): Promise<unknown> {
  const core = createCore(library);
  const some = library.briefings.filter((_, i) => i % 3 === 0);
  const out: unknown[] = [library.completeNames('', 25), library.completeNames('', 10, ['person'])];
  for (const q of queries) {
    const one = (ms: Array<{ briefing: Briefing; entity: { id: string }; score: number }>) => ms.map((m) => [m.briefing.id, m.entity.id, m.score]);
    out.push(
      one(library.findEntities(q)),
      one(library.findEntities(q, some)),
      library.findEntitiesTop(q, 3).total,
      library.suggestNames(q, 5),
      library.suggestNames(q, 3, some),
      library.completeNames(q, 25),
      library.completeNames(q, 5, ['organisation', 'country']),
      [...library.matchedEntities(q).entities],
      library.eventsTitled(foldName(q).split(' ').filter((w) => w.length >= 3)).map((t) => [t.briefing.id, t.event.id]),
    );
    for (const text of [`who ${q}`, `timeline ${q}`, `claims by:"${q}"`, `claims about:"${q}"`]) {
      const reply = await core.runLine(text.replace(/\s+$/, ''), caller);
      out.push(JSON.stringify({ ...reply, data: reply.data }));
    }
  }
  return out;
}

describe('a reloaded library (name index layered on the previous one)', () => {
  it('answers every lookup exactly as a library built from scratch, across random reloads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20 }), fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.array(query, { minLength: 2, maxLength: 5 }), async (initial, reloads, queries) => {
        const current = new Map<string, Briefing>();
        /** Which content each id holds: a touch reloads the same content as a new object (a file saved unchanged). */
        const content = new Map<string, number>();
        const put = (id: string, from: number): void => {
          current.set(id, version(from, ids.indexOf(id)));
          content.set(id, from);
        };
        for (let i = 0; i < initial; i++) put(ids[i]!, i);
        let library = new Library([...current.values()].sort(byCodeUnit));
        for (const changes of reloads) {
          for (const { kind, pick, content: from } of changes) {
            const present = [...current.keys()];
            const chosen = present[pick % Math.max(1, present.length)]!;
            if (kind === 'add' || present.length === 0) {
              const free = ids.filter((id) => !current.has(id));
              if (free.length) put(free[pick % free.length]!, from);
            } else if (kind === 'remove') current.delete(chosen);
            else if (kind === 'touch') put(chosen, content.get(chosen)!);
            else put(chosen, from);
          }
          const briefings = [...current.values()].sort(byCodeUnit);
          library = new Library(briefings, [], undefined, undefined, library);
          expect(await answers(library, queries)).toEqual(await answers(new Library(briefings), queries));
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('answers the same after a reload that replaces every briefing and adds many', async () => {
    const first = new Library(Array.from({ length: 10 }, (_, i) => version(i)));
    const briefings = Array.from({ length: POOL }, (_, i) => version((i * 7) % POOL, i)).sort(byCodeUnit);
    const next = new Library(briefings, [], undefined, undefined, first);
    const queries = names.slice(0, 12);
    expect(await answers(next, queries)).toEqual(await answers(new Library(briefings), queries));
  });
});

import { describe, expect, it } from 'vitest';
import { composeDigest, DIGEST_BOUNDS } from '../../src/digest/compose.ts';
import { diffSnapshots, takeSnapshot } from '../../src/digest/snapshot.ts';
import type { Reply } from '../../src/reply/reply.ts';
import { renderText } from '../../src/render/text.ts';
import { seedLibrary, SEED_ID } from '../helpers.ts';
import { libraryOf, strikeBriefing } from './helpers.ts';

const NOW = Date.parse('2025-03-04T08:00:00Z');
const ALL = { briefings: [], tags: [] };
const items = (reply: Reply) => reply.sections.flatMap((s) => s.items);
const baselineOf = (library: ReturnType<typeof libraryOf>) => new Map(takeSnapshot(library, library.briefings).map((r) => [r.id, r]));

describe('digest composer', () => {
  it('opens with an overview of the current briefings, newest first and bounded', () => {
    const library = libraryOf(...Array.from({ length: 12 }, (_, i) => strikeBriefing({ id: `strike-${String(i + 1).padStart(2, '0')}`, published: `2024-05-${String(i + 1).padStart(2, '0')}` })));
    const { type, reply, snapshot } = composeDigest(library, { filter: ALL, format: 'short', now: NOW, timeZone: 'UTC', subscription: { id: 3, schedule: 'daily 08:00', timeZone: 'UTC' } });
    expect(type).toBe('overview');
    const shown = items(reply);
    expect(shown).toHaveLength(DIGEST_BOUNDS.overviewBriefings.short);
    expect(shown[0]!.text).toMatch(/strike-12/);
    expect(shown[1]!.text).toMatch(/strike-11/);
    expect(shown.every((i) => i.citations.length === 1)).toBe(true);
    expect(reply.footer).toMatch(/4 briefings more not shown/);
    expect(reply.footer).toMatch(/Digest #3 · daily 08:00 \(UTC\)/);
    expect(reply.intro).toMatch(/First digest for this channel/);
    // The snapshot covers every fact in scope, shown or not, so the next digest is a true diff.
    expect(snapshot.filter((r) => r.state.type === 'briefing')).toHaveLength(12);
  });

  it('keeps to the briefings a subscription names, by id or tag', () => {
    const library = libraryOf(seedLibrary().get(SEED_ID)!, strikeBriefing());
    const byTag = composeDigest(library, { filter: { briefings: [], tags: ['labour'] }, format: 'short', now: NOW, timeZone: 'UTC' });
    expect(items(byTag.reply).map((i) => i.text)).toEqual([expect.stringMatching(/port-strike/)]);
    const byId = composeDigest(library, { filter: { briefings: [SEED_ID], tags: [] }, format: 'short', now: NOW, timeZone: 'UTC' });
    expect(items(byId.reply).map((i) => i.text)).toEqual([expect.stringMatching(new RegExp(SEED_ID))]);
    const none = composeDigest(library, { filter: { briefings: [], tags: ['sport'] }, format: 'short', now: NOW, timeZone: 'UTC' });
    expect(none.reply.intro).toMatch(/No briefings match tagged sport yet/);
  });

  it('shows status changes, new claims and new briefings with their citations', () => {
    const before = libraryOf(strikeBriefing());
    const after = libraryOf(strikeBriefing({ durationStatus: 'disputed', withDelaysClaim: true }), strikeBriefing({ id: 'second-strike', published: '2024-06-01' }));
    const { type, reply } = composeDigest(after, { filter: ALL, format: 'full', baseline: baselineOf(before), baselineAt: Date.parse('2025-03-03T08:00:00Z'), now: NOW, timeZone: 'Europe/Paris' });
    expect(type).toBe('changes');
    expect(reply.title).toBe('Digest: 3 changes since the last digest (Mon 3 Mar 2025, 09:00 CET)');
    expect(reply.sections.map((s) => s.title)).toEqual(['New briefings', 'Dockworkers strike halts traffic at the northern port (port-strike)']);
    const [status, added] = reply.sections[1]!.items;
    expect(status).toMatchObject({ label: 'assertion · unverified → disputed', text: "Dockworkers' union: The strike will last until wages are raised." });
    expect(status!.notes).toContain('Now disputed by: Port authority: The strike is illegal.');
    expect(status!.citations.map((c) => c.sentence)).toEqual([2]);
    expect(added).toMatchObject({ label: 'new warning · unverified', text: 'Shipping companies: Delays will spread to other ports.' });
    expect(added!.citations[0]).toMatchObject({ briefing: 'port-strike', paragraph: 2, sentence: 4 });
    expect(reply.data.digest).toMatchObject({
      type: 'changes',
      new_briefings: [{ id: 'second-strike' }],
      changes: [
        { fact: 'claim', briefing: 'port-strike', id: 'strike-duration', change: 'changed', status: 'disputed', previous_status: 'unverified' },
        { fact: 'claim', briefing: 'port-strike', id: 'delays-spread', change: 'new' },
      ],
    });
  });

  it('shows a changed event date and a removed claim', () => {
    const before = libraryOf(strikeBriefing({ withDelaysClaim: true }));
    const after = libraryOf(strikeBriefing({ walkoutDate: '2024-04' }));
    const { reply } = composeDigest(after, { filter: ALL, format: 'short', baseline: baselineOf(before), now: NOW, timeZone: 'UTC' });
    const labels = items(reply).map((i) => i.label);
    expect(labels).toEqual(['event · 29 April 2024 (inferred) → April 2024 (inferred)', 'removed warning']);
    expect(renderText(reply)).toMatch(/No longer in the briefing/);
  });

  it('says "no news" in one line when nothing changed', () => {
    const library = libraryOf(strikeBriefing());
    const { type, reply, changeCount } = composeDigest(library, { filter: ALL, format: 'short', baseline: baselineOf(library), baselineAt: Date.parse('2025-03-03T08:00:00Z'), now: NOW, timeZone: 'UTC' });
    expect(type).toBe('no-news');
    expect(changeCount).toBe(0);
    expect(reply.title).toBe('Digest: no news');
    expect(reply.intro).toBe('Nothing changed in all briefings since the last digest (Mon 3 Mar 2025, 08:00 UTC).');
    expect(reply.sections).toEqual([]);
  });

  it('bounds a long list of changes and counts the rest', () => {
    const many = Array.from({ length: 20 }, (_, i) => `b-${String(i).padStart(2, '0')}`);
    const before = libraryOf(strikeBriefing({ id: 'base' }));
    const after = libraryOf(strikeBriefing({ id: 'base' }), ...many.map((id) => strikeBriefing({ id })));
    const { reply, changeCount } = composeDigest(after, { filter: ALL, format: 'short', baseline: baselineOf(before), now: NOW, timeZone: 'UTC' });
    expect(changeCount).toBe(20);
    expect(items(reply)).toHaveLength(DIGEST_BOUNDS.changeItems.short);
    expect(reply.footer).toMatch(/8 changes more not shown/);
  });

  it('diffs by fact id and hash', () => {
    const a = takeSnapshot(libraryOf(strikeBriefing()), libraryOf(strikeBriefing()).briefings);
    const same = diffSnapshots(new Map(a.map((r) => [r.id, r])), a);
    expect(same).toEqual({ newBriefings: [], removedBriefings: [], updatedBriefings: [], facts: [] });
    expect(new Set(a.map((r) => r.id)).size).toBe(a.length);
  });
});

describe('digest size', () => {
  it('fits one message on every platform, whatever changed', async () => {
    const fc = await import('fast-check');
    const { DISCORD_LIMITS } = await import('../../src/render/limits.ts');
    const seed = seedLibrary().get(SEED_ID)!;
    fc.assert(
      fc.property(
        fc.record({
          format: fc.constantFrom('short' as const, 'full' as const),
          newBriefings: fc.integer({ min: 0, max: 15 }),
          changedShare: fc.double({ min: 0, max: 1, noNaN: true }),
          seedIsNew: fc.boolean(),
        }),
        ({ format, newBriefings, changedShare, seedIsNew }) => {
          const extra = Array.from({ length: newBriefings }, (_, i) => strikeBriefing({ id: `s-${i}`, withDelaysClaim: true }));
          const library = libraryOf(seed, ...extra);
          // Baseline: the seed as known, with a share of its facts "changed" since.
          const base = takeSnapshot(library, seedIsNew ? [] : [seed]);
          const baseline = new Map(base.map((r, i) => [r.id, i / base.length < changedShare && r.state.type !== 'briefing' ? { ...r, hash: 'old' } : r]));
          const { reply, type } = composeDigest(library, { filter: ALL, format, baseline, baselineAt: NOW - 86_400_000, now: NOW, timeZone: 'Europe/Paris', subscription: { id: 12, schedule: 'weekdays 09:30', timeZone: 'Europe/Paris' } });
          const text = renderText(reply);
          expect(text.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotalChars);
          if (type !== 'no-news') expect(items(reply).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

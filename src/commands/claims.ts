import { z } from 'zod';
import { isDisputed, isDisputedStatus } from '../briefing/briefing-index.ts';
import type { Library } from '../briefing/library.ts';
import type { Briefing, Claim } from '../briefing/model.ts';
import { foldName } from '../briefing/names.ts';
import { OUTLET } from '../briefing/schema.ts';
import { claimItem, claimJson } from '../reply/facts.ts';
import { UserError, type Reply, type Section } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption, statusOption, textOption } from './options.ts';
import { moreNote } from './select.ts';

// Words that name the article's own voice rather than a person in it.
const OUTLET_WORDS = new Set(['outlet', 'article', 'analysis', 'author', 'the article', 'reporter', 'newspaper']);

/** What a name refers to, per briefing: entity ids, the outlet, and for `about` also events by title. */
type Refs = Map<Briefing, Set<string>>;

function addRef(refs: Refs, briefing: Briefing, id: string): void {
  const ids = refs.get(briefing);
  if (ids) ids.add(id);
  else refs.set(briefing, new Set([id]));
}

function resolveRefs(library: Library, scope: Briefing[], query: string, withEvents: boolean): Refs {
  const refs: Refs = new Map();
  const folded = foldName(query);
  if (OUTLET_WORDS.has(folded)) for (const b of scope) addRef(refs, b, OUTLET);
  for (const m of library.findEntities(query, scope)) addRef(refs, m.briefing, m.entity.id);
  if (withEvents) {
    const words = folded.split(' ').filter((w) => w.length > 2);
    for (const { briefing, event } of library.eventsTitled(words, scope)) addRef(refs, briefing, event.id);
  }
  return refs;
}

interface Selected {
  briefing: Briefing;
  claim: Claim;
}

/** Briefings of `refs` in library order (findEntities lists equal names in that order already; check first). */
function inLibraryOrder(library: Library, briefings: Briefing[]): Briefing[] {
  for (let i = 1; i < briefings.length; i++) {
    if (library.positionOf(briefings[i - 1]!) > library.positionOf(briefings[i]!)) {
      return briefings.slice().sort((a, b) => library.positionOf(a) - library.positionOf(b));
    }
  }
  return briefings;
}

/** The claims of `refs` (by claimant or by what they are about), in library order, then briefing order. */
function claimsOf(library: Library, refs: Refs, how: 'by' | 'about'): Selected[] {
  const out: Selected[] = [];
  for (const b of inLibraryOrder(library, [...refs.keys()])) {
    const index = library.index(b);
    const lists = [...refs.get(b)!].map((id) => (how === 'by' ? index.claimsBy.get(id) : index.claimsAbout.get(id)) ?? []).filter((l) => l.length > 0);
    if (lists.length === 0) continue;
    const claims = lists.length === 1 ? lists[0]! : b.claims.filter((c) => lists.some((l) => l.includes(c)));
    for (const claim of claims) out.push({ briefing: b, claim });
  }
  return out;
}

export const claimsCommand = defineCommand({
  name: 'claims',
  description: 'Claims, warnings, accusations and denials, grouped by who made them, with their status',
  usage: 'claims [by] [about:NAME] [status:STATUS] [briefing:ID]',
  examples: ['claims', 'claims Shoigu', 'claims about:attack', 'claims status:disputed'],
  options: z.object({
    by: textOption({ description: 'Only claims made by this person or organisation', positional: true, autocomplete: 'claimant' }),
    about: textOption({ description: 'Only claims about this person, organisation, place or event', autocomplete: 'entity' }),
    status: statusOption(),
    briefing: briefingOption(),
  }),
  handler({ by, about, status, briefing }, { library, maxItems }): Reply {
    const scope = library.scope(briefing);
    const limit = maxItems ?? Infinity;
    let shown: Selected[];
    let total: number;
    let sources: number;
    let disputed: number;
    if (by || about) {
      let claims: Selected[];
      if (by) {
        const refs = resolveRefs(library, scope, by, false);
        if (refs.size === 0) throw new UserError('unknown_name', `No one called "${by}" in the briefings.`, library.suggestNames(by, 3, scope));
        claims = claimsOf(library, refs, 'by');
      }
      if (about) {
        const refs = resolveRefs(library, scope, about, true);
        if (refs.size === 0) throw new UserError('unknown_name', `Nothing called "${about}" in the briefings.`, library.suggestNames(about, 3, scope));
        claims = by ? claims!.filter(({ briefing: b, claim }) => claim.about.some((a) => refs.get(b)?.has(a))) : claimsOf(library, refs, 'about');
      }
      if (status) claims = claims!.filter(({ claim }) => claim.status === status);
      total = claims!.length;
      sources = new Set(claims!.map(({ briefing: b, claim }) => `${b.id}/${claim.claimant}`)).size;
      disputed = claims!.filter(({ claim }) => isDisputed(claim)).length;
      shown = claims!.slice(0, limit);
    } else {
      // Every claim in scope: the counts come from each briefing's index, and only the shown claims are listed.
      shown = [];
      total = 0;
      sources = 0;
      disputed = 0;
      for (const b of scope) {
        const counts = library.index(b).counts;
        if (status) {
          const ofStatus = counts.byStatus.get(status);
          if (!ofStatus) continue;
          total += ofStatus.claims;
          sources += ofStatus.claimants;
          if (isDisputedStatus(status)) disputed += ofStatus.claims;
        } else {
          total += counts.claims;
          sources += counts.claimants;
          disputed += counts.disputed;
        }
        for (let i = 0; i < b.claims.length && shown.length < limit; i++) {
          const claim = b.claims[i]!;
          if (!status || claim.status === status) shown.push({ briefing: b, claim });
        }
      }
    }

    // Group by claimant, in order of first appearance.
    const groups = new Map<string, { title: string; items: Section['items'] }>();
    for (const { briefing: b, claim } of shown) {
      const key = `${b.id}/${claim.claimant}`;
      const group = groups.get(key) ?? { title: library.claimantName(b, claim) + (scope.length > 1 ? ` · ${b.id}` : ''), items: [] };
      group.items.push(claimItem(library, b, claim));
      groups.set(key, group);
    }
    const filters = [by && `by ${by}`, about && `about ${about}`, status && `${status}`].filter(Boolean).join(', ');
    const narrow = [!by && 'a claimant', !status && 'status:', scope.length > 1 && 'briefing:ID'].filter(Boolean).join(', ');
    return {
      title: filters ? `Claims (${filters})` : 'Claims',
      intro: total
        ? `${total.toLocaleString('en')} claim${total === 1 ? '' : 's'} from ${sources.toLocaleString('en')} source${sources === 1 ? '' : 's'}; ${disputed.toLocaleString('en')} disputed, denied or contradicted.`
        : 'No claims match.',
      sections: [...groups.values()],
      footer: moreNote(shown.length, total, 'claim', narrow ? `narrow with ${narrow}` : 'narrow the question'),
      data: { claims: shown.map(({ briefing: b, claim }) => claimJson(library, b, claim)), total },
    };
  },
});

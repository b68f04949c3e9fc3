import { z } from 'zod';
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

/**
 * What a name refers to: entity numbers (see Library.matchedEntities), for `about` also events by title. The
 * article's own voice ("article", "analysis") refers to the outlet of every briefing in scope, kept as a flag
 * rather than thousands of entries.
 */
interface Refs {
  entities: Int32Array;
  events: number[];
  outlet: boolean;
}

function resolveRefs(library: Library, scope: Briefing[], query: string, withEvents: boolean): Refs {
  const folded = foldName(query);
  const words = folded.split(' ').filter((w) => w.length > 2);
  return {
    entities: library.matchedEntities(query, scope).entities,
    events: withEvents ? library.eventNumbersTitled(words, scope) : [],
    outlet: OUTLET_WORDS.has(folded),
  };
}

const isEmpty = (refs: Refs): boolean => !refs.outlet && refs.entities.length === 0 && refs.events.length === 0;

interface Selected {
  briefing: Briefing;
  claim: Claim;
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
    const byRefs = by ? resolveRefs(library, scope, by, false) : undefined;
    if (byRefs && isEmpty(byRefs)) throw new UserError('unknown_name', `No one called "${by}" in the briefings.`, library.suggestNames(by!, 3, scope));
    const aboutRefs = about ? resolveRefs(library, scope, about, true) : undefined;
    if (aboutRefs && isEmpty(aboutRefs)) throw new UserError('unknown_name', `Nothing called "${about}" in the briefings.`, library.suggestNames(about!, 3, scope));

    // Every matching claim is counted; only the first `limit` are listed.
    const shown: Selected[] = [];
    let total: number;
    let sources: number;
    let disputed: number;
    if (!aboutRefs && (!byRefs || byRefs.outlet) && library.isWhole(scope)) {
      // Every claim of the library, or every claim of the articles' own analysis (plus those of any entity
      // the words also name): counted once by the library, and only walked until the list is full.
      const totals = library.claimTotals(status, byRefs !== undefined);
      ({ claims: total, claimants: sources, disputed } = totals);
      let walk = totals.briefings;
      if (byRefs && byRefs.entities.length > 0) {
        // Claims of entities the words also name, other than the analysis itself (counted above).
        const named = library.selectClaims({ by: { entities: byRefs.entities, outlet: false }, status }, scope, 0);
        total += named.total;
        disputed += named.disputed;
        sources += named.sources;
        walk = scope;
      }
      const byEntities = byRefs && byRefs.entities.length > 0 ? new Set(byRefs.entities) : undefined;
      for (const b of walk) {
        if (shown.length >= limit) break;
        for (const claim of b.claims) {
          if (shown.length >= limit) break;
          if (status && claim.status !== status) continue;
          if (byRefs && claim.claimant !== OUTLET && !byEntities?.has(library.entityNumberOf(b, claim.claimant))) continue;
          shown.push({ briefing: b, claim });
        }
      }
    } else {
      const selection = library.selectClaims(
        { by: byRefs && { entities: byRefs.entities, outlet: byRefs.outlet }, about: aboutRefs && { entities: aboutRefs.entities, events: aboutRefs.events, outlet: aboutRefs.outlet }, status },
        scope,
        limit,
      );
      ({ total, sources, disputed } = selection);
      shown.push(...selection.shown);
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

import { z } from 'zod';
import type { Library } from '../briefing/library.ts';
import { isDisputedStatus, type Briefing, type Claim } from '../briefing/model.ts';
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
 * What a name refers to, per briefing: entity ids, and for `about` also events by title. The article's own
 * voice ("article", "analysis") refers to the outlet of every briefing in scope, kept as a flag rather than
 * thousands of entries.
 */
interface Refs {
  ids: Map<Briefing, string[]>;
  outlet: boolean;
}

function resolveRefs(library: Library, scope: Briefing[], query: string, withEvents: boolean): Refs {
  const refs: Refs = { ids: new Map(), outlet: false };
  const add = (briefing: Briefing, id: string): void => {
    const ids = refs.ids.get(briefing);
    if (!ids) refs.ids.set(briefing, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  const folded = foldName(query);
  refs.outlet = OUTLET_WORDS.has(folded);
  for (const m of library.findEntities(query, scope)) add(m.briefing, m.entity.id);
  if (withEvents) {
    const words = folded.split(' ').filter((w) => w.length > 2);
    for (const { briefing, event } of library.eventsTitled(words, scope)) add(briefing, event.id);
  }
  return refs;
}

const isEmpty = (refs: Refs): boolean => !refs.outlet && refs.ids.size === 0;

/** The briefings refs point into, in library order (findEntities lists equal names in that order already). */
function briefingsOf(library: Library, scope: Briefing[], refs: Refs): Briefing[] {
  if (refs.outlet) return scope;
  const list = [...refs.ids.keys()];
  for (let i = 1; i < list.length; i++) {
    if (library.positionOf(list[i - 1]!) > library.positionOf(list[i]!)) return list.sort((a, b) => library.positionOf(a) - library.positionOf(b));
  }
  return list;
}

/** Whether refs select a claim of briefing b, by its claimant or by what it is about. */
function selects(refs: Refs, b: Briefing, claim: Claim, how: 'by' | 'about'): boolean {
  // Plain loops: this runs for every claim of every briefing a name reaches, thousands per question.
  const ids = refs.ids.get(b);
  if (how === 'by') return (refs.outlet && claim.claimant === OUTLET) || (ids !== undefined && ids.includes(claim.claimant));
  for (const a of claim.about) if ((refs.outlet && a === OUTLET) || (ids !== undefined && ids.includes(a))) return true;
  return false;
}

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
    let total = 0;
    let sources = 0;
    let disputed = 0;
    if (!aboutRefs && (!byRefs || byRefs.outlet) && library.isWhole(scope)) {
      // Every claim of the library, or every claim of the articles' own analysis (plus those of any entity
      // the words also name): counted once by the library, and only walked until the list is full.
      const totals = library.claimTotals(status, byRefs !== undefined);
      ({ claims: total, claimants: sources, disputed } = totals);
      for (const [b, ids] of byRefs?.ids ?? []) {
        const claimants = new Set<string>();
        for (const claim of b.claims) {
          if (!ids.includes(claim.claimant) || (status && claim.status !== status)) continue;
          total++;
          if (isDisputedStatus(claim.status)) disputed++;
          claimants.add(claim.claimant);
        }
        sources += claimants.size;
      }
      const walk = byRefs && byRefs.ids.size > 0 ? scope : totals.briefings;
      for (const b of walk) {
        if (shown.length >= limit) break;
        for (const claim of b.claims) {
          if (shown.length >= limit) break;
          if ((!status || claim.status === status) && (!byRefs || selects(byRefs, b, claim, 'by'))) shown.push({ briefing: b, claim });
        }
      }
    } else {
      const briefings = byRefs ? briefingsOf(library, scope, byRefs) : aboutRefs ? briefingsOf(library, scope, aboutRefs) : scope;
      const claimants = new Set<string>();
      for (const b of briefings) {
        claimants.clear();
        for (const claim of b.claims) {
          if (status && claim.status !== status) continue;
          if (byRefs && !selects(byRefs, b, claim, 'by')) continue;
          if (aboutRefs && !selects(aboutRefs, b, claim, 'about')) continue;
          total++;
          if (isDisputedStatus(claim.status)) disputed++;
          if (!claimants.has(claim.claimant)) {
            claimants.add(claim.claimant);
            sources++;
          }
          if (shown.length < limit) shown.push({ briefing: b, claim });
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

import { z } from 'zod';
import type { Briefing, Claim } from '../briefing/model.ts';
import { foldName } from '../briefing/names.ts';
import { OUTLET } from '../briefing/schema.ts';
import { claimItem, claimJson } from '../reply/facts.ts';
import { UserError, type Reply, type Section } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption, statusOption, textOption } from './options.ts';
import type { Library } from '../briefing/library.ts';

// Words that name the article's own voice rather than a person in it.
const OUTLET_WORDS = new Set(['outlet', 'article', 'analysis', 'author', 'the article', 'reporter', 'newspaper']);

/** Keys `briefing/id` of what a name refers to: entities, and for `about` also events by title. */
function resolveRefs(library: Library, scope: Briefing[], query: string, withEvents: boolean): Set<string> {
  const keys = new Set<string>();
  if (OUTLET_WORDS.has(foldName(query))) for (const b of scope) keys.add(`${b.id}/${OUTLET}`);
  for (const m of library.findEntities(query, scope)) keys.add(`${m.briefing.id}/${m.entity.id}`);
  if (withEvents) {
    const words = foldName(query).split(' ').filter((w) => w.length > 2);
    for (const b of scope) {
      for (const e of b.events) {
        const title = foldName(e.title);
        if (words.length && words.every((w) => title.includes(w))) keys.add(`${b.id}/${e.id}`);
      }
    }
  }
  return keys;
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
  handler({ by, about, status, briefing }, { library }): Reply {
    const scope = library.scope(briefing);
    let claims: Array<{ briefing: Briefing; claim: Claim }> = scope.flatMap((b) => b.claims.map((claim) => ({ briefing: b, claim })));
    if (by) {
      const keys = resolveRefs(library, scope, by, false);
      if (keys.size === 0) throw new UserError('unknown_name', `No one called "${by}" in the briefings.`, library.suggestNames(by, 3, scope));
      claims = claims.filter(({ briefing: b, claim }) => keys.has(`${b.id}/${claim.claimant}`));
    }
    if (about) {
      const keys = resolveRefs(library, scope, about, true);
      if (keys.size === 0) throw new UserError('unknown_name', `Nothing called "${about}" in the briefings.`, library.suggestNames(about, 3, scope));
      claims = claims.filter(({ briefing: b, claim }) => claim.about.some((a) => keys.has(`${b.id}/${a}`)));
    }
    if (status) claims = claims.filter(({ claim }) => claim.status === status);

    // Group by claimant, in order of first appearance.
    const groups = new Map<string, { title: string; items: Section['items'] }>();
    for (const { briefing: b, claim } of claims) {
      const key = `${b.id}/${claim.claimant}`;
      const group = groups.get(key) ?? { title: library.claimantName(b, claim) + (scope.length > 1 ? ` · ${b.id}` : ''), items: [] };
      group.items.push(claimItem(library, b, claim));
      groups.set(key, group);
    }
    const filters = [by && `by ${by}`, about && `about ${about}`, status && `${status}`].filter(Boolean).join(', ');
    const disputed = claims.filter(({ claim }) => claim.status !== 'unverified' && claim.status !== 'corroborated').length;
    return {
      title: filters ? `Claims (${filters})` : 'Claims',
      intro: claims.length
        ? `${claims.length} claim${claims.length === 1 ? '' : 's'} from ${groups.size} source${groups.size === 1 ? '' : 's'}; ${disputed} disputed, denied or contradicted.`
        : 'No claims match.',
      sections: [...groups.values()],
      data: { claims: claims.map(({ briefing: b, claim }) => claimJson(library, b, claim)) },
    };
  },
});

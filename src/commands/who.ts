import { z } from 'zod';
import type { Entity } from '../briefing/model.ts';
import type { Reply, Section } from '../reply/reply.ts';
import { UserError } from '../reply/reply.ts';
import { citations, claimItem, claimJson, eventItem, eventJson } from '../reply/facts.ts';
import { briefingOption, textOption } from './options.ts';
import { defineCommand } from './command.ts';
import { moreNote } from './select.ts';

const KIND_TITLES: Record<Entity['kind'], string> = {
  person: 'People',
  organisation: 'Organisations',
  group: 'Groups',
  country: 'Countries',
  place: 'Places',
};

/** At most this many entities are described in full for one name. */
const MAX_MATCHES = 5;

export const whoCommand = defineCommand({
  name: 'who',
  description: "Who's who: a person, organisation or place, with what they said and did",
  usage: 'who [name] [briefing:ID]',
  examples: ['who', 'who Shoigu', 'who "French defence minister"'],
  options: z.object({
    name: textOption({ description: 'Person, organisation, group or place (all when left out)', positional: true, autocomplete: 'entity' }),
    briefing: briefingOption(),
  }),
  handler({ name, briefing }, { library, maxItems }): Reply {
    const scope = library.scope(briefing);
    const limit = maxItems ?? Infinity;
    if (!name) {
      const sections: Section[] = [];
      const entities: Array<Record<string, unknown>> = [];
      let total = 0;
      for (const b of scope) {
        total += b.entities.length;
        if (entities.length >= limit) continue;
        for (const kind of Object.keys(KIND_TITLES) as Array<Entity['kind']>) {
          const ofKind = b.entities.filter((e) => e.kind === kind).slice(0, limit - entities.length);
          if (ofKind.length === 0) continue;
          sections.push({
            title: scope.length > 1 ? `${KIND_TITLES[kind]} · ${b.id}` : KIND_TITLES[kind],
            items: ofKind.map((e) => ({ text: e.role ? `${e.name}: ${e.role}` : e.name, citations: citations(b, e.evidence) })),
          });
          for (const e of ofKind) entities.push({ name: e.name, kind: e.kind, role: e.role ?? null, aliases: e.aliases, briefing: b.id });
        }
      }
      return {
        title: "Who's who",
        intro: `${total.toLocaleString('en')} names in ${scope.length.toLocaleString('en')} briefing${scope.length === 1 ? '' : 's'}`,
        sections,
        footer: moreNote(entities.length, total, 'name', 'ask for one (who NAME) or narrow with briefing:ID'),
        data: { entities, total },
      };
    }
    const { matches: shown, total: matched } = library.findEntitiesTop(name, MAX_MATCHES, scope);
    if (matched === 0) {
      throw new UserError('unknown_name', `No one called "${name}" in the briefings.`, library.suggestNames(name, 3, scope));
    }
    const sections: Section[] = [];
    const data = shown.map(({ briefing: b, entity }) => {
      const said = b.claims.filter((c) => c.claimant === entity.id);
      const did = library.eventsOf(b, entity.id).map((p) => p.event);
      const about = b.claims.filter((c) => c.claimant !== entity.id && c.about.includes(entity.id));
      const heading = [entity.name, entity.role].filter(Boolean).join(' · ');
      const facts = [
        `Kind: ${entity.kind}`,
        entity.affiliation ? `Affiliation: ${library.nameOf(b, entity.affiliation)}` : undefined,
        entity.aliases.length ? `Also called: ${entity.aliases.join(', ')}` : undefined,
        `Briefing: ${b.id}`,
      ].filter((x): x is string => x !== undefined);
      sections.push({ title: shown.length === 1 ? 'Profile' : heading, items: [{ text: facts.join(' · '), citations: citations(b, entity.evidence) }] });
      if (said.length) sections.push({ title: `What ${entity.name} said`, items: said.map((c) => claimItem(library, b, c)) });
      if (did.length) sections.push({ title: `What ${entity.name} did`, items: did.map((e) => eventItem(library, b, e)) });
      if (about.length) sections.push({ title: `What others claimed about ${entity.name}`, items: about.map((c) => claimItem(library, b, c, { withClaimant: true })) });
      return {
        name: entity.name,
        kind: entity.kind,
        role: entity.role ?? null,
        aliases: entity.aliases,
        affiliation: entity.affiliation ? library.nameOf(b, entity.affiliation) : null,
        briefing: b.id,
        claims: said.map((c) => claimJson(library, b, c)),
        events: did.map((e) => eventJson(library, b, e)),
        claimed_about: about.map((c) => claimJson(library, b, c)),
      };
    });
    const more =
      matched > shown.length
        ? `${(matched - shown.length).toLocaleString('en')} more match "${name}"; be more specific${scope.length > 1 ? ' or narrow with briefing:ID' : ''}.`
        : undefined;
    return {
      title: shown.length === 1 ? shown[0]!.entity.name : `${shown.length} matches for "${name}"`,
      intro: shown.length === 1 ? (shown[0]!.entity.role ?? undefined) : shown.map((m) => m.entity.name).join(', '),
      sections,
      footer: more,
      data: { matches: data },
    };
  },
});

import { z } from 'zod';
import type { Briefing } from '../briefing/model.ts';
import { formatHuman, formatIso } from '../briefing/partial-date.ts';
import { citations, evidenceJson } from '../reply/facts.ts';
import type { Reply, Section } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption } from './options.ts';
import { moreNote } from './select.ts';

export function briefingCounts(b: Briefing): Record<string, number> {
  return {
    entities: b.entities.length,
    events: b.events.length,
    claims: b.claims.length,
    disputed_claims: b.claims.filter((c) => c.status !== 'unverified' && c.status !== 'corroborated').length,
  };
}

export function sourceLine(b: Briefing): string {
  const published = b.source.published ? formatHuman(b.source.published) : 'publication date unknown';
  return `${b.source.outlet ?? 'Source unknown'} · ${published}`;
}

export const briefCommand = defineCommand({
  name: 'brief',
  description: 'The summary of a briefing, with counts of what it holds',
  usage: 'brief [briefing]',
  examples: ['brief', 'brief shoigu-lecornu-call'],
  options: z.object({
    briefing: briefingOption().meta({ description: 'Briefing id (all briefings when left out)', positional: true, autocomplete: 'briefing' }),
  }),
  handler({ briefing }, { library, maxItems }): Reply {
    const all = library.scope(briefing);
    // Whole briefings only, until the reply's item budget is spent (at least one).
    const limit = maxItems ?? Infinity;
    let items = 0;
    const scope: Briefing[] = [];
    for (const b of all) {
      if (scope.length > 0 && items + b.summary.length + 2 > limit) break;
      scope.push(b);
      items += b.summary.length + 2;
    }
    const sections: Section[] = scope.map((b) => {
      const n = briefingCounts(b);
      return {
        title: `${b.title} (${b.id})`,
        items: [
          { text: sourceLine(b), citations: [] },
          ...b.summary.map((s) => ({ text: s.text, citations: citations(b, s.evidence) })),
          { text: `${n.entities} names · ${n.events} events · ${n.claims} claims (${n.disputed_claims} disputed, denied or contradicted)`, citations: [] },
        ],
      };
    });
    return {
      title: all.length === 1 ? all[0]!.title : `${all.length.toLocaleString('en')} briefings`,
      sections,
      footer: moreNote(scope.length, all.length, 'briefing', 'name one (brief ID) or list them (briefings)'),
      data: {
        total: all.length,
        briefings: scope.map((b) => ({
          id: b.id,
          title: b.title,
          source: b.source.outlet ?? null,
          published: b.source.published ? formatIso(b.source.published) : null,
          summary: b.summary.map((s) => ({ text: s.text, evidence: evidenceJson(b, s.evidence) })),
          counts: briefingCounts(b),
        })),
      },
    };
  },
});

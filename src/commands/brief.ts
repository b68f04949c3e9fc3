import { z } from 'zod';
import type { Briefing } from '../briefing/model.ts';
import { formatHuman, formatIso } from '../briefing/partial-date.ts';
import { citations, evidenceJson } from '../reply/facts.ts';
import type { Reply, Section } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption } from './options.ts';

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
  handler({ briefing }, { library }): Reply {
    const scope = library.scope(briefing);
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
      title: scope.length === 1 ? scope[0]!.title : `${scope.length} briefings`,
      sections,
      data: {
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

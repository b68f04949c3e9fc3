import { z } from 'zod';
import { formatBriefingError } from '../briefing/model.ts';
import { formatIso } from '../briefing/partial-date.ts';
import type { Reply } from '../reply/reply.ts';
import { briefingCounts, sourceLine } from './brief.ts';
import { defineCommand } from './command.ts';
import { moreNote } from './select.ts';

export const briefingsCommand = defineCommand({
  name: 'briefings',
  description: 'List the briefings the bot knows',
  usage: 'briefings',
  options: z.object({}),
  handler(_options, { library, maxItems }): Reply {
    const all = library.briefings;
    const list = all.slice(0, maxItems ?? Infinity);
    const sections = [{ items: list.map((b) => ({ label: b.id, text: `${b.title} (${sourceLine(b)})`, citations: [] })) }];
    if (library.errors.length) {
      sections.push({
        items: library.errors.slice(0, 10).map((e) => ({ label: 'not loaded', text: formatBriefingError(e), citations: [] })),
      });
    }
    return {
      title: 'Briefings',
      intro: `${all.length.toLocaleString('en')} briefing${all.length === 1 ? '' : 's'}${library.errors.length ? `; ${library.errors.length} problem${library.errors.length === 1 ? '' : 's'} in files that were not loaded` : ''}`,
      sections,
      footer: moreNote(list.length, all.length, 'briefing', 'find one with brief ID, or list them all with the CLI (briefing briefings)'),
      data: {
        total: all.length,
        briefings: list.map((b) => ({
          id: b.id,
          title: b.title,
          source: b.source.outlet ?? null,
          published: b.source.published ? formatIso(b.source.published) : null,
          tags: b.tags,
          counts: briefingCounts(b),
        })),
        errors: library.errors,
      },
    };
  },
});

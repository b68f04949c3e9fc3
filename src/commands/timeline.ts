import { z } from 'zod';
import { chronological } from '../briefing/chronology.ts';
import { formatHuman, overlaps, parsePartialDate, type PartialDate } from '../briefing/partial-date.ts';
import { eventItem, eventJson } from '../reply/facts.ts';
import { UserError, type Reply } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption, textOption } from './options.ts';

function dateBound(value: string | undefined, name: string): PartialDate | undefined {
  if (value === undefined) return undefined;
  const date = parsePartialDate(value);
  if (!date) throw new UserError('invalid_date', `${name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not "${value}".`);
  return date;
}

export const timelineCommand = defineCommand({
  name: 'timeline',
  description: 'Dated events in order, each date at the precision the article gives',
  usage: 'timeline [actor] [from:YYYY[-MM[-DD]]] [to:YYYY[-MM[-DD]]] [briefing:ID]',
  examples: ['timeline', 'timeline Shoigu', 'timeline from:2022 to:2022-12'],
  options: z.object({
    actor: textOption({ description: 'Only events involving this person, organisation or place', positional: true, autocomplete: 'entity' }),
    from: textOption({ description: 'Earliest date, YYYY, YYYY-MM or YYYY-MM-DD' }, 10),
    to: textOption({ description: 'Latest date, YYYY, YYYY-MM or YYYY-MM-DD' }, 10),
    briefing: briefingOption(),
  }),
  handler({ actor, from, to, briefing }, { library }): Reply {
    const scope = library.scope(briefing);
    const fromDate = dateBound(from, 'from');
    const toDate = dateBound(to, 'to');
    let events = chronological(scope);
    if (actor) {
      const matches = library.findEntities(actor, scope);
      if (matches.length === 0) throw new UserError('unknown_name', `No one called "${actor}" in the briefings.`, library.suggestNames(actor, 3, scope));
      const ids = new Set(matches.map((m) => `${m.briefing.id}/${m.entity.id}`));
      events = events.filter(({ briefing: b, event }) => [...event.actors, ...(event.place ? [event.place] : [])].some((a) => ids.has(`${b.id}/${a}`)));
    }
    let undatedHidden = 0;
    if (fromDate || toDate) {
      events = events.filter(({ event }) => {
        if (!event.date) {
          undatedHidden++;
          return false;
        }
        return overlaps(event.date, fromDate, toDate);
      });
    }
    const range = [fromDate && `from ${formatHuman(fromDate)}`, toDate && `to ${formatHuman(toDate)}`].filter(Boolean).join(' ');
    const items = events.map(({ briefing: b, event }) => eventItem(library, b, event));
    const footer = [
      undatedHidden ? `${undatedHidden} undated event${undatedHidden === 1 ? '' : 's'} left out by the date range.` : undefined,
      'Dates are shown at the precision the article gives; "inferred" dates are not stated in the article.',
    ].filter(Boolean).join(' ');
    return {
      title: actor ? `Timeline: ${actor}` : 'Timeline',
      intro: events.length ? `${events.length} event${events.length === 1 ? '' : 's'}${range ? ` ${range}` : ''}` : `No events${range ? ` ${range}` : ''}${actor ? ` involving ${actor}` : ''}.`,
      sections: items.length ? [{ items }] : [],
      footer,
      data: { events: events.map(({ briefing: b, event }) => eventJson(library, b, event)) },
    };
  },
});

import { z } from 'zod';
import { chronological, eventOrder, type PlacedEvent } from '../briefing/chronology.ts';
import { dateInterval, formatHuman, parsePartialDate, type PartialDate } from '../briefing/partial-date.ts';
import { eventItem, eventJson } from '../reply/facts.ts';
import { UserError, type Reply } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption, textOption } from './options.ts';
import { moreNote } from './select.ts';

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
  handler({ actor, from, to, briefing }, { library, maxItems }): Reply {
    const scope = library.scope(briefing);
    const fromDate = dateBound(from, 'from');
    const toDate = dateBound(to, 'to');
    const limit = maxItems ?? Infinity;
    let events: PlacedEvent[];
    let total: number;
    let undatedHidden = 0;
    const fromDay = fromDate && dateInterval(fromDate)[0];
    const toDay = toDate && dateInterval(toDate)[1];
    const inRange = (p: PlacedEvent): boolean => {
      if (p.start === undefined) {
        undatedHidden++;
        return false;
      }
      return (fromDay === undefined || p.end! >= fromDay) && (toDay === undefined || p.start <= toDay);
    };
    if (actor) {
      const matches = library.matchedEntities(actor, scope).entities;
      if (matches.length === 0) throw new UserError('unknown_name', `No one called "${actor}" in the briefings.`, library.suggestNames(actor, 3, scope));
      // The matching entities' events, straight from the library's index; an event two of them share counts once.
      ({ total, events, undated: undatedHidden } = library.eventsInvolving(matches, fromDay, toDay, limit));
    } else if (library.isWhole(scope) && (fromDate || toDate)) {
      const between = library.eventsBetween(fromDay, toDay, limit);
      ({ total, events, undated: undatedHidden } = between);
    } else {
      const ordered = scope.length === 1 ? eventOrder(scope[0]!) : library.isWhole(scope) ? library.chronology() : chronological(scope);
      if (fromDate || toDate) {
        events = [];
        total = 0;
        for (const p of ordered) {
          if (!inRange(p)) continue;
          total++;
          if (events.length < limit) events.push(p);
        }
      } else {
        total = ordered.length;
        events = ordered.slice(0, limit);
      }
    }
    const range = [fromDate && `from ${formatHuman(fromDate)}`, toDate && `to ${formatHuman(toDate)}`].filter(Boolean).join(' ');
    const items = events.map(({ briefing: b, event }) => eventItem(library, b, event));
    const footer = [
      moreNote(events.length, total, 'event', `narrow with ${[!actor && 'a name', !(fromDate || toDate) && 'from:/to:', scope.length > 1 && 'briefing:ID'].filter(Boolean).join(', ') || 'a shorter date range'}`),
      undatedHidden ? `${undatedHidden} undated event${undatedHidden === 1 ? '' : 's'} left out by the date range.` : undefined,
      'Dates are shown at the precision the article gives; "inferred" dates are not stated in the article.',
    ].filter(Boolean).join(' ');
    return {
      title: actor ? `Timeline: ${actor}` : 'Timeline',
      intro: total ? `${total.toLocaleString('en')} event${total === 1 ? '' : 's'}${range ? ` ${range}` : ''}` : `No events${range ? ` ${range}` : ''}${actor ? ` involving ${actor}` : ''}.`,
      sections: items.length ? [{ items }] : [],
      footer,
      data: { events: events.map(({ briefing: b, event }) => eventJson(library, b, event)), total },
    };
  },
});

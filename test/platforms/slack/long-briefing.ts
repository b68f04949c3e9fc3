/** A briefing with many dated events, built through the real loader: long enough to need several pages. */
import { Library } from '../../../src/briefing/library.ts';
import { buildBriefing } from '../../../src/briefing/load.ts';
import { seedLibrary } from '../../helpers.ts';

export const LONG_ID = 'long-council-record';

export function longBriefingLibrary(events = 60): Library {
  const sentences = Array.from({ length: events }, (_, i) => `In ${1950 + i}, the city council held its session number ${i + 1} and voted on the harbour budget after a long debate.`);
  const article = ['title: The council record', 'source: unknown', 'published: unknown', '', ...sentences.map((s) => `${s}\n`)].join('\n');
  const yaml = [
    'summary:',
    '  - text: The council met every year.',
    `    evidence: [${JSON.stringify(sentences[0])}]`,
    'events:',
    ...sentences.map((s, i) =>
      [`  - id: session-${i + 1}`, `    title: Council session ${i + 1} votes on the harbour budget`, `    date: ${1950 + i}`, '    date_basis: stated', `    evidence: [${JSON.stringify(s)}]`].join('\n'),
    ),
  ].join('\n');
  const { briefing, errors } = buildBriefing(LONG_ID, article, yaml);
  if (!briefing) throw new Error(`fixture does not load: ${JSON.stringify(errors)}`);
  return new Library([...seedLibrary().briefings, briefing]);
}

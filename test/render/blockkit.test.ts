import { describe, expect, it } from 'vitest';
import { PAGE_ACTIONS, renderSlackMessages, renderSlackPage, type SlackBlock } from '../../src/render/blockkit.ts';
import { clipEscaped, escapeSlack, slackText } from '../../src/render/slack-text.ts';
import { errorReply, type Reply } from '../../src/reply/reply.ts';
import { seedCore } from '../helpers.ts';
import { slackLimitViolations } from './blockkit-limits.ts';

function texts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text.text];
    if (b.type === 'section') return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.map((e) => ('text' in e ? e.text : ''));
    return [];
  });
}

describe('Slack text', () => {
  it('escapes the three control characters and breaks broadcast words', () => {
    expect(escapeSlack('a & b <!channel> <@U1> c > d')).toBe('a &amp; b &lt;!channel&gt; &lt;@U1&gt; c &gt; d');
    expect(escapeSlack('hi @here and @Everyone')).toBe('hi @\u2060here and @\u2060Everyone');
    expect(escapeSlack('bidi \u202e and nul \u0000 gone')).toBe('bidi  and nul  gone');
  });

  it('clips without cutting an entity or a surrogate pair', () => {
    const escaped = escapeSlack('ab&cd');
    expect(escaped).toBe('ab&amp;cd');
    expect(clipEscaped(escaped, 6)).toBe('ab…');
    expect(clipEscaped(escapeSlack('x😀y'), 3)).toBe('x…');
    expect(slackText('short', 10)).toBe('short');
    expect(slackText('one two three four five', 16, { atWord: true })).toBe('one two three…');
  });
});

describe('Block Kit rendering of the seed replies', () => {
  const core = seedCore();

  it('draws who Shoigu: header, intro, section titles, items with their citations', async () => {
    const [message, ...more] = renderSlackMessages(await core.runLine('who Shoigu', { platform: 'slack' }));
    expect(more).toEqual([]);
    expect(message!.text).toBe('Sergei Shoigu · Russian Defense Minister');
    expect(message!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Sergei Shoigu', emoji: true } });
    const all = texts(message!.blocks);
    expect(all).toContain('*What Sergei Shoigu said*');
    expect(all).toContain('*warning · unverified*  Shoigu warned Lecornu against deploying French troops to Ukraine.');
    expect(all).toContain('¶1 · “In a rare phone call, Russian Defense Minister Sergei Shoigu warned his French counterpart, Sébastien Lecornu, against deploying troops to Ukraine.”');
    expect(slackLimitViolations(message!)).toEqual([]);
  });

  it('shows notes under an item', async () => {
    const [message] = renderSlackMessages(await core.runLine('timeline', { platform: 'slack' }));
    expect(texts(message!.blocks).some((t) => t.startsWith('*March 2022*  Negotiations in Istanbul') && t.includes('\n↳ Actors: Russia, Ukraine'))).toBe(true);
  });

  it('draws every command of the registry within the limits', async () => {
    for (const line of ['who', 'who Shoigu', 'timeline', 'claims', 'claims status:disputed', 'brief', 'briefings', 'help', 'help claims', 'who Nobody']) {
      for (const m of renderSlackMessages(await core.runLine(line, { platform: 'slack' }), (i) => `p${i}`)) expect(slackLimitViolations(m), line).toEqual([]);
    }
  });
});

describe('Block Kit rendering', () => {
  const cite = (briefing: string, paragraph: number, text: string) => ({ briefing, sentence: 1, paragraph, text });

  it('names the briefing in citations only when a reply cites several', () => {
    const one: Reply = { title: 'T', sections: [{ items: [{ text: 'a', citations: [cite('b1', 2, 'Said so.')] }] }], data: {} };
    expect(texts(renderSlackMessages(one)[0]!.blocks)).toContain('¶2 · “Said so.”');
    const two: Reply = { ...one, sections: [{ items: [...one.sections[0]!.items, { text: 'b', citations: [cite('b2', 5, 'Other.')] }] }] };
    expect(texts(renderSlackMessages(two)[0]!.blocks)).toContain('b2 ¶5 · “Other.”');
  });

  it('shows at most ten citations per item, saying how many more there are', () => {
    const citations = Array.from({ length: 14 }, (_, i) => cite('b', i + 1, `Sentence ${i + 1}.`));
    const [message] = renderSlackMessages({ title: 'T', sections: [{ items: [{ text: 'x', citations }] }], data: {} });
    const context = message!.blocks.find((b) => b.type === 'context');
    expect(context?.type === 'context' && context.elements).toHaveLength(10);
    expect(texts(message!.blocks)).toContain('+5 more cited sentences');
  });

  it('renders errors privately-shaped: message, suggestions, usage; no header', () => {
    const [message] = renderSlackMessages(errorReply({ code: 'unknown_name', message: 'No one called "<!here>".', suggestions: ['Shoigu'], usage: '/brief who [name]' }));
    expect(message!.text).toBe('Error: No one called "&lt;!here&gt;".');
    expect(texts(message!.blocks)).toEqual([':warning: No one called "&lt;!here&gt;".', 'Did you mean *Shoigu*?', 'Usage: /brief who [name]']);
  });

  it('keeps empty titled sections visible and drops empty untitled ones', () => {
    const [message] = renderSlackMessages({ title: 'T', sections: [{ title: 'Nothing here', items: [] }, { items: [] }], data: {} });
    expect(texts(message!.blocks)).toEqual(['T', '*Nothing here*', '(none)']);
  });

  it('puts at most ten fields in a section, saying how many are left out', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const [message] = renderSlackMessages({ title: 'T', fields, sections: [], data: {} });
    const section = message!.blocks.find((b) => b.type === 'section' && b.fields);
    expect(section?.type === 'section' && section.fields?.map((f) => f.text)).toEqual([...fields.slice(0, 9).map((f) => `*${f.label}*\n${f.value}`), '_3 more not shown_']);
  });

  it('pages a long reply, clamps the page asked for, and omits buttons it cannot encode', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ label: `${1900 + i}`, text: `Event number ${i + 1}`, citations: [cite('b', i, 'x'.repeat(200))] }));
    const reply: Reply = { title: 'Long', intro: 'Sixty events', sections: [{ items }], footer: 'End.', data: {} };
    const last = renderSlackPage(reply, 99, (i) => `to:${i}`);
    expect(last.index).toBe(last.count - 1);
    expect(last.count).toBeGreaterThan(2);
    expect(texts(last.message.blocks)).toContain(`End.`);
    const tooLong = renderSlackPage(reply, 0, () => 'v'.repeat(5000));
    expect(tooLong.message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(texts(tooLong.message.blocks).at(-1)).toBe(`Page 1 of ${tooLong.count} · narrow the command to see the rest`);
    const middle = renderSlackPage(reply, 1, (i) => `to:${i}`).message.blocks.at(-1);
    expect(middle?.type === 'actions' && middle.elements.map((e) => (e.type === 'button' ? [e.action_id, e.value] : []))).toEqual([
      [PAGE_ACTIONS.previous, 'to:0'],
      [PAGE_ACTIONS.next, 'to:2'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/commands/command.ts';
import { appliesTo, describeOptions } from '../../src/commands/command.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { seedCore, SEED_ID } from '../helpers.ts';

const caller: Caller = { platform: 'console' };
const core = seedCore();
const run = (name: string, options: Record<string, unknown> = {}) => core.run(name, options, caller);
const line = (text: string) => core.runLine(text, caller);

describe('who', () => {
  it('describes Lecornu: role, what he said and did, with the sentences they come from', async () => {
    const reply = await run('who', { name: 'Lecornu' });
    const [match] = (reply.data as { matches: Array<Record<string, any>> }).matches;
    expect(match).toMatchObject({ name: 'Sébastien Lecornu', kind: 'person', briefing: SEED_ID });
    expect(match!.role).toMatch(/French Defence Minister/);
    expect(match!.claims.map((c: { kind: string }) => c.kind)).toEqual(['denial']);
    expect(match!.claims[0].evidence[0].text).toMatch(/^The Russian Defense Ministry’s version of the call indicated Lecornu’s denial/);
    expect(match!.events.map((e: { title: string }) => e.title)).toEqual(expect.arrayContaining([expect.stringMatching(/condolences/)]));
    expect(match!.claimed_about.length).toBeGreaterThan(0);
    expect(reply.sections.map((s) => s.title)).toEqual(['Profile', 'What Sébastien Lecornu said', 'What Sébastien Lecornu did', 'What others claimed about Sébastien Lecornu']);
    expect(reply.sections.every((s) => s.items.every((i) => i.citations.length > 0))).toBe(true);
  });

  it("lists who's who without a name", async () => {
    const reply = await run('who');
    const entities = reply.data.entities as Array<{ name: string }>;
    expect(entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Sergei Shoigu', 'Sébastien Lecornu', 'Emmanuel Macron', 'NATO']));
    expect(reply.sections.map((s) => s.title)).toEqual(['People', 'Organisations', 'Groups', 'Countries', 'Places']);
  });

  it('answers an unknown name with suggestions', async () => {
    const reply = await run('who', { name: 'Makron' });
    expect(reply.data.matches).toBeDefined();
    const unknown = await run('who', { name: 'Emanuel Makronski' });
    expect(unknown.error?.code).toBe('unknown_name');
    expect((await run('who', { name: 'Lecornou' })).data.matches).toBeDefined();
    const putin = await run('who', { name: 'Putin' });
    expect(putin.error).toMatchObject({ code: 'unknown_name', message: 'No one called "Putin" in the briefings.' });
  });
});

describe('timeline', () => {
  it('is chronological with honest precision', async () => {
    const reply = await run('timeline');
    const events = reply.data.events as Array<{ date: string | null; precision: string | null; title: string; date_basis: string | null }>;
    const dated = events.filter((e) => e.date !== null).map((e) => e.date);
    expect(dated).toEqual(['2022-03', '2022-10', '2024-02', '2024-03-22']);
    expect(events.find((e) => e.date === '2022-03')!.precision).toBe('month');
    expect(events.find((e) => e.date === '2024-03-22')!.date_basis).toBe('inferred');
    const labels = reply.sections[0]!.items.map((i) => i.label);
    expect(labels).toEqual(['March 2022', 'undated', 'October 2022', 'February 2024 (inferred)', 'undated', '22 March 2024 (inferred)', 'undated', 'undated']);
    expect(events.at(-2)!.title).toMatch(/speak by phone/);
  });

  it('filters by actor and date range, saying what undated events it left out', async () => {
    const shoigu = await run('timeline', { actor: 'Shoigu' });
    expect((shoigu.data.events as unknown[]).length).toBe(2);
    const in2022 = await run('timeline', { from: '2022', to: '2022-12' });
    expect((in2022.data.events as Array<{ date: string }>).map((e) => e.date)).toEqual(['2022-03', '2022-10']);
    expect(in2022.footer).toMatch(/4 undated events left out/);
    expect((await run('timeline', { from: 'March 2022' })).error?.code).toBe('invalid_date');
  });
});

describe('claims', () => {
  it('lists Shoigu’s warning, accusation and "Western handlers" remark with statuses', async () => {
    const reply = await run('claims', { by: 'Shoigu' });
    const claims = reply.data.claims as Array<{ claimant: string; kind: string; status: string; quote: string | null }>;
    expect(new Set(claims.map((c) => c.claimant))).toEqual(new Set(['Sergei Shoigu']));
    expect(claims.map((c) => c.kind)).toEqual(expect.arrayContaining(['warning', 'accusation']));
    expect(claims.find((c) => c.quote?.includes('Western handlers'))).toMatchObject({ kind: 'accusation', status: 'unverified' });
    expect(claims.find((c) => c.kind === 'accusation' && c.status === 'disputed')).toBeDefined();
    expect(reply.sections).toHaveLength(1);
    expect(reply.sections[0]!.title).toBe('Sergei Shoigu');
  });

  it('groups by claimant and keeps the outlet’s analysis apart', async () => {
    const reply = await run('claims');
    const titles = reply.sections.map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['Sergei Shoigu', 'Sébastien Lecornu', "The article's analysis", 'Russian officials']));
    expect(new Set(titles).size).toBe(titles.length);
    const analysis = await run('claims', { by: 'analysis' });
    expect((analysis.data.claims as Array<{ kind: string }>).every((c) => c.kind === 'analysis')).toBe(true);
  });

  it('filters by what a claim is about and by status, and shows what disputes it', async () => {
    const attack = await run('claims', { about: 'concert hall attack', status: 'disputed' });
    const claims = attack.data.claims as Array<{ id: string; disputed_by: Array<{ text: string }> }>;
    expect(claims.map((c) => c.id)).toContain('shoigu-ukrainian-connection');
    expect(claims[0]!.disputed_by[0]!.text).toMatch(/Islamic State/);
    expect(attack.sections[0]!.items[0]!.notes!.some((n) => n.startsWith('Disputed by:'))).toBe(true);
    expect((await run('claims', { status: 'rumour' })).error).toMatchObject({ code: 'invalid_options' });
  });
});

describe('brief, briefings, help', () => {
  it('summarises the briefing with cited sentences and counts', async () => {
    const reply = await run('brief', { briefing: SEED_ID });
    const [b] = reply.data.briefings as Array<{ summary: Array<{ evidence: unknown[] }>; counts: Record<string, number> }>;
    expect(b!.summary.length).toBeGreaterThanOrEqual(2);
    expect(b!.summary.every((s) => s.evidence.length > 0)).toBe(true);
    expect(b!.counts.claims).toBeGreaterThan(10);
    expect((await run('brief', { briefing: 'shoigu-lecornu' })).error).toMatchObject({ code: 'unknown_briefing', suggestions: [SEED_ID] });
  });

  it('lists briefings and explains commands', async () => {
    expect((await run('briefings')).data.briefings).toHaveLength(1);
    const help = await line('/help claims');
    expect(help.fields?.[0]!.value).toBe('claims [by] [about:NAME] [status:STATUS] [briefing:ID]');
    expect((await line('/help whoo')).error?.suggestions).toEqual(['who']);
  });
});

describe('text input', () => {
  it('parses name:value, quoted values and --flags', async () => {
    const reply = await line('/claims Shoigu about:"concert hall attack" --status disputed');
    expect(reply.error).toBeUndefined();
    expect((reply.data.claims as unknown[]).length).toBe(2);
  });

  it('answers unknown commands with suggestions and bad options with usage', async () => {
    expect((await line('/timelin')).error).toMatchObject({ code: 'unknown_command', suggestions: ['timeline'] });
    const bad = await line('/who Shoigu name:Lecornu');
    expect(bad.error?.code).toBe('invalid_options');
    expect(bad.error?.usage).toBe('who [name] [briefing:ID]');
    expect((await line('/briefings extra words')).error?.message).toMatch(/takes no free text/);
  });

  it('refuses over-long input plainly and treats empty text as absent', async () => {
    const long = await run('who', { name: 'x'.repeat(10_000) });
    expect(long.error).toMatchObject({ code: 'invalid_options', message: 'name is too long (at most 200 characters).' });
    expect((await run('who', { name: '   ' })).title).toBe("Who's who");
    expect((await line('')).error?.code).toBe('unknown_command');
  });

  it('strips control characters and keeps mention syntax as inert text', async () => {
    const reply = await run('who', { name: 'Sho\u0000igu\u001b[31m' });
    expect(reply.error?.message).not.toMatch(/[\u0000-\u001f]/);
    const mention = await run('who', { name: '@everyone <!channel> <@U123>' });
    expect(mention.error?.code).toBe('unknown_name');
    expect(mention.error?.message).toContain('@everyone <!channel> <@U123>');
  });

  it('rejects options a command does not have, typed or not', async () => {
    expect((await run('who', { colour: 'red' })).error?.code).toBe('invalid_options');
  });
});

describe('command definitions', () => {
  it('describe their options for platform generators from the zod schemas', () => {
    const claims = COMMANDS.find((c) => c.name === 'claims')!;
    const specs = describeOptions(claims);
    expect(specs.map((s) => s.name)).toEqual(['by', 'about', 'status', 'briefing']);
    expect(specs[0]).toMatchObject({ positional: true, type: 'string', maxLength: 200, required: false, autocomplete: 'claimant' });
    expect(specs[2]!.choices).toEqual(['unverified', 'disputed', 'denied', 'contradicted', 'corroborated']);
    for (const c of COMMANDS) {
      expect(c.name).toMatch(/^[a-z][a-z-]{0,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      // At most one option takes the bare words, per subcommand when the command has subcommands.
      const specs = describeOptions(c);
      const subcommands = specs.find((s) => s.subcommand)?.choices ?? [undefined];
      for (const sub of subcommands) expect(specs.filter((s) => s.positional && !s.subcommand && appliesTo(s, sub)).length).toBeLessThanOrEqual(1);
    }
  });
});

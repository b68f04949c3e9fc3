import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/briefing/library.ts';
import { runCli } from '../../src/cli/main.ts';
import { createCore } from '../../src/core.ts';
import { runIngest } from '../../src/ingest/cli.ts';
import { MAX_ARTICLE_BYTES } from '../../src/ingest/input.ts';
import { FIXTURES_DIR } from '../helpers.ts';

const CORPUS = join(FIXTURES_DIR, 'ingest-gold');
const ISTANBUL = join(CORPUS, '03-istanbul-bomber-registered.txt');

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, out, err };
}

describe('briefing ingest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract', async () => {
    const c = capture();
    expect(await runCli(['ingest', ISTANBUL, '--json'], c.io)).toBe(0);
    const draft = JSON.parse(c.out.join('\n'));
    expect(Object.keys(draft)).toEqual(['id', 'title', 'published', 'entities', 'events', 'claims']);
    expect(draft.published).toBe('2016-01-13');
    expect(Object.keys(draft.entities[0])).toEqual(['id', 'name', 'kind', 'aliases', 'role']);
    expect(draft.events[0]).toEqual(expect.objectContaining({ date: expect.any(String), precision: expect.any(String), title: expect.any(String), actors: expect.any(Array), evidence: expect.any(String) }));
    expect(draft.claims[0]).toEqual(expect.objectContaining({ claimant: expect.any(String), kind: expect.any(String), text: expect.any(String), evidence: expect.any(String) }));
    expect(draft.claims[0]).toHaveProperty('quote');
  });

  it('--write creates a briefing that validate accepts and that who, timeline and claims serve', async () => {
    const c = capture();
    expect(await runCli(['ingest', ISTANBUL, '--write', '--id', 'istanbul', '--briefings', dir], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/Wrote .*istanbul/);
    expect(readdirSync(dir)).toEqual(['istanbul']);
    expect(readdirSync(join(dir, 'istanbul')).sort()).toEqual(['article.md', 'briefing.yaml']);

    const v = capture();
    expect(await runCli(['validate', '--briefings', dir], v.io)).toBe(0);
    expect(v.out.join('\n')).toContain('1 briefing(s) valid, 0 problem(s)');

    const core = createCore(Library.load(dir));
    const who = await core.run('who', { name: 'Ala' }, { platform: 'cli' });
    expect(who.error).toBeUndefined();
    const ala = (who.data as { matches: Array<{ name: string; role: string; claims: unknown[]; events: unknown[] }> }).matches[0]!;
    expect(ala.name).toBe('Efkan Ala');
    expect(ala.role).toBe('Interior Minister');
    expect(ala.claims.length).toBeGreaterThanOrEqual(5);

    const timeline = await core.run('timeline', {}, { platform: 'cli' });
    const events = (timeline.data as { events: Array<{ date: string; precision: string; date_basis: string; date_note: string }> }).events;
    expect(events.map((e) => e.date)).toContain('2016-01-12');
    expect(events.find((e) => e.date === '1988')).toMatchObject({ precision: 'year', date_basis: 'stated' });
    expect(events.find((e) => e.date === '2016-01-12')!.date_note).toMatch(/on Tuesday/);

    const claims = await core.run('claims', { by: 'De Maiziere' }, { platform: 'cli' });
    const byDeMaiziere = (claims.data as { claims: Array<{ claimant: string; quote: string | null }> }).claims;
    expect(byDeMaiziere.length).toBeGreaterThanOrEqual(3);
    expect(byDeMaiziere.every((x) => x.claimant === 'Thomas de Maiziere')).toBe(true);
    expect(byDeMaiziere.some((x) => x.quote?.includes('Germany and Turkey are becoming even closer'))).toBe(true);
  });

  it('writes every corpus article and the seed as a valid briefing', async () => {
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.txt'))) {
      const c = capture();
      expect(await runCli(['ingest', join(CORPUS, file), '--write', '--briefings', dir], c.io), c.err.join('\n')).toBe(0);
    }
    const library = Library.load(dir);
    expect(library.errors).toEqual([]);
    expect(library.briefings).toHaveLength(5);
  });

  it('refuses to overwrite a briefing unless --force', async () => {
    const c = capture();
    expect(await runCli(['ingest', ISTANBUL, '--write', '--id', 'x', '--briefings', dir], c.io)).toBe(0);
    writeFileSync(join(dir, 'x', 'briefing.yaml'), '# edited by hand\n' + readFileSync(join(dir, 'x', 'briefing.yaml'), 'utf8'));
    const again = capture();
    expect(await runCli(['ingest', ISTANBUL, '--write', '--id', 'x', '--briefings', dir], again.io)).toBe(1);
    expect(again.err.join('\n')).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(dir, 'x', 'briefing.yaml'), 'utf8')).toMatch(/^# edited by hand/);
    expect(await runCli(['ingest', ISTANBUL, '--write', '--id', 'x', '--force', '--briefings', dir], capture().io)).toBe(0);
    expect(readFileSync(join(dir, 'x', 'briefing.yaml'), 'utf8')).not.toMatch(/edited by hand/);
    expect(readdirSync(dir)).toEqual(['x']);
  });

  it('reads standard input and takes --published', async () => {
    const c = capture();
    const text = 'Foreign Minister Jane Roe said on Monday that talks would resume.\n';
    expect(await runIngest({ json: true, help: false, rest: [] }, ['-', '--published', '2024-05-08'], c.io, Readable.from([Buffer.from(text)]))).toBe(0);
    const draft = JSON.parse(c.out.join('\n'));
    expect(draft.published).toBe('2024-05-08');
    expect(draft.events[0].date).toBe('2024-05-06');
    expect(draft.claims[0].claimant).toBe('Jane Roe');
  });

  describe('bad input: a clear error, a non-zero exit, no folder', () => {
    const bad: Array<[string, Buffer | string, RegExp]> = [
      ['empty', '', /is empty/],
      ['blank', '\n  \n\t\n', /is empty/],
      ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), /binary/],
      ['latin-1', Buffer.from('title: Caf\xe9\n\nLe caf\xe9 est ferm\xe9, a dit le ministre.\n', 'latin1'), /not UTF-8.*0xe9/],
      ['no sentences', 'title: Numbers\n\n123 456\n\n---\n', /no sentences/],
      ['only a header', 'title: Just a title\nsource: Nobody\n', /is empty|no sentences/],
    ];
    for (const [name, content, message] of bad) {
      it(name, async () => {
        const file = join(dir, `${name}.txt`);
        writeFileSync(file, content);
        const target = join(dir, 'briefings');
        const c = capture();
        expect(await runCli(['ingest', file, '--write', '--briefings', target], c.io)).toBe(1);
        expect(c.err.join('\n')).toMatch(message);
        expect(readdirSync(dir)).toEqual([`${name}.txt`]);
      });
    }

    it('a 5 MB file', async () => {
      const file = join(dir, 'big.txt');
      writeFileSync(file, 'The minister said the talks would resume. '.repeat(Math.ceil((5 * 1024 * 1024) / 42)));
      const c = capture();
      expect(await runCli(['ingest', file, '--write', '--briefings', join(dir, 'briefings')], c.io)).toBe(1);
      expect(c.err.join('\n')).toMatch(/5\.0 MB; ingest reads articles up to 2\.0 MB/);
      expect(readdirSync(dir)).toEqual(['big.txt']);
    });

    it('too much on standard input', async () => {
      const c = capture();
      const chunks = Array.from({ length: 3 }, () => Buffer.alloc(MAX_ARTICLE_BYTES / 2 + 1, 'a'));
      expect(await runIngest({ json: false, help: false, rest: [] }, ['-'], c.io, Readable.from(chunks))).toBe(1);
      expect(c.err.join('\n')).toMatch(/standard input is over/);
    });

    it('a missing file, a folder, and a malformed invocation', async () => {
      const c = capture();
      expect(await runCli(['ingest', join(dir, 'nope.txt')], c.io)).toBe(1);
      expect(await runCli(['ingest', dir], c.io)).toBe(1);
      expect(c.err.join('\n')).toMatch(/no such file[\s\S]*is a folder/);
      expect(await runCli(['ingest'], c.io)).toBe(2);
      expect(await runCli(['ingest', ISTANBUL, '--published', 'last tuesday'], c.io)).toBe(2);
      expect(await runCli(['ingest', ISTANBUL, '--id', 'Not An Id'], c.io)).toBe(2);
      expect(await runCli(['ingest', ISTANBUL, '--frobnicate'], c.io)).toBe(2);
    });
  });
});

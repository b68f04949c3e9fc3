import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { BRIEFINGS_DIR, SEED_ID } from '../helpers.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

const temp = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the briefing CLI', () => {
  it('answers who Lecornu with his role, what he said and did, and the sentences', async () => {
    const { code, out } = await cli('who', 'Lecornu');
    expect(code).toBe(0);
    expect(out).toMatch(/^Sébastien Lecornu\nFrench Defence Minister/);
    expect(out).toContain('== What Sébastien Lecornu said ==');
    expect(out).toContain('[denial · unverified] Lecornu denied any Ukrainian involvement');
    expect(out).toContain('¶3 s9 (shoigu-lecornu-call): "During the phone call, Lecornu offered condolences');
  });

  it('prints the JSON contracts', async () => {
    const who = JSON.parse((await cli('who', 'Shoigu', '--json')).out);
    expect(who.matches[0]).toMatchObject({ name: 'Sergei Shoigu', kind: 'person', role: 'Russian Defense Minister', aliases: expect.any(Array) });
    const timeline = JSON.parse((await cli('timeline', '--json')).out);
    expect(timeline.events[0]).toMatchObject({ date: '2022-03', precision: 'month', actors: ['Russia', 'Ukraine'] });
    expect(timeline.events[0].evidence[0]).toMatchObject({ sentence: 6, text: expect.stringMatching(/^He mentioned a draft document/) });
    const claims = JSON.parse((await cli('claims', '--by', 'Shoigu', '--json')).out);
    expect(claims.claims.every((c: { claimant: string }) => c.claimant === 'Sergei Shoigu')).toBe(true);
    expect(Object.keys(claims.claims[0])).toEqual(expect.arrayContaining(['claimant', 'kind', 'text', 'quote', 'status', 'evidence']));
  });

  it('prints errors as JSON with a non-zero exit code', async () => {
    const { code, out } = await cli('who', 'Nobody', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({ error: { code: 'unknown_name', message: 'No one called "Nobody" in the briefings.' } });
    const unknown = await cli('whom', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out).error).toMatchObject({ code: 'unknown_command', suggestions: ['who'] });
    const badFlag = await cli('who', '--colour', 'red', '--json');
    expect(JSON.parse(badFlag.out).error.code).toBe('invalid_options');
  });

  it('takes --briefing and --briefings', async () => {
    expect((await cli('brief', '--briefing', SEED_ID)).code).toBe(0);
    const other = await cli('who', 'Shoigu', '--briefings', join(temp, 'does-not-exist'));
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/not a folder of briefings/);
  });

  it('validate exits 0 on the repository and 1 naming file and quote when a quote is altered', async () => {
    const ok = await cli('validate');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^1 briefing\(s\) valid, 0 problem\(s\)/);
    const root = join(temp, 'briefings');
    cpSync(BRIEFINGS_DIR, root, { recursive: true });
    const yamlPath = join(root, SEED_ID, 'briefing.yaml');
    writeFileSync(yamlPath, readFileSync(yamlPath, 'utf8').replace('Shoigu claimed that Moscow has information', 'Shoigu claimed that Moscow has proof'));
    const bad = await cli('validate', '--briefings', root);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(new RegExp(`briefings/${SEED_ID}/briefing.yaml:\\d+ summary\\[2\\]\\.evidence\\[1\\]: quote not found in briefings/${SEED_ID}/article.md: "Shoigu claimed that Moscow has proof`));
  });

  it('runs as the real binary, through npm’s bin entry', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/briefing.js', 'claims', 'status:contradicted', '--json'], { cwd: join(BRIEFINGS_DIR, '..') });
    expect(JSON.parse(stdout).claims.map((c: { claimant: string }) => c.claimant)).toEqual(['Russian officials']);
  });
});

describe('configuration from the environment', () => {
  it('treats an empty LOG_LEVEL as unset and refuses an unknown one readably', async () => {
    const env = { ...process.env, LOG_LEVEL: '' };
    const run = promisify(execFile);
    const ok = await run(process.execPath, ['bin/briefing.js', 'who', 'Shoigu'], { cwd: join(BRIEFINGS_DIR, '..'), env });
    expect(ok.stdout).toMatch(/^Sergei Shoigu/);
    const bad = await run(process.execPath, ['bin/briefing.js', 'start'], { cwd: join(BRIEFINGS_DIR, '..'), env: { ...env, LOG_LEVEL: 'loud' } }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/LOG_LEVEL: Invalid option/);
  });
});

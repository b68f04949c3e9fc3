import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeOptions } from '../../src/commands/command.ts';
import { askCommand } from '../../src/commands/ask.ts';
import { COMMANDS } from '../../src/commands/registry.ts';
import { renderText } from '../../src/render/text.ts';
import { seedCore, SEED_ID } from '../helpers.ts';

const core = seedCore();
const caller = { platform: 'console' as const, userId: 'tester' };

describe('the ask command', () => {
  it('is registered with a positional question of at most 500 characters', () => {
    expect(COMMANDS).toContain(askCommand);
    const question = describeOptions(askCommand).find((o) => o.name === 'question')!;
    expect(question).toMatchObject({ positional: true, required: true, maxLength: 500 });
  });

  it('answers a typed line with the answer, its fact and the cited sentence', async () => {
    const reply = await core.runLine('/ask When was the concert hall attack?', caller);
    expect(reply.intro).toBe('22 March 2024 (inferred)');
    const item = reply.sections[0]!.items[0]!;
    expect(item.citations[0]).toMatchObject({ briefing: SEED_ID, sentence: 9, paragraph: 3 });
    expect(renderText(reply)).toContain('¶3 s9');
    expect(reply.data).toEqual({ answer: '22 March 2024 (inferred)', citations: [{ briefing: SEED_ID, sentence: 9, text: item.citations[0]!.text }], confidence: 1 });
  });

  it('refuses with the nearest facts as ordinary items', async () => {
    const reply = await core.run('ask', { question: 'What is the capital of France?' }, caller);
    expect(reply.intro).toBe("The briefings don't say.");
    expect(reply.sections[0]?.title).toBe('Nearest related facts');
    expect(reply.sections[0]!.items.every((i) => i.citations.length > 0)).toBe(true);
    expect(reply.data).toMatchObject({ answer: null, citations: [] });
  });

  it('takes briefing:ID and suggests on an unknown one', async () => {
    const ok = await core.runLine(`/ask What did Lecornu deny? briefing:${SEED_ID}`, caller);
    expect(ok.data.answer).toMatch(/Ukrainian involvement/);
    const bad = await core.runLine('/ask What did Lecornu deny? briefing:shoigu', caller);
    expect(bad.error?.code).toBe('unknown_briefing');
    expect(bad.error?.suggestions).toContain(SEED_ID);
  });

  it('prints the JSON contract from the command line', () => {
    const bin = fileURLToPath(new URL('../../bin/briefing.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, 'ask', 'What did Lecornu deny?', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { answer: string; citations: Array<Record<string, unknown>>; confidence: number };
    expect(Object.keys(json).sort()).toEqual(['answer', 'citations', 'confidence']);
    expect(json.answer).toMatch(/denied any Ukrainian involvement/);
    expect(json.citations).toEqual([{ briefing: SEED_ID, sentence: 13, text: expect.stringContaining('Lecornu’s denial') }]);
    expect(json.confidence).toBeGreaterThan(0.9);
  });
});

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../../src/platforms/console/repl.ts';
import { seedCore } from '../../helpers.ts';

async function session(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk) => (text += chunk));
  const done = runConsole(seedCore(), { input, output });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return text;
}

describe('the console', () => {
  it('answers slash-command lines in order and survives bad ones', async () => {
    const text = await session(['/who Shoigu', '/nonsense', 'x'.repeat(5000), '\u0007\u001b[2J', '/claims status:contradicted', 'quit', '/who Lecornu']);
    expect(text).toMatch(/^Briefing Bot console: 1 briefing\(s\) loaded/);
    const shoigu = text.indexOf('Sergei Shoigu\nRussian Defense Minister');
    const nonsense = text.indexOf('Error: No command "nonsense"');
    const long = text.indexOf('Error: That line is too long');
    const contradicted = text.indexOf('== Russian officials ==');
    expect(shoigu).toBeGreaterThan(0);
    expect(nonsense).toBeGreaterThan(shoigu);
    expect(long).toBeGreaterThan(nonsense);
    expect(contradicted).toBeGreaterThan(long);
    // Nothing after quit is answered, and no terminal escape is echoed back.
    expect(text).not.toContain('Sébastien Lecornu\nFrench');
    expect(text).not.toContain('\u001b');
  });
});

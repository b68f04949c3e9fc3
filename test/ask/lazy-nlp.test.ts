/**
 * A process that loads a library and prepares /ask's library-wide index (as after a start or a reload) never
 * loads compromise or chrono-node: they are loaded on the first question. Run in a child process, since this
 * test process has loaded them for other tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

describe('the NLP model is loaded on the first question only', () => {
  it('is not loaded by loading a library and preparing stage 1, and is by a question', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ask-lazy-'));
    try {
      const script = join(dir, 'probe.mts');
      writeFileSync(
        script,
        `import { createRequire } from 'node:module';
import { setAnalysisCacheDir } from ${JSON.stringify(join(root, 'src/ask/analysis.ts'))};
import { ask } from ${JSON.stringify(join(root, 'src/ask/answer.ts'))};
import { prepareAsk } from ${JSON.stringify(join(root, 'src/ask/index.ts'))};
import { libraryOf } from ${JSON.stringify(join(root, 'src/ask/eval.ts'))};
import { Library } from ${JSON.stringify(join(root, 'src/briefing/library.ts'))};
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /[\\\\/](compromise|chrono-node)[\\\\/]/.test(k)).length > 0;
setAnalysisCacheDir(${JSON.stringify(dir)});
const base = libraryOf([${JSON.stringify(join(root, 'briefings'))}, ${JSON.stringify(join(root, 'test/fixtures/briefings'))}]);
const library = new Library(Array.from({ length: 12 }, (_, i) => ({ ...base.briefings[i % base.briefings.length], id: 'copy-' + i })));
await prepareAsk(library);
const before = loaded();
ask(library, 'What did Lecornu deny?');
console.log(JSON.stringify({ before, after: loaded() }));
`,
      );
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8' });
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ before: false, after: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

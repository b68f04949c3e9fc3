/** The console: a REPL over the command core, for trying the bot without any chat platform. */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Core } from '../../core.ts';
import { INPUT_LIMITS } from '../../render/limits.ts';
import { renderText } from '../../render/text.ts';

export interface ConsoleOptions {
  input?: Readable;
  output?: Writable;
  prompt?: string;
  /** Closes the console (as if the input ended) when aborted: the shutdown on SIGTERM/SIGINT. */
  signal?: AbortSignal;
}

/** Runs until the input ends or the user types `quit`; resolves then. */
export function runConsole(core: Core, options: ConsoleOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input, output, terminal: interactive, prompt: options.prompt ?? 'briefing> ' });
  const write = (text: string): void => {
    output.write(`${text}\n`);
  };
  const library = core.library();
  write(`Briefing Bot console: ${library.briefings.length} briefing(s) loaded. Try /who, /timeline, /claims, /brief, /help; quit to leave.`);
  if (library.errors.length) write(`${library.errors.length} problem(s) in the briefings; run "validate" from the CLI for details.`);
  if (interactive) rl.prompt();
  // Lines are answered one at a time, in order, even when they arrive faster than answers.
  let queue = Promise.resolve();
  let quitting = false;
  return new Promise((resolveDone) => {
    rl.on('line', (line) => {
      queue = queue.then(async () => {
        // Lines already buffered when the user quit are not answered.
        if (quitting) return;
        const text = line.trim();
        if (text === 'quit' || text === 'exit' || text === '/quit') {
          quitting = true;
          rl.close();
          return;
        }
        if (text) {
          const reply =
            text.length > INPUT_LIMITS.commandLine
              ? { title: 'Error', sections: [], data: {}, error: { code: 'too_long', message: `That line is too long (at most ${INPUT_LIMITS.commandLine} characters).` } }
              : await core.runLine(text, { platform: 'console', userId: 'console' });
          write(renderText(reply));
        }
        if (interactive) rl.prompt();
      });
    });
    rl.on('close', () => {
      void queue.then(() => resolveDone());
    });
    const abort = (): void => {
      quitting = true;
      rl.close();
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
  });
}

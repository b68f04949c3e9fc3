/**
 * `node bin/briefing.js start` as a child process, the way a supervisor runs it: its JSON log lines are parsed
 * as they arrive, and tests wait for a line, for /healthz answers, or for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: any;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class BotProcess {
  readonly logs: LogLine[] = [];
  /** Everything written to stderr, for assertions that nothing secret was ever written. */
  stderr = '';
  /** Everything written to stdout (the console's replies). */
  stdout = '';
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private readonly waiters: Array<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  private readonly outputWaiters: Array<{ text: string; resolve: () => void }> = [];
  private exit?: Exit;

  /** `cwd` should be an empty temporary folder: the bot reads a .env there, and keeps its database in DATA_DIR (./data). */
  constructor(env: Record<string, string>, cwd: string, options: { stdin?: 'pipe' | 'ignore' } = {}) {
    // Only what the test gives: no .env of the developer's, no token from the shell.
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', BRIEFINGS_DIR: join(PROJECT_ROOT, 'briefings') };
    this.child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/briefing.js'), 'start'], { cwd, env: { ...base, ...env }, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.stdout += chunk;
      for (let i = this.outputWaiters.length - 1; i >= 0; i--) if (this.stdout.includes(this.outputWaiters[i]!.text)) this.outputWaiters.splice(i, 1)[0]!.resolve();
    });
    let partial = '';
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderr += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        let parsed: LogLine;
        try {
          parsed = JSON.parse(line) as LogLine;
        } catch {
          parsed = { level: 0, msg: line };
        }
        this.logs.push(parsed);
        for (let i = this.waiters.length - 1; i >= 0; i--) if (this.waiters[i]!.match(parsed)) this.waiters.splice(i, 1)[0]!.resolve(parsed);
      }
    });
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': by then stderr has been read to its end, so the last log lines are in.
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The first log line matching `match`, already written or still to come; fails if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs = 8000): Promise<LogLine> {
    const found = this.logs.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line ${what} within ${timeoutMs} ms; stderr:\n${this.stderr}`)), timeoutMs);
      const done = (line: LogLine): void => {
        clearTimeout(timer);
        resolve(line);
      };
      this.waiters.push({ match, resolve: done });
      void this.exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`the bot exited (${JSON.stringify(exit)}) before logging ${what}; stderr:\n${this.stderr}`));
      });
    });
  }

  /** Resolves once stdout contains `text`. */
  waitForOutput(text: string, timeoutMs = 8000): Promise<void> {
    if (this.stdout.includes(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${text}" on stdout within ${timeoutMs} ms; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), timeoutMs);
      this.outputWaiters.push({
        text,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The exit, or a failure naming what the bot last logged. */
  async waitForExit(timeoutMs = 8000): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the bot did not exit within ${timeoutMs} ms; stderr:\n${this.stderr}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the process if a test left it running. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

export interface Healthz {
  status: number;
  body: any;
}

export async function getHealthz(url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<Healthz & { headers: Headers }> {
  const res = await fetch(url, { method });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Asks /healthz until `accept` holds (states change on the bot's own schedule), failing with the last answer. */
export async function pollHealthz(url: string, accept: (h: Healthz) => boolean, what: string, timeoutMs = 5000): Promise<Healthz> {
  const until = Date.now() + timeoutMs;
  let last: Healthz | undefined;
  while (Date.now() < until) {
    last = await getHealthz(url);
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`/healthz never showed ${what} within ${timeoutMs} ms; last answer: ${JSON.stringify(last)}`);
}

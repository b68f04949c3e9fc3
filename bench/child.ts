/** How a benchmark child process hands its result to bench/run.ts: one marked JSON line on stdout. */
export const RESULT_MARK = 'BENCH_RESULT ';

export function report(result: unknown): void {
  process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`);
}

export function parseReport<T>(stdout: string): T | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  return line ? (JSON.parse(line.slice(RESULT_MARK.length)) as T) : undefined;
}

/** `--name value` arguments of a child. */
export function childArgs(argv: string[] = process.argv.slice(2)): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]!);
    if (m && i + 1 < argv.length) out[m[1]!] = argv[++i]!;
  }
  return out;
}

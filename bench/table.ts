/** The table `npm run bench` prints, and the targets of issue 8 checked against the results. */
import type { IngestResult } from './ingest.ts';
import type { Results, SizeResult } from './run.ts';
import type { SlackResult, Skipped } from './slack.ts';

export const TARGETS = {
  commandP99Ms: 1,
  startupMs: 3000,
  rssMb: 500,
  slackRatio: 1.2,
  ingestRatio: 2,
  /** The size the targets are stated for. */
  briefings: 10_000,
} as const;

export interface Target {
  what: string;
  target: string;
  measured: string;
  met: boolean | null;
}

const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3));

function skipped(x: object): x is Skipped {
  return 'skipped' in x;
}

/** Targets at the largest measured size (they are stated for 10,000 briefings). */
export function targets(sizes: SizeResult[], slack: SlackResult | Skipped, ingest: IngestResult | Skipped): Target[] {
  const largest = sizes.at(-1);
  const out: Target[] = [];
  if (largest) {
    const at = `at ${largest.briefings.toLocaleString('en')} briefings`;
    for (const [name, c] of Object.entries(largest.commands)) {
      if ('skipped' in c) out.push({ what: `${name} p99 ${at}`, target: `≤ ${TARGETS.commandP99Ms} ms`, measured: `not measured (${c.skipped})`, met: false });
      else out.push({ what: `${name} p99 ${at}`, target: `≤ ${TARGETS.commandP99Ms} ms`, measured: `${ms(c.p99_ms)} ms`, met: c.p99_ms <= TARGETS.commandP99Ms });
    }
    out.push({ what: `warm startup ${at}`, target: `≤ ${TARGETS.startupMs} ms`, measured: `${ms(largest.startup_ms)} ms`, met: largest.startup_ms <= TARGETS.startupMs });
    out.push({ what: `cold startup (no cache) ${at}`, target: `≤ ${TARGETS.startupMs} ms`, measured: `${ms(largest.startup_cold_ms)} ms`, met: largest.startup_cold_ms <= TARGETS.startupMs });
    out.push({ what: `peak RSS, warm start ${at}`, target: `≤ ${TARGETS.rssMb} MB`, measured: `${largest.rss_mb.toFixed(0)} MB`, met: largest.rss_mb <= TARGETS.rssMb });
    out.push({ what: `peak RSS, cold start ${at}`, target: `≤ ${TARGETS.rssMb} MB`, measured: `${largest.rss_cold_mb.toFixed(0)} MB`, met: largest.rss_cold_mb <= TARGETS.rssMb });
  }
  out.push(
    skipped(slack)
      ? { what: 'Slack path vs bare Bolt (p50)', target: `≤ ${TARGETS.slackRatio}×`, measured: `not measured: ${slack.skipped}`, met: null }
      : { what: 'Slack path vs bare Bolt (p50)', target: `≤ ${TARGETS.slackRatio}×`, measured: `${slack.ratio_p50.toFixed(2)}×`, met: slack.ratio_p50 <= TARGETS.slackRatio },
  );
  out.push(
    skipped(ingest)
      ? { what: 'ingest vs bare parse (time per word)', target: `≤ ${TARGETS.ingestRatio}×`, measured: `not measured: ${ingest.skipped}`, met: null }
      : { what: 'ingest vs bare parse (time per word)', target: `≤ ${TARGETS.ingestRatio}×`, measured: `${ingest.ratio.toFixed(2)}×`, met: ingest.ratio <= TARGETS.ingestRatio },
  );
  return out;
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

export function printTable(results: Results): string {
  const commands = [...new Set(results.sizes.flatMap((s) => Object.keys(s.commands)))];
  const header = ['briefings', 'start warm ms', 'start cold ms', 'RSS warm MB', 'RSS cold MB', ...commands.map((c) => `${c} p50/p99 ms`)];
  const rows = results.sizes.map((s) => [
    s.briefings.toLocaleString('en'),
    ms(s.startup_ms),
    ms(s.startup_cold_ms),
    s.rss_mb.toFixed(0),
    s.rss_cold_mb.toFixed(0),
    ...commands.map((c) => {
      const r = s.commands[c];
      if (!r) return '–';
      if ('skipped' in r) return 'not run';
      return `${ms(r.p50_ms)} / ${ms(r.p99_ms)}${r.mode === 'few runs' ? '*' : ''}`;
    }),
  ]);
  const sources = [...new Set(results.sizes.flatMap((s) => Object.keys(s.autocomplete ?? {})))];
  const completion = [
    ['briefings', ...sources.map((source) => `${source} first · p50/p99 ms`)],
    ...results.sizes.map((s) => [
      s.briefings.toLocaleString('en'),
      ...sources.map((source) => {
        const a = s.autocomplete?.[source];
        return a ? `${ms(a.first_ms)} · ${ms(a.p50_ms)} / ${ms(a.p99_ms)}` : '–';
      }),
    ]),
  ];
  const m = results.machine;
  const lines = [
    '',
    `Machine: ${m.cores} × ${m.cpu}, ${m.memory_gb} GB, ${m.os}, Node ${m.node}; load average ${m.load_start.toFixed(2)} → ${m.load_end?.toFixed(2) ?? '?'}`,
    '',
    pad([header, ...rows]),
    ...(results.sizes.some((s) => Object.values(s.commands).some((c) => 'mode' in c && c.mode === 'few runs')) ? ['* too slow for many iterations: a few runs per query'] : []),
    ...(results.sizes.some((s) => Object.values(s.commands).some((c) => 'skipped' in c)) ? ['not run: too slow at the size before (see bench/results.json)'] : []),
    '',
    'Discord autocomplete (a keystroke; the first builds the completion tables):',
    pad(completion),
    '',
    'Targets (issue 8):',
    pad(results.targets.map((t) => [`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.what}`, t.target, t.measured])),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

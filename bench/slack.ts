/**
 * The Slack path of the benchmark: signed `/brief who NAME` slash-command requests over HTTP to the real Slack
 * app (src/platforms/slack/app.ts, answering from a 100-briefing corpus), against a bare Bolt app on the same
 * machine whose listener only acks, both driven by autocannon the same way in the same run: latency and
 * throughput of each, and the ratio.
 *
 * What is measured is what Slack waits for: the HTTP answer to the slash command (the ack). The real app then
 * runs the command and posts the answer to the request's response_url, in the same process, so that work
 * competes with the next requests; the fake Slack (here) takes those posts. Each side runs in its own child
 * process (bench/slack-app.ts); the load generator and the fake Slack run here.
 *
 * Two runs per side: latency at a steady rate a busy workspace might send (RATE requests/s over 10
 * connections; percentiles from every response's own time, to the microsecond, rather than autocannon's
 * whole-millisecond histogram), then throughput with no rate limit (requests/s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { quantile } from './stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-signing-secret';
/** Requests per second of the latency runs (SLACK_BENCH_RATE to change): a very busy workspace, far below saturation. */
const RATE = Number(process.env.SLACK_BENCH_RATE ?? 100);

export interface SlackResult {
  bare_p50_ms: number;
  bare_p99_ms: number;
  bare_rps: number;
  app_p50_ms: number;
  app_p99_ms: number;
  app_rps: number;
  ratio_p50: number;
  ratio_p99: number;
  /** Answers the app posted to response_url during the steady run (the work after the ack). */
  app_answers_posted: number;
  /** Requests per second of the steady runs (latency), and responses timed in the app's. */
  rate: number;
  samples: number;
  connections: number;
  duration_s: number;
  briefings: number;
}

export type Skipped = { skipped: string };

/** The fake Slack: auth.test for the app's start, and response_url taking the app's answers. */
async function fakeSlack(): Promise<{ server: Server; url: string; posted: () => number }> {
  let posted = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/response/')) posted++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, url: 'https://bench.example/', team: 'bench', team_id: 'T1', user: 'bot', user_id: 'U1', bot_id: 'B1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, posted: () => posted };
}

async function startChild(mode: 'app' | 'bare', api: string, corpus: string, cache: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'slack-app.ts'), '--mode', mode, '--api', `${api}api/`, '--secret', SECRET, '--dir', corpus, '--cache', cache], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /BENCH_READY (\d+)/.exec(out);
      if (m) resolvePort(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the ${mode} Slack app exited (${code}) before listening`)));
  });
  return { child, port };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

/** Names to ask about, taken from the corpus's briefings. */
function namesIn(corpus: string): string[] {
  const names: string[] = [];
  for (const id of readdirSync(corpus).slice(0, 100)) {
    try {
      const yaml = readFileSync(join(corpus, id, 'briefing.yaml'), 'utf8');
      for (const m of yaml.matchAll(/^\s+name: (.+)$/gm)) names.push(m[1]!.trim().replace(/^["']|["']$/g, ''));
    } catch {
      // Not a briefing folder.
    }
  }
  return names.length ? names : ['Shoigu'];
}

/**
 * autocannon against /slack/events, every request a freshly signed slash command; at `rate` requests/s when
 * given. Also returns every 2xx response's time in ms (fractional).
 */
async function load(port: number, api: string, names: string[], connections: number, duration: number, rate?: number): Promise<{ result: autocannon.Result; times: number[] }> {
  let n = 0;
  const times: number[] = [];
  let finish!: (result: autocannon.Result) => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${port}/slack/events`,
    connections,
    duration,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          const body = new URLSearchParams({
            token: 'x',
            team_id: 'T1',
            team_domain: 'bench',
            channel_id: 'C1',
            channel_name: 'general',
            user_id: `U${i % 50}`,
            user_name: 'bench',
            command: '/brief',
            text: `who ${names[i % names.length]}`,
            api_app_id: 'A1',
            response_url: `${api}response/${i}`,
            trigger_id: `t${i}`,
          }).toString();
          const ts = Math.floor(Date.now() / 1000);
          const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
          return { ...req, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature } };
        },
      },
    ],
  };
  // The callback form returns the running instance, whose 'response' events carry each response's own time.
  const instance = autocannon(options, (err, result) => (err ? fail(err) : finish(result)));
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const result = await done;
  return { result, times: times.sort((a, b) => a - b) };
}

/** `corpus`: a generated corpus (the 100-briefing one) and its startup cache. */
export async function benchSlack(corpus: string, cache: string, options: { connections?: number; duration?: number } = {}): Promise<SlackResult | Skipped> {
  const connections = options.connections ?? 10;
  const duration = options.duration ?? 8;
  const fake = await fakeSlack();
  const names = namesIn(corpus);
  try {
    const measure = async (mode: 'app' | 'bare'): Promise<{ steady: Awaited<ReturnType<typeof load>>; max: autocannon.Result; posted: number }> => {
      const { child, port } = await startChild(mode, fake.url, corpus, cache);
      try {
        await load(port, fake.url, names, connections, 1, RATE); // warm-up
        const before = fake.posted();
        const steady = await load(port, fake.url, names, connections, duration, RATE);
        const posted = fake.posted() - before;
        const max = (await load(port, fake.url, names, connections, Math.max(2, Math.round(duration / 2)))).result;
        return { steady, max, posted };
      } finally {
        await stopChild(child);
      }
    };
    const bare = await measure('bare');
    const app = await measure('app');
    for (const [label, r] of [['bare', bare], ['app', app]] as const) {
      const failed = r.steady.result.non2xx + r.steady.result.errors + r.max.non2xx + r.max.errors;
      if (failed > 0) return { skipped: `the ${label} app failed ${failed} requests` };
    }
    const p = (times: number[], q: number): number => quantile(times, q);
    return {
      bare_p50_ms: p(bare.steady.times, 0.5),
      bare_p99_ms: p(bare.steady.times, 0.99),
      bare_rps: bare.max.requests.average,
      app_p50_ms: p(app.steady.times, 0.5),
      app_p99_ms: p(app.steady.times, 0.99),
      app_rps: app.max.requests.average,
      ratio_p50: p(app.steady.times, 0.5) / p(bare.steady.times, 0.5),
      ratio_p99: p(app.steady.times, 0.99) / p(bare.steady.times, 0.99),
      app_answers_posted: app.posted,
      rate: RATE,
      samples: app.steady.times.length,
      connections,
      duration_s: duration,
      briefings: readdirSync(corpus).length,
    };
  } finally {
    fake.server.closeAllConnections();
    await new Promise<void>((r) => fake.server.close(() => r()));
  }
}

/**
 * The Slack path of the benchmark: signed `/brief who NAME` slash-command requests over HTTP to the real Slack
 * app (src/platforms/slack/app.ts, answering from a 100-briefing corpus), against a bare Bolt app on the same
 * machine whose listener only acks, both driven the same way in the same run: latency and throughput of each,
 * and the ratio.
 *
 * What is timed is how long the user waits: the real app puts its answer in the HTTP answer to the slash
 * command (the ack's body) when the command is known to be quick, or acks empty and posts the answer to the
 * request's response_url afterwards, in the same process, competing with the next requests; the fake Slack
 * (here) takes those posts. The app's latency runs from sending the request to the answer's arrival, wherever
 * it arrives (the ack alone, what Slack's 3 s deadline is about, is reported beside it); the bare app's is its
 * empty ack. Every answer is checked: a message with blocks, not an error, naming the person asked about, and
 * only one per request. A run in which any request went unanswered or was answered wrongly gives no result.
 * Each side runs in its own child process (bench/slack-app.ts); the load generators and the fake Slack run here.
 *
 * Two runs per side:
 * - steady: RATE requests/s spaced evenly (open loop: a request is sent on time whether or not earlier
 *   ones have been answered) over up to 10 keep-alive connections; latency percentiles from every
 *   response's own time, to the microsecond. (autocannon's own rate limit sends each connection's share
 *   of a second back to back at the start of the second, which measures a burst at 10 concurrent requests
 *   every second rather than a rate; that is what the loaded run measures, so it is not used here.)
 * - loaded: autocannon with no rate limit over 10 connections (each sends its next request as soon as the
 *   last is answered): throughput (requests/s) and the latency of every response under that load.
 *
 * Run alone: node --import tsx bench/slack.ts [--dir DIR --cache DIR] [--duration S]
 * Environment: SLACK_BENCH_RATE (requests/s of the steady run, 100), SLACK_BENCH_NODE_ARGS (extra flags for
 * the apps' processes, e.g. "--cpu-prof --cpu-prof-dir=DIR").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { quantile } from './stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-signing-secret';
/** Requests per second of the steady runs (SLACK_BENCH_RATE to change): a very busy workspace, far below saturation. */
const RATE = Number(process.env.SLACK_BENCH_RATE ?? 100);

/** Where the app's answers to one run's requests arrived, each checked (see `isAnswer`). */
export interface AnswerCount {
  requests: number;
  /** In the HTTP answer itself (the ack's body). */
  in_ack: number;
  /** Posted to the request's response_url after an empty ack. */
  posted: number;
  /** Not answered at all, or answered with an error or without the name asked about. */
  missing: number;
}

export interface SlackResult {
  /**
   * Steady run (RATE requests/s, evenly spaced). The app's latency is the time until the user has the
   * answer, wherever it arrives (the ack's body, or the post to response_url); the bare app's is its ack.
   */
  bare_p50_ms: number;
  bare_p99_ms: number;
  app_p50_ms: number;
  app_p99_ms: number;
  ratio_p50: number;
  ratio_p99: number;
  /** The app's HTTP answer alone (what Slack's 3 s deadline is about), in the steady run. */
  app_ack_p50_ms: number;
  app_ack_p99_ms: number;
  /** Loaded run (10 connections, no rate limit): throughput, and the latency of every HTTP answer under it. */
  bare_rps: number;
  app_rps: number;
  bare_loaded_p50_ms: number;
  bare_loaded_p99_ms: number;
  app_loaded_p50_ms: number;
  app_loaded_p99_ms: number;
  ratio_loaded_p50: number;
  /** Where the app's answers arrived in each run; every request is answered, or there is no result. */
  app_answers: { steady: AnswerCount; loaded: AnswerCount };
  /** Answers posted to response_url during the steady run (the work after an empty ack). */
  app_answers_posted: number;
  rate: number;
  /** Responses timed in the app's steady run. */
  samples: number;
  connections: number;
  duration_s: number;
  briefings: number;
}

export type Skipped = { skipped: string };

/** A signed slash command as Slack sends it: `/brief who NAME`, with a response_url on the fake. */
interface SignedCommand {
  name: string;
  body: string;
  headers: Record<string, string>;
}

/** Request `i` of a run: who is asked about, and the request signed now (a fresh timestamp and HMAC). */
function signedCommand(i: number, names: string[], api: string): SignedCommand {
  const name = names[i % names.length]!;
  const body = new URLSearchParams({
    token: 'x',
    team_id: 'T1',
    team_domain: 'bench',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: `U${i % 50}`,
    user_name: 'bench',
    command: '/brief',
    text: `who ${name}`,
    api_app_id: 'A1',
    response_url: `${api}response/${i}`,
    trigger_id: `t${i}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { name, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature } };
}

/**
 * Whether `body` (a message as JSON) is the answer to `who NAME`: a message with blocks, not an error (whose
 * fallback text starts "Error"), naming them. String tests rather than a parse: the checking runs on the same
 * two cores as the app, and should cost it as little as it can.
 */
function isAnswer(body: string, name: string): boolean {
  return body.startsWith('{') && body.includes('"blocks":[{"type":') && !body.includes('"text":"Error') && body.includes(name);
}

/**
 * The app's answers by request number (numbers are never reused): from acks (told by the load generators) and
 * posts to the fake, each with the time from the request's sending to the answer's arrival.
 */
class Answers {
  private readonly sentAt = new Map<number, number>();
  private readonly how = new Map<number, { way: 'ack' | 'post'; ms: number }>();
  private readonly wrong = new Set<number>();

  constructor(private readonly names: string[]) {}

  sent(i: number, at: number): void {
    this.sentAt.set(i, at);
  }

  /** An HTTP answer to request `i`: an empty ack promises a post; anything else must be the answer. */
  ack(i: number, body: string, at: number): void {
    if (body) this.record(i, body, 'ack', at);
  }

  post(i: number, body: string, at: number): void {
    this.record(i, body, 'post', at);
  }

  /** Waits (up to 3 s) for the posts still due for the requests that were acked, then counts them. */
  async count(acked: readonly number[]): Promise<AnswerCount & { times: number[] }> {
    const pending = (): number => acked.filter((i) => !this.how.has(i) && !this.wrong.has(i)).length;
    for (let waited = 0; pending() > 0 && waited < 3000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const answers = acked.map((i) => this.how.get(i)).filter((a) => a !== undefined);
    const via = (way: 'ack' | 'post'): number => answers.filter((a) => a.way === way).length;
    return { requests: acked.length, in_ack: via('ack'), posted: via('post'), missing: acked.length - answers.length, times: answers.map((a) => a.ms).sort((x, y) => x - y) };
  }

  private record(i: number, body: string, way: 'ack' | 'post', at: number): void {
    const sent = this.sentAt.get(i);
    // A second answer to one request (an ack with a message and a post too) is wrong as well.
    if (!this.how.has(i) && sent !== undefined && isAnswer(body, this.names[i % this.names.length]!)) this.how.set(i, { way, ms: at - sent });
    else {
      this.how.delete(i);
      this.wrong.add(i);
    }
  }
}

/** The fake Slack: auth.test for the app's start, and response_url taking the app's answers. */
async function fakeSlack(answers: Answers): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const m = /^\/response\/(\d+)$/.exec(req.url ?? '');
      if (m) answers.post(Number(m[1]), Buffer.concat(chunks).toString('utf8'), performance.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, url: 'https://bench.example/', team: 'bench', team_id: 'T1', user: 'bot', user_id: 'U1', bot_id: 'B1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function startChild(mode: 'app' | 'bare', api: string, corpus: string, cache: string): Promise<{ child: ChildProcess; port: number }> {
  // SLACK_BENCH_NODE_ARGS: extra flags for the app's process, e.g. "--cpu-prof --cpu-prof-dir=DIR" to profile it.
  const nodeArgs = (process.env.SLACK_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'bench', 'slack-app.ts'), '--mode', mode, '--api', `${api}api/`, '--secret', SECRET, '--dir', corpus, '--cache', cache], {
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

interface Run {
  /** Every 2xx response's time in ms (fractional), sorted. */
  times: number[];
  /** The numbers of the requests that were acked (200). */
  acked: number[];
  failed: number;
}

/**
 * Open loop: request k is sent at start + k/rate whether or not earlier ones have been answered, over up to
 * `connections` keep-alive connections (a request waits for a free one, and that wait counts in its time).
 */
async function steady(port: number, api: string, names: string[], answers: Answers, first: number, connections: number, duration: number, rate: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const times: number[] = [];
  const acked: number[] = [];
  let failed = 0;
  let sent = 0;
  const total = Math.round(duration * rate);
  const pending: Array<Promise<void>> = [];
  const send = (i: number): Promise<void> =>
    new Promise<void>((done) => {
      const command = signedCommand(i, names, api);
      const started = performance.now();
      answers.sent(i, started);
      const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent, headers: command.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const at = performance.now();
          if (res.statusCode === 200) {
            times.push(at - started);
            acked.push(i);
            answers.ack(i, Buffer.concat(chunks).toString('utf8'), at);
          } else failed++;
          done();
        });
      });
      req.on('error', () => {
        failed++;
        done();
      });
      req.end(command.body);
    });
  const start = performance.now();
  await new Promise<void>((finish) => {
    const tick = (): void => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) pending.push(send(first + sent++));
      if (sent >= total) return finish();
      setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  return { times: times.sort((a, b) => a - b), acked, failed };
}

/** Closed loop with autocannon, no rate limit: each connection sends its next request when the last is answered. */
async function loaded(port: number, api: string, names: string[], answers: Answers, first: number, connections: number, duration: number): Promise<Run & { rps: number; sent: number }> {
  let n = first;
  const times: number[] = [];
  const acked: number[] = [];
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
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const i = n++;
          (context as { i?: number }).i = i;
          answers.sent(i, performance.now());
          const command = signedCommand(i, names, api);
          return { ...req, body: command.body, headers: command.headers };
        },
        onResponse: (status, body, context) => {
          const i = (context as { i: number }).i;
          if (status !== 200) return;
          acked.push(i);
          answers.ack(i, body, performance.now());
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
  return { times: times.sort((a, b) => a - b), acked, failed: result.non2xx + result.errors, rps: result.requests.average, sent: n - first };
}

/** `corpus`: a generated corpus (the 100-briefing one) and its startup cache. */
export async function benchSlack(corpus: string, cache: string, options: { connections?: number; duration?: number } = {}): Promise<SlackResult | Skipped> {
  const connections = options.connections ?? 10;
  const duration = options.duration ?? 8;
  const names = namesIn(corpus);
  const answers = new Answers(names);
  const fake = await fakeSlack(answers);
  // Request numbers go on across runs and apps, so a late post is never counted in the wrong run.
  let next = 0;
  try {
    const measure = async (mode: 'app' | 'bare') => {
      const { child, port } = await startChild(mode, fake.url, corpus, cache);
      try {
        await steady(port, fake.url, names, answers, next, connections, 1, RATE); // warm-up
        next += RATE;
        const calm = await steady(port, fake.url, names, answers, next, connections, duration, RATE);
        next += Math.round(duration * RATE);
        const calmAnswers = await answers.count(calm.acked);
        const busy = await loaded(port, fake.url, names, answers, next, connections, Math.max(2, Math.round(duration / 2)));
        next += busy.sent;
        const busyAnswers = await answers.count(busy.acked);
        return { calm, calmAnswers, busy, busyAnswers };
      } finally {
        await stopChild(child);
      }
    };
    const bare = await measure('bare');
    const app = await measure('app');
    for (const [label, r] of [['bare', bare], ['app', app]] as const) {
      const failed = r.calm.failed + r.busy.failed;
      if (failed > 0) return { skipped: `the ${label} app failed ${failed} requests` };
    }
    const unanswered = app.calmAnswers.missing + app.busyAnswers.missing;
    if (unanswered > 0) return { skipped: `the app left ${unanswered} of ${app.calm.acked.length + app.busy.acked.length} requests unanswered or answered wrongly` };
    const p = (times: number[], q: number): number => quantile(times, q);
    const { times: answered, ...steadyCount } = app.calmAnswers;
    const { times: _loadedAnswered, ...loadedCount } = app.busyAnswers;
    return {
      bare_p50_ms: p(bare.calm.times, 0.5),
      bare_p99_ms: p(bare.calm.times, 0.99),
      app_p50_ms: p(answered, 0.5),
      app_p99_ms: p(answered, 0.99),
      ratio_p50: p(answered, 0.5) / p(bare.calm.times, 0.5),
      ratio_p99: p(answered, 0.99) / p(bare.calm.times, 0.99),
      app_ack_p50_ms: p(app.calm.times, 0.5),
      app_ack_p99_ms: p(app.calm.times, 0.99),
      bare_rps: bare.busy.rps,
      app_rps: app.busy.rps,
      bare_loaded_p50_ms: p(bare.busy.times, 0.5),
      bare_loaded_p99_ms: p(bare.busy.times, 0.99),
      app_loaded_p50_ms: p(app.busy.times, 0.5),
      app_loaded_p99_ms: p(app.busy.times, 0.99),
      ratio_loaded_p50: p(app.busy.times, 0.5) / p(bare.busy.times, 0.5),
      app_answers: { steady: steadyCount, loaded: loadedCount },
      app_answers_posted: app.calmAnswers.posted,
      rate: RATE,
      samples: app.calm.times.length,
      connections,
      duration_s: duration,
      briefings: readdirSync(corpus).length,
    };
  } finally {
    fake.server.closeAllConnections();
    await new Promise<void>((r) => fake.server.close(() => r()));
  }
}

/**
 * Run alone: `node --import tsx bench/slack.ts [--dir DIR --cache DIR] [--duration S]`; without --dir it
 * generates the 100-briefing corpus in a temporary folder (as `npm run bench` does) and removes it after.
 */
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { childArgs } = await import('./child.ts');
  const { readSources, writeCorpus } = await import('./corpus.ts');
  const { mkdtempSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const args = childArgs();
  let work: string | undefined;
  let dir = args.dir;
  let cache = args.cache;
  if (!dir) {
    work = mkdtempSync(join(tmpdir(), 'briefing-bench-slack-'));
    dir = join(work, 'corpus-100');
    cache = join(work, 'cache-100');
    mkdirSync(cache, { recursive: true });
    writeCorpus(dir, readSources([join(ROOT, 'briefings'), join(ROOT, 'test', 'fixtures', 'briefings')]), 100);
    // Files changed in the last two seconds are never cached (src/briefing/cache.ts).
    await new Promise((r) => setTimeout(r, 2100));
  }
  try {
    const result = await benchSlack(dir, cache ?? join(dir, '..', 'cache-slack'), { duration: args.duration ? Number(args.duration) : undefined });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

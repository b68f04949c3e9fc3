/**
 * The Slack path of the benchmark: signed `/brief who NAME` slash-command requests over HTTP to the real Bolt
 * app, against a bare Bolt app on the same machine that only acks, both driven by the same load generator in
 * the same run. Not measured yet: the Slack adapter is built on its own branch and joins after its merge.
 *
 * To add it (the shape bench/run.ts already reports and BENCHMARKS.md documents):
 * 1. start the real app in HTTP mode on 127.0.0.1 with a test signing secret (startSlack from
 *    src/platforms/slack/app.ts, against the fake Slack API of its tests so respond() has somewhere to post);
 * 2. start a bare `new App({signingSecret, receiver: new ExpressReceiver(...)})` whose command listener only
 *    calls `ack()`;
 * 3. drive each with autocannon (devDependency) for the same duration and connections, each request signed
 *    with a fresh timestamp (`v0=` HMAC-SHA256 of `v0:{ts}:{body}`), names drawn as in bench/queries.ts;
 * 4. return the fields of SlackResult; `ratio_p50` = app_p50_ms / bare_p50_ms (target ≤ 1.2).
 */

export interface SlackResult {
  bare_p50_ms: number;
  bare_p99_ms: number;
  bare_rps: number;
  app_p50_ms: number;
  app_p99_ms: number;
  app_rps: number;
  ratio_p50: number;
  ratio_p99: number;
  connections: number;
  duration_s: number;
  briefings: number;
}

export type Skipped = { skipped: string };

/** `corpusDir`: a generated corpus (the 100-briefing one) to take names or articles from. */
export async function benchSlack(_corpusDir: string): Promise<SlackResult | Skipped> {
  return { skipped: 'the Slack adapter is not on this branch yet (see bench/slack.ts for how it joins)' };
}

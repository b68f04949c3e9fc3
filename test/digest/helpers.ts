/**
 * Test doubles and data for digests: an invented briefing built in memory (with variants, to make changes
 * between digests), a fake chat platform implementing DigestChannel, a fake clock, and a store in a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Library } from '../../src/briefing/library.ts';
import { buildBriefing } from '../../src/briefing/load.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import { DeliveryError, type DigestChannel, type DigestPlatform, type PostContext } from '../../src/digest/channel.ts';
import { DigestScheduler, type SchedulerOptions } from '../../src/digest/scheduler.ts';
import { parseSchedule } from '../../src/digest/schedule.ts';
import { DigestStore, type NewSubscription, type Subscription } from '../../src/digest/store.ts';
import type { Reply } from '../../src/reply/reply.ts';

export interface StrikeVariant {
  id?: string;
  published?: string;
  /** Status of the union's claim; 'disputed' names the port authority's claim as what disputes it. */
  durationStatus?: 'unverified' | 'disputed';
  withDelaysClaim?: boolean;
  walkoutDate?: string;
  tags?: string[];
}

export function strikeBriefing(v: StrikeVariant = {}): Briefing {
  const id = v.id ?? 'port-strike';
  const article = [
    'title: Dockworkers strike halts traffic at the northern port',
    'source: Example Wire',
    `published: ${v.published ?? '2024-05-02'}`,
    '',
    'Dockworkers at the northern port walked off the job on Monday, halting container traffic. The union said the strike would last until wages were raised. The port authority said the strike was illegal.',
    '',
    'Shipping companies warned that delays would spread to other ports.',
  ].join('\n');
  const disputed = v.durationStatus === 'disputed';
  const yaml = `
tags: [${(v.tags ?? ['labour', 'ports']).join(', ')}]
summary:
  - text: Dockworkers struck at the northern port, halting container traffic.
    evidence: ["Dockworkers at the northern port walked off the job on Monday"]
entities:
  - id: union
    name: Dockworkers' union
    kind: organisation
    evidence: ["The union said"]
  - id: port-authority
    name: Port authority
    kind: organisation
    evidence: ["The port authority said"]
  - id: shippers
    name: Shipping companies
    kind: group
    evidence: ["Shipping companies warned"]
events:
  - id: walkout
    title: Dockworkers walk off the job
    date: "${v.walkoutDate ?? '2024-04-29'}"
    date_basis: inferred
    date_note: The Monday before publication.
    actors: [union]
    evidence: ["walked off the job on Monday"]
claims:
  - id: strike-duration
    claimant: union
    kind: assertion
    text: The strike will last until wages are raised.
    status: ${v.durationStatus ?? 'unverified'}
${disputed ? '    disputed_by:\n      - claim: strike-illegal\n' : ''}    evidence: ["The union said the strike would last until wages were raised."]
  - id: strike-illegal
    claimant: port-authority
    kind: accusation
    text: The strike is illegal.
    status: unverified
    evidence: ["The port authority said the strike was illegal."]
${
  v.withDelaysClaim
    ? `  - id: delays-spread
    claimant: shippers
    kind: warning
    text: Delays will spread to other ports.
    status: unverified
    evidence: ["Shipping companies warned that delays would spread to other ports."]
`
    : ''
}`;
  const { briefing, errors } = buildBriefing(id, article, yaml);
  if (!briefing) throw new Error(`test briefing does not build: ${JSON.stringify(errors)}`);
  return briefing;
}

export function libraryOf(...briefings: Briefing[]): Library {
  return new Library(briefings);
}

type Scripted = 'ok' | 'hang' | DeliveryError | Error;

export interface PostedMessage {
  channelId: string;
  reply: Reply;
  context: PostContext;
  messageId: string;
}

/**
 * A fake chat platform: answers each post from a script (then 'ok'), records every attempt and every
 * message that "arrived" in the channel. 'hang' records the message as arrived and never answers,
 * like a process that dies after the platform accepted the post but before it heard back.
 */
export class FakeChannel implements DigestChannel {
  readonly attempts: Array<{ channelId: string; outcome: string; at: number }> = [];
  readonly messages: PostedMessage[] = [];
  private script: Scripted[];
  private counter = 0;

  constructor(
    readonly platform: DigestPlatform = 'slack',
    script: Scripted[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.script = [...script];
  }

  queue(...more: Scripted[]): this {
    this.script.push(...more);
    return this;
  }

  async post(channelId: string, reply: Reply, context: PostContext): Promise<{ messageId: string }> {
    const next = this.script.shift() ?? 'ok';
    if (next === 'ok' || next === 'hang') {
      const messageId = `${this.platform}-msg-${++this.counter}`;
      this.messages.push({ channelId, reply, context, messageId });
      this.attempts.push({ channelId, outcome: next, at: this.now() });
      if (next === 'hang') return new Promise(() => undefined);
      return { messageId };
    }
    this.attempts.push({ channelId, outcome: next instanceof DeliveryError ? next.code : 'error', at: this.now() });
    throw next;
  }
}

export class FakeClock {
  constructor(public t: number) {}
  now = (): number => this.t;
  set(iso: string): number {
    this.t = Date.parse(iso);
    return this.t;
  }
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export interface TempDb {
  dir: string;
  file: string;
  cleanup(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'digest-test-'));
  return { dir, file: join(dir, 'data', 'digests.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function subscribe(store: DigestStore, now: number, schedule: string, timeZone = 'UTC', extra: Partial<NewSubscription> = {}): Subscription {
  const parsed = parseSchedule(schedule, timeZone);
  return store.addSubscription(
    { platform: 'slack', spaceId: 'T1', channelId: 'C1', schedule: parsed.label, cron: parsed.cron, timeZone, filter: { briefings: [], tags: [] }, format: 'short', quiet: false, ...extra },
    now,
  );
}

export interface Harness {
  store: DigestStore;
  scheduler: DigestScheduler;
  channel: FakeChannel;
  clock: FakeClock;
  sleeps: number[];
  library: { current: Library };
}

/** A scheduler on `file` with a fake clock whose sleeps advance the clock (and are recorded) instead of waiting. */
export function harness(
  file: string,
  clock: FakeClock,
  { channel: givenChannel, library: givenLibrary, ...options }: Partial<Omit<SchedulerOptions, 'library'>> & { channel?: FakeChannel; library?: { current: Library } } = {},
): Harness {
  const store = options.store ?? DigestStore.open(file);
  const channel = givenChannel ?? new FakeChannel('slack', [], clock.now);
  const library = givenLibrary ?? { current: libraryOf(strikeBriefing()) };
  const sleeps: number[] = [];
  const scheduler = new DigestScheduler({
    store,
    library: () => library.current,
    config: { catchUpS: 21_600, maxAttempts: 5 },
    channels: [channel],
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { store, scheduler, channel, clock, sleeps, library };
}

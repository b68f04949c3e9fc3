/**
 * When a slash command's answer may ride in its ack.
 *
 * Slack takes the message in the HTTP 200 body of a slash command (or the payload of the Socket Mode ack):
 * one step for the user and no request to response_url. But the ack must reach Slack within 3 s, and a
 * command's work can hold it back in two ways:
 * - asynchronously (a Web API lookup, a database): a deadline bounds the wait; past it the app acks empty
 *   and answers through response_url as before;
 * - synchronously (a first `ask` builds its index for seconds): no timer fires while the event loop is
 *   busy, so a deadline cannot help. Only commands seen to finish quickly are waited for: a command not yet
 *   run in this process, or one whose recent runs include a slow one, is acked first and answered after.
 */
import { SLACK_LIMITS } from '../../render/limits.ts';

/** How long a listener may hold the ack for the answer: a third of Slack's 3 s, the rest for the network and a busy process. */
export const ACK_ANSWER_DEADLINE_MS = Math.floor(SLACK_LIMITS.ackMs / 3);
/** A command whose recent runs all took at most this long (its synchronous part included) may be waited for. */
export const QUICK_COMMAND_MS = 250;
/** How many recent runs of a command decide; one slow run defers the command for this many runs. */
const RECENT_RUNS = 16;

/**
 * Recent run times per command, measured over one library: a reload brings a new library whose lazy indexes
 * (the chronology, the claim index, /ask's library-wide index) are built again by the first run, so times
 * measured over the previous one say nothing about it.
 */
export class CommandTimes {
  private readonly recent = new Map<string, { over: object; times: Float64Array; next: number; count: number }>();

  constructor(private readonly quickMs = QUICK_COMMAND_MS) {}

  /** Records how long a run of `command` took over `library` (any object standing for the data it ran on). */
  record(command: string, ms: number, library: object): void {
    let runs = this.recent.get(command);
    if (!runs || runs.over !== library) {
      runs = { over: library, times: new Float64Array(RECENT_RUNS), next: 0, count: 0 };
      this.recent.set(command, runs);
    }
    runs.times[runs.next] = ms;
    runs.next = (runs.next + 1) % RECENT_RUNS;
    runs.count = Math.min(RECENT_RUNS, runs.count + 1);
  }

  /**
   * Whether the ack may wait for `command` over `library`: it has run over this library before, and none of
   * its recent runs was slow.
   */
  isQuick(command: string, library: object): boolean {
    const runs = this.recent.get(command);
    if (!runs || runs.over !== library) return false;
    for (let i = 0; i < runs.count; i++) if (runs.times[i]! > this.quickMs) return false;
    return true;
  }
}

/** The value of `work` if it settles within `ms`, else undefined (the work goes on; its promise is still the caller's). */
export function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface AckOrLater<T> {
  /** Whether the ack may wait for the answer (CommandTimes.isQuick). */
  quick: boolean;
  deadlineMs: number;
  /** performance.now() when the request reached the listener. */
  started: number;
  /** Starts the command and gives its answer; never rejects. Not started before the ack unless `quick`. */
  work: () => Promise<T>;
  /** Bolt's ack: with the answer, or empty. */
  ack: (answer?: T) => Promise<void>;
  /** Answers after an empty ack (through response_url). */
  later: (answer: Promise<T>) => Promise<void>;
}

/**
 * Acks with the answer when a quick command has it within the deadline; otherwise acks empty and answers
 * later. A command not known to be quick starts only once the ack is out, so that its synchronous work
 * cannot hold the ack back.
 */
export async function ackWithAnswerOrLater<T>({ quick, deadlineMs, started, work, ack, later }: AckOrLater<T>): Promise<void> {
  if (!quick) {
    await ack();
    return later(work());
  }
  const answer = work();
  const inTime = await within(answer, deadlineMs);
  // Synchronous work holds the timer back too: an answer that comes late goes the slow way.
  if (inTime !== undefined && performance.now() - started <= deadlineMs) return ack(inTime);
  await ack();
  return later(answer);
}

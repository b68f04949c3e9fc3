/**
 * Digest schedules: friendly presets ("daily 08:00", "weekdays 09:30", "weekly mon 08:00") or node-cron
 * expressions (5 or 6 fields), in an IANA time zone; the next runs after any instant (so a fake clock can
 * drive the scheduler); and the minimum-interval rule.
 *
 * Run times come from node-cron 4's own matcher, so the schedule we compute is the one node-cron fires.
 * Its DST behaviour, which we keep: a local time that does not exist (02:30 on the spring-forward night in
 * Europe/Paris) has no run that day; a local time that happens twice (02:30 on the fall-back night) runs once.
 */
import cron from 'node-cron';
import { UserError } from '../reply/reply.ts';

/** node-cron's matcher; see `CronSchedule.create` for why it is reached this way. */
interface TimeMatcher {
  getNextMatch(date: Date): Date;
  match(date: Date): boolean;
}

function isTimeMatcher(value: unknown): value is TimeMatcher {
  const m = value as Partial<TimeMatcher> | undefined;
  return typeof m?.getNextMatch === 'function' && typeof m.match === 'function';
}

export class CronSchedule {
  private constructor(
    readonly expression: string,
    readonly timeZone: string,
    private readonly matcher: TimeMatcher,
  ) {}

  /**
   * node-cron 4 computes next runs only from the real clock (`task.getNextRuns`); the matcher behind it
   * (`task.timeMatcher.getNextMatch(date)`) takes any instant but is not in its typings. We take it from an
   * unstarted task, which is destroyed at once (that also removes it from node-cron's task registry), and
   * fail loudly if a node-cron upgrade ever removes it (test/digest/schedule.test.ts checks it too).
   * Throws node-cron's own message for an invalid expression.
   */
  static create(expression: string, timeZone: string): CronSchedule {
    const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
    const matcher = (task as unknown as { timeMatcher?: unknown }).timeMatcher;
    void task.destroy();
    if (!isTimeMatcher(matcher)) throw new Error('node-cron no longer exposes task.timeMatcher.getNextMatch; digests need node-cron 4.x (see src/digest/schedule.ts)');
    return new CronSchedule(expression, timeZone, matcher);
  }

  /** The first run strictly after `after` (at whole-second precision, as node-cron fires). */
  next(after: Date | number): Date {
    return this.matcher.getNextMatch(new Date(after));
  }

  matches(date: Date | number): boolean {
    return this.matcher.match(new Date(date));
  }

  /** Runs in (after, until], oldest first; stops after `limit` runs (`truncated` then says so). */
  runsBetween(after: number, until: number, limit = 10_000): { runs: number[]; truncated: boolean } {
    const runs: number[] = [];
    let cursor = after;
    for (;;) {
      const next = this.next(cursor).getTime();
      if (next > until) return { runs, truncated: false };
      if (runs.length >= limit) return { runs, truncated: true };
      runs.push(next);
      cursor = next;
    }
  }

  nextRuns(after: Date | number, count: number): Date[] {
    const out: Date[] = [];
    let cursor = new Date(after);
    for (let i = 0; i < count; i++) {
      cursor = this.next(cursor);
      out.push(cursor);
    }
    return out;
  }
}

export interface ParsedSchedule {
  /** node-cron expression. */
  cron: string;
  /** How the schedule is shown back: the preset as normalised, or the cron expression. */
  label: string;
}

const DAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export const SCHEDULE_EXAMPLES = ['daily 08:00', 'weekdays 09:30', 'weekly mon 08:00', '0 8 * * 1-5'];

function parseTime(text: string): { hour: number; minute: number } | undefined {
  const m = /^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

const pad = (n: number): string => String(n).padStart(2, '0');

function parsePreset(text: string): ParsedSchedule | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'hourly') return { cron: '0 * * * *', label: 'hourly' };
  let m = /^(?:daily|every ?day)(?: at)? (.+)$/.exec(t);
  if (m) {
    const time = parseTime(m[1]!);
    return time && { cron: `${time.minute} ${time.hour} * * *`, label: `daily ${pad(time.hour)}:${pad(time.minute)}` };
  }
  m = /^(?:weekdays|every weekday)(?: at)? (.+)$/.exec(t);
  if (m) {
    const time = parseTime(m[1]!);
    return time && { cron: `${time.minute} ${time.hour} * * 1-5`, label: `weekdays ${pad(time.hour)}:${pad(time.minute)}` };
  }
  m = /^(?:weekly|every)(?: on)? ([a-z]+(?:\s*,\s*[a-z]+)*)(?: at)? (.+)$/.exec(t);
  if (m) {
    const days = m[1]!.split(/\s*,\s*/).map((d) => DAYS[d]);
    const time = parseTime(m[2]!);
    if (!time || days.some((d) => d === undefined)) return undefined;
    const unique = [...new Set(days as number[])].sort((a, b) => a - b);
    return {
      cron: `${time.minute} ${time.hour} * * ${unique.join(',')}`,
      label: `weekly ${unique.map((d) => DAY_NAMES[d]).join(',')} ${pad(time.hour)}:${pad(time.minute)}`,
    };
  }
  return undefined;
}

/** A preset or a cron expression → node-cron expression, validated in the zone. Throws a UserError. */
export function parseSchedule(text: string, timeZone: string): ParsedSchedule {
  const input = text.trim().replace(/\s+/g, ' ');
  if (!input) throw new UserError('invalid_schedule', `Give a schedule, e.g. ${SCHEDULE_EXAMPLES.map((e) => `"${e}"`).join(', ')}.`);
  const fields = input.split(' ');
  const looksLikeCron = input.startsWith('@') || ((fields.length === 5 || fields.length === 6) && fields.every((f) => /^[\d*/,?#LW-]+$|^[a-z]{3}(-[a-z]{3})?(,[a-z]{3})*$/i.test(f)));
  const parsed = looksLikeCron ? { cron: input, label: input } : parsePreset(input);
  if (!parsed) {
    throw new UserError('invalid_schedule', `"${input}" is not a schedule. Use a preset (${SCHEDULE_EXAMPLES.slice(0, 3).map((e) => `"${e}"`).join(', ')}) or a cron expression with 5 or 6 fields ("${SCHEDULE_EXAMPLES[3]}").`);
  }
  const check = cron.validateDetailed(parsed.cron);
  if (!check.valid) {
    const why = check.errors.map((e) => e.message).join('; ');
    throw new UserError('invalid_schedule', `"${input}" is not a valid cron expression: ${why}. Fields: [second] minute hour day-of-month month day-of-week, e.g. "${SCHEDULE_EXAMPLES[3]}".`);
  }
  CronSchedule.create(parsed.cron, timeZone);
  return parsed;
}

/** "30 min", "1 h", "1 h 30 min", "2 days". */
export function humanDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  if (h < 48) return rest ? `${h} h ${rest} min` : `${h} h`;
  const days = Math.round(h / 24);
  return `${days} days`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset of the zone from UTC at `date`, in minutes. */
function offsetMinutes(date: Date, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Instants within [from, from + days) where the zone's offset changes, to within a day. */
function offsetChanges(from: number, days: number, timeZone: string): number[] {
  const out: number[] = [];
  let previous = offsetMinutes(new Date(from), timeZone);
  for (let d = 1; d <= days; d++) {
    const t = from + d * 86_400_000;
    const offset = offsetMinutes(new Date(t), timeZone);
    if (offset !== previous) out.push(t);
    previous = offset;
  }
  return out;
}

export interface CloseRuns {
  first: Date;
  second: Date;
  gapMs: number;
}

const SCAN_RUNS = 2000;
const SCAN_DAYS = 400;

/**
 * The first pair of consecutive runs closer than `minIntervalMs`, or undefined when there is none.
 * Scans the runs of the next 400 days (at most 2000 of them: over a year for anything that fires at most
 * five times a day) and the days around every DST change of the coming year, where a clock jump can
 * shorten a gap.
 */
export function findCloseRuns(schedule: CronSchedule, from: number, minIntervalMs: number): CloseRuns | undefined {
  const scan = (start: number, until: number, limit: number): CloseRuns | undefined => {
    let previous = schedule.next(start).getTime();
    for (let i = 0; i < limit && previous <= until; i++) {
      const next = schedule.next(previous).getTime();
      if (next - previous < minIntervalMs) return { first: new Date(previous), second: new Date(next), gapMs: next - previous };
      previous = next;
    }
    return undefined;
  };
  const found = scan(from, from + SCAN_DAYS * 86_400_000, SCAN_RUNS);
  if (found) return found;
  for (const change of offsetChanges(from, 366, schedule.timeZone)) {
    const near = scan(change - 3 * 86_400_000, change + 2 * 86_400_000, SCAN_RUNS);
    if (near) return near;
  }
  return undefined;
}

/** How a subscription reads in `digest list` and in JSON: next run in its zone, last delivery, why it fails. */
import type { Item } from '../reply/reply.ts';
import { describeFilter } from './compose.ts';
import { CronSchedule } from './schedule.ts';
import type { Delivery, DigestStore, Subscription } from './store.ts';
import { formatInZone } from './timezone.ts';

const schedules = new Map<string, CronSchedule>();

export function nextRunOf(sub: Pick<Subscription, 'cron' | 'timeZone'>, after: number): Date {
  const key = `${sub.cron}\u0000${sub.timeZone}`;
  let schedule = schedules.get(key);
  if (!schedule) {
    schedule = CronSchedule.create(sub.cron, sub.timeZone);
    schedules.set(key, schedule);
  }
  return schedule.next(after);
}

function deliveryLine(d: Delivery, timeZone: string): string {
  const when = formatInZone(d.slot, timeZone);
  const kind = d.kind === 'catch-up' ? ' (catch-up)' : d.kind === 'manual' ? ' (send-now)' : '';
  switch (d.status) {
    case 'sent':
      return `sent${kind} for ${when}${d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}`;
    case 'skipped':
      return `nothing to send${kind} at ${when} (no news; quiet)`;
    case 'failed':
      return `failed${kind} at ${when}: ${d.error ?? 'unknown error'}`;
    case 'unknown':
      return `unconfirmed${kind} at ${when}: the bot stopped while sending; not re-sent, so the next digest repeats its changes`;
    case 'missed':
      return `missed at ${when}: ${d.note ?? 'the bot was offline'}`;
    case 'claimed':
      return `being sent${kind} (slot ${when})`;
  }
}

export function subscriptionItem(store: DigestStore, sub: Subscription, now: number, options: { showChannel: boolean }): Item {
  const next = nextRunOf(sub, now);
  const last = store.lastDelivery(sub.id);
  const notes = [`Next: ${formatInZone(next, sub.timeZone)}`, `Last: ${last ? deliveryLine(last, sub.timeZone) : 'none yet (the first digest is an overview of the current briefings)'}`];
  if (sub.status === 'failing') {
    const since = sub.failingSince !== null ? formatInZone(sub.failingSince, sub.timeZone) : 'recently';
    notes.push(`Failing since ${since} (${sub.consecutiveFailures} failed ${sub.consecutiveFailures === 1 ? 'digest' : 'digests'}): ${sub.lastError ?? 'unknown error'}. Tried again at the next run.`);
  }
  if (options.showChannel) notes.push(`Channel: ${sub.platform} ${sub.channelId}${sub.spaceId ? ` (${sub.spaceId})` : ''}`);
  return {
    label: `#${sub.id}${sub.status === 'failing' ? ' · failing' : ''}`,
    text: `${sub.schedule} (${sub.timeZone}) · ${describeFilter(sub.filter)} · ${sub.format}${sub.quiet ? ' · quiet' : ''}`,
    notes,
    citations: [],
  };
}

export function deliveryJson(d: Delivery): Record<string, unknown> {
  return {
    slot: new Date(d.slot).toISOString(),
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    message_id: d.messageId,
    error: d.error,
    note: d.note,
    finished_at: d.finishedAt !== null ? new Date(d.finishedAt).toISOString() : null,
  };
}

export function subscriptionJson(store: DigestStore, sub: Subscription, now: number): Record<string, unknown> {
  const next = nextRunOf(sub, now);
  const last = store.lastDelivery(sub.id);
  return {
    id: sub.id,
    platform: sub.platform,
    space_id: sub.spaceId,
    channel_id: sub.channelId,
    schedule: sub.schedule,
    cron: sub.cron,
    timezone: sub.timeZone,
    briefings: sub.filter.briefings,
    tags: sub.filter.tags,
    format: sub.format,
    quiet: sub.quiet,
    status: sub.status,
    next_run: next.toISOString(),
    next_run_local: formatInZone(next, sub.timeZone),
    last_delivery: last ? deliveryJson(last) : null,
    failing: sub.status === 'failing' ? { since: sub.failingSince !== null ? new Date(sub.failingSince).toISOString() : null, consecutive_failures: sub.consecutiveFailures, reason: sub.lastError } : null,
  };
}

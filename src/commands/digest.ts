/**
 * `digest`: scheduled digests of the briefings for the channel it is typed in.
 * Actions (first word, `action:`, or a Discord subcommand): subscribe SCHEDULE, list, unsubscribe [id], preview [id], send-now [id].
 * Anyone may list and preview; changing subscriptions and sending takes a channel manager
 * (`caller.canManageChannel`, filled by the adapter) or a DIGEST_ADMINS entry.
 */
import { z } from 'zod';
import type { Library } from '../briefing/library.ts';
import { isDigestPlatform, type DigestPlatform } from '../digest/channel.ts';
import { composeDigest, describeFilter } from '../digest/compose.ts';
import { isDigestAdmin, type DigestConfig } from '../digest/config.ts';
import { nextRunOf, subscriptionItem, subscriptionJson } from '../digest/describe.ts';
import { previewDigest } from '../digest/scheduler.ts';
import { CronSchedule, findCloseRuns, humanDuration, parseSchedule, SCHEDULE_EXAMPLES } from '../digest/schedule.ts';
import { findDigestService, requireDigestService, requireScheduler, type DigestService } from '../digest/service.ts';
import type { BriefingFilter, DigestFormat, Subscription } from '../digest/store.ts';
import { canonicalTimeZone, formatInZone, suggestTimeZones } from '../digest/timezone.ts';
import { UserError, type Reply } from '../reply/reply.ts';
import { appliesTo, callerManagesChannel, defineCommand, describeOptions, type Caller, type CommandContext } from './command.ts';
import { flagOption, textOption } from './options.ts';

export const DIGEST_ACTIONS = ['subscribe', 'list', 'unsubscribe', 'preview', 'send-now'] as const;
type Action = (typeof DIGEST_ACTIONS)[number];

const ALIASES: Record<string, Action> = { sub: 'subscribe', ls: 'list', unsub: 'unsubscribe', remove: 'unsubscribe', send: 'send-now', sendnow: 'send-now', now: 'send-now' };

const ACTION_DESCRIPTIONS: Record<Action, string> = {
  subscribe: 'Send this channel a digest of the briefings on a schedule',
  list: "This channel's digests: next run, last delivery, problems",
  unsubscribe: 'Stop one of this channel\'s digests',
  preview: 'Show what the next digest would say (nothing is sent)',
  'send-now': 'Post the digest to this channel now',
};

const WITH_ID: Action[] = ['unsubscribe', 'preview', 'send-now'];
const WITH_FILTER: Action[] = ['subscribe', 'preview'];

/** A channel can't collect digests without end. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 10;

const FORMATS = ['short', 'full'] as const;

// Which option applies to which action is declared here once (`subcommands`): Discord shows each action as a
// subcommand with only its options, text platforms split `digest subscribe weekdays 09:30` the same way, and
// the handler refuses an option that does not apply.
const options = z.object({
  action: z
    .enum(DIGEST_ACTIONS, { error: `must be one of ${DIGEST_ACTIONS.join(', ')}` })
    .optional()
    .meta({ description: 'What to do (list when left out)', subcommand: true, subcommandDescriptions: ACTION_DESCRIPTIONS, subcommandAliases: ALIASES }),
  schedule: textOption(
    { description: 'When: "daily 08:00", "weekdays 09:30", "weekly mon 08:00" or cron "0 8 * * 1-5"', positional: true, subcommands: ['subscribe'], requiredFor: ['subscribe'] },
    100,
  ),
  id: textOption({ description: 'Subscription number from digest list (the channel\'s only one when left out)', positional: true, subcommands: WITH_ID }, 12),
  tz: textOption({ description: 'IANA time zone such as Europe/Paris (default from DIGEST_TIMEZONE)', subcommands: ['subscribe'], autocomplete: 'timezone' }, 64),
  briefing: textOption({ description: 'Only these briefing ids, comma-separated (all when left out)', autocomplete: 'briefing', subcommands: WITH_FILTER }, 400),
  tag: textOption({ description: 'Only briefings with these tags, comma-separated', subcommands: WITH_FILTER }, 200),
  format: z
    .enum(FORMATS, { error: 'must be short or full' })
    .optional()
    .meta({ description: 'short (default), or full with notes and more citations', subcommands: WITH_FILTER }),
  quiet: flagOption({ description: 'Send nothing when nothing changed (default: a one-line "no news")', subcommands: ['subscribe'] }),
});

type Options = z.output<typeof options>;

function checkApplicable(action: Action, opts: Options): void {
  const specs = describeOptions(digestCommand).filter((s) => !s.subcommand);
  const given = specs.filter((s) => opts[s.name as keyof Options] !== undefined);
  const wrong = given.filter((s) => !appliesTo(s, action)).map((s) => s.name);
  if (wrong.length) {
    const takes = specs.filter((s) => appliesTo(s, action)).map((s) => s.name);
    const allowed = takes.length ? ` It takes: ${takes.join(', ')}.` : '';
    throw new UserError('invalid_options', `${wrong.join(', ')} ${wrong.length === 1 ? "doesn't" : "don't"} apply to digest ${action}.${allowed}`);
  }
}

function parseId(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = /^#?(\d{1,9})$/.exec(text.trim());
  if (!m) throw new UserError('invalid_options', `"${text}" is not a subscription number (see digest list).`);
  return Number(m[1]);
}

interface ChannelRef {
  platform: DigestPlatform;
  channelId: string;
  spaceId: string;
}

function channelOf(caller: Caller): ChannelRef | undefined {
  if (!isDigestPlatform(caller.platform) || !caller.channelId) return undefined;
  return { platform: caller.platform, channelId: caller.channelId, spaceId: caller.spaceId ?? '' };
}

function requireChannel(caller: Caller, what: string): ChannelRef {
  const channel = channelOf(caller);
  if (!channel) throw new UserError('not_in_channel', `${what} is done from the Slack or Discord channel that receives the digest.`);
  return channel;
}

/** DIGEST_ADMINS first: an allow-listed user needs no question to the platform. */
export async function mayManageDigests(caller: Caller, config: Pick<DigestConfig, 'admins'>): Promise<boolean> {
  if (isDigestPlatform(caller.platform) && isDigestAdmin(config, caller.platform, caller.userId)) return true;
  return callerManagesChannel(caller);
}

async function requireManager(caller: Caller, config: DigestConfig): Promise<void> {
  if (!(await mayManageDigests(caller, config))) {
    throw new UserError(
      'forbidden',
      'Only people who manage this channel (Slack workspace admins and owners, Discord members with Manage Channels) or those listed in DIGEST_ADMINS can change digests. Anyone can use digest list and digest preview.',
    );
  }
}

function splitList(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

function parseFilter(library: Library, opts: Options): { filter: BriefingFilter; warnings: string[] } {
  const briefings = splitList(opts.briefing).filter((id) => id !== 'all');
  for (const id of briefings) library.scope(id); // throws "No briefing X" with suggestions
  const tags = splitList(opts.tag);
  const warnings: string[] = [];
  for (const tag of tags) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(tag)) throw new UserError('invalid_options', `"${tag}" is not a tag (lower-case letters, digits and dashes).`);
    if (!library.briefings.some((b) => b.tags.includes(tag))) {
      const known = [...new Set(library.briefings.flatMap((b) => b.tags))];
      warnings.push(`No briefing is tagged "${tag}" yet${known.length ? ` (tags in use: ${known.slice(0, 10).join(', ')})` : ''}; new ones will be included when they appear.`);
    }
  }
  return { filter: { briefings, tags }, warnings };
}

function resolveTimeZone(input: string | undefined, fallback: string): string {
  if (!input) return fallback;
  const canonical = canonicalTimeZone(input);
  if (!canonical) throw new UserError('invalid_timezone', `"${input}" is not an IANA time zone (e.g. Europe/Paris, America/New_York, UTC).`, suggestTimeZones(input));
  return canonical;
}

/** The subscription an id names in this channel, or the channel's only one. */
function pickSubscription(service: DigestService, channel: ChannelRef | undefined, id: number | undefined, what: string): Subscription {
  const inChannel = channel ? service.store.subscriptions({ platform: channel.platform, channelId: channel.channelId }) : undefined;
  if (id !== undefined) {
    const sub = inChannel ? inChannel.find((s) => s.id === id) : service.store.subscription(id);
    if (!sub) throw new UserError('unknown_subscription', `No digest #${id} ${channel ? 'in this channel' : 'in the database'}.`, (inChannel ?? []).map((s) => `#${s.id}`));
    return sub;
  }
  if (!inChannel) throw new UserError('invalid_options', `Say which digest to ${what}: its number from digest list.`);
  if (inChannel.length === 1) return inChannel[0]!;
  if (inChannel.length === 0) throw new UserError('unknown_subscription', 'This channel has no digest. Subscribe with: digest subscribe weekdays 09:30 tz:Europe/Paris');
  throw new UserError('invalid_options', `This channel has ${inChannel.length} digests; say which one to ${what}: ${inChannel.map((s) => `#${s.id} (${s.schedule})`).join(', ')}.`);
}

async function subscribe(opts: Options, ctx: CommandContext): Promise<Reply> {
  const service = requireDigestService(ctx, 'subscribing');
  const scheduler = requireScheduler(service, 'Subscribing');
  const channel = requireChannel(ctx.caller, 'Subscribing');
  await requireManager(ctx.caller, service.config);
  if (!scheduler.hasChannel(channel.platform)) throw new UserError('digests_unavailable', `This bot has no ${channel.platform} connection to deliver digests with.`);
  const scheduleText = opts.schedule;
  if (!scheduleText) throw new UserError('invalid_options', `When should the digest come? e.g. digest subscribe weekdays 09:30 tz:Europe/Paris. Schedules: ${SCHEDULE_EXAMPLES.map((e) => `"${e}"`).join(', ')}.`);
  const timeZone = resolveTimeZone(opts.tz, service.config.defaultTimeZone);
  const parsed = parseSchedule(scheduleText, timeZone);
  const now = ctx.now.getTime();
  const close = findCloseRuns(CronSchedule.create(parsed.cron, timeZone), now, service.config.minIntervalS * 1000);
  if (close) {
    throw new UserError(
      'schedule_too_frequent',
      `"${parsed.label}" can send digests ${humanDuration(close.gapMs)} apart (${formatInZone(close.first, timeZone)} and ${formatInZone(close.second, timeZone)}); digests here are at least ${humanDuration(service.config.minIntervalS * 1000)} apart (DIGEST_MIN_INTERVAL_S). Try "daily 08:00" or "weekdays 09:30".`,
    );
  }
  const { filter, warnings } = parseFilter(ctx.library, opts);
  const format: DigestFormat = opts.format ?? 'short';
  const quiet = opts.quiet ?? false;
  const existing = service.store.subscriptions({ platform: channel.platform, channelId: channel.channelId });
  const same = existing.find((s) => s.cron === parsed.cron && s.timeZone === timeZone && s.format === format && JSON.stringify(s.filter) === JSON.stringify(filter));
  if (same) throw new UserError('duplicate_subscription', `This channel already has that digest: #${same.id} (${same.schedule}, ${same.timeZone}).`);
  if (existing.length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
    throw new UserError('too_many_subscriptions', `This channel already has ${existing.length} digests, the most one channel can have; remove one with digest unsubscribe.`);
  }
  const sub = service.store.addSubscription(
    { ...channel, schedule: parsed.label, cron: parsed.cron, timeZone, filter, format, quiet, createdBy: ctx.caller.userId ? `${channel.platform}:${ctx.caller.userId}` : undefined },
    now,
  );
  scheduler.reconcile();
  const next = CronSchedule.create(sub.cron, sub.timeZone).nextRuns(now, 3);
  return {
    title: `Digest #${sub.id} subscribed`,
    intro: `This channel will get a ${format} digest of ${describeFilter(filter)}, ${parsed.label} (${timeZone}).`,
    fields: [
      { label: 'Next runs', value: next.map((d) => formatInZone(d, timeZone)).join(' · ') },
      { label: 'First digest', value: 'an overview of the current briefings; after that, only what changed' },
      { label: 'When nothing changed', value: quiet ? 'nothing is sent (quiet)' : 'a one-line "no news"' },
    ],
    sections: warnings.length ? [{ title: 'Note', items: warnings.map((w) => ({ text: w, citations: [] })) }] : [],
    footer: `Remove it with: digest unsubscribe ${sub.id}`,
    data: { subscription: subscriptionJson(service.store, sub, now), warnings },
  };
}

function list(ctx: CommandContext): Reply {
  const service = requireDigestService(ctx, 'the list of digests');
  const channel = channelOf(ctx.caller);
  const now = ctx.now.getTime();
  const subs = channel ? service.store.subscriptions({ platform: channel.platform, channelId: channel.channelId }) : service.store.subscriptions();
  const where = channel ? 'this channel' : 'the database';
  const failing = subs.filter((s) => s.status === 'failing').length;
  return {
    title: channel ? 'Digests in this channel' : 'Digests',
    intro: subs.length
      ? `${subs.length} digest${subs.length === 1 ? '' : 's'} in ${where}${failing ? `; ${failing} failing` : ''}. Times are in each digest's time zone.`
      : `No digests in ${where}. Subscribe with: digest subscribe weekdays 09:30 tz:Europe/Paris`,
    sections: subs.length ? [{ items: subs.map((s) => subscriptionItem(service.store, s, now, { showChannel: !channel })) }] : [],
    data: { subscriptions: subs.map((s) => subscriptionJson(service.store, s, now)) },
  };
}

async function unsubscribe(id: number | undefined, ctx: CommandContext): Promise<Reply> {
  const service = requireDigestService(ctx, 'unsubscribing');
  const channel = requireChannel(ctx.caller, 'Unsubscribing');
  await requireManager(ctx.caller, service.config);
  const sub = pickSubscription(service, channel, id, 'remove');
  service.store.removeSubscription(sub.id, ctx.now.getTime());
  service.scheduler?.reconcile();
  return {
    title: `Digest #${sub.id} removed`,
    intro: `This channel no longer gets the ${sub.schedule} (${sub.timeZone}) digest of ${describeFilter(sub.filter)}.`,
    sections: [],
    data: { removed: { id: sub.id, schedule: sub.schedule, timezone: sub.timeZone } },
  };
}

function preview(opts: Options, id: number | undefined, ctx: CommandContext): Reply {
  const service = findDigestService(ctx);
  const channel = channelOf(ctx.caller);
  const now = ctx.now.getTime();
  const wantsSubscription = id !== undefined || (service && channel && service.store.subscriptions({ platform: channel.platform, channelId: channel.channelId }).length > 0);
  if (service && wantsSubscription && !opts.briefing && !opts.tag && !opts.format) {
    const sub = pickSubscription(service, channel, id, 'preview');
    const digest = previewDigest(service.store, ctx.library, sub, now);
    const next = nextRunOf(sub, now);
    return {
      ...digest.reply,
      title: `Preview · ${digest.reply.title}`,
      intro: [`What digest #${sub.id} would bring if it were sent now (next run ${formatInZone(next, sub.timeZone)}); nothing is sent.`, digest.reply.intro].filter(Boolean).join(' '),
      data: { ...digest.reply.data, preview: true },
    };
  }
  if (id !== undefined && !service) requireDigestService(ctx, `previewing digest #${id}`);
  const { filter } = parseFilter(ctx.library, opts);
  const digest = composeDigest(ctx.library, { filter, format: opts.format ?? 'short', kind: 'preview', now, timeZone: service?.config.defaultTimeZone ?? 'UTC' });
  return {
    ...digest.reply,
    title: `Preview · ${digest.reply.title}`,
    intro: [digest.reply.intro, 'A new subscription starts with this overview; later digests bring only what changed.'].filter(Boolean).join(' '),
    data: { ...digest.reply.data, preview: true },
  };
}

async function sendNow(id: number | undefined, ctx: CommandContext): Promise<Reply> {
  const service = requireDigestService(ctx, 'send-now');
  const scheduler = requireScheduler(service, 'send-now');
  const channel = requireChannel(ctx.caller, 'send-now');
  await requireManager(ctx.caller, service.config);
  const sub = pickSubscription(service, channel, id, 'send');
  const report = await scheduler.sendNow(sub.id, ctx.now.getTime());
  if (report.outcome === 'busy' || report.outcome === 'taken') throw new UserError('busy', `Digest #${sub.id} is being sent right now; try again in a moment.`);
  if (report.outcome !== 'sent') {
    throw new UserError('delivery_failed', `Digest #${sub.id} could not be delivered: ${report.error ?? 'unknown error'}. The subscription is marked failing until a digest gets through (see digest list).`);
  }
  return {
    title: `Digest #${sub.id} sent`,
    intro: `Posted to this channel${report.attempts && report.attempts > 1 ? ` after ${report.attempts} attempts` : ''}. Its next scheduled run stays as it was.`,
    sections: [],
    data: { sent: { id: sub.id, message_id: report.messageId ?? null, digest: report.digest ?? null, attempts: report.attempts ?? 1 } },
  };
}

export const digestCommand = defineCommand({
  name: 'digest',
  description: 'Scheduled digests of the briefings for this channel: subscribe, list, unsubscribe, preview, send-now',
  usage: 'digest [subscribe SCHEDULE|list|unsubscribe [ID]|preview [ID]|send-now [ID]] [tz:ZONE] [briefing:IDS] [tag:TAGS] [format:short|full] [quiet:true]',
  examples: [
    'digest subscribe weekdays 09:30 tz:Europe/Paris',
    'digest subscribe schedule:"0 8 * * 1-5" tz:Europe/Paris tag:ukraine format:full',
    'digest list',
    'digest preview',
    'digest send-now',
    'digest unsubscribe 2',
  ],
  options,
  // send-now answers once the digest is delivered, retries (and a platform's Retry-After) included.
  answersLate: (raw) => raw.action === 'send-now',
  handler(opts, ctx): Reply | Promise<Reply> {
    const action: Action = opts.action ?? 'list';
    checkApplicable(action, opts);
    const id = parseId(opts.id);
    switch (action) {
      case 'subscribe':
        return subscribe(opts, ctx);
      case 'list':
        return list(ctx);
      case 'unsubscribe':
        return unsubscribe(id, ctx);
      case 'preview':
        return preview(opts, id, ctx);
      case 'send-now':
        return sendNow(id, ctx);
    }
  },
});

/**
 * Discord interactions → the core → Discord messages. Slash commands run through `core.run`; the answer goes
 * out within Discord's 3 s (deferred first when the command is slow); autocomplete is answered at once; page
 * buttons turn the pages of a long answer. Whatever fails, the user gets an ephemeral error and the process
 * keeps running.
 */
import {
  ApplicationCommandOptionType,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type RepliableInteraction,
} from 'discord.js';
import { describeOptions, type AnyCommand, type Caller } from '../../commands/command.ts';
import { findCommand } from '../../commands/registry.ts';
import type { Core } from '../../core.ts';
import { logger } from '../../log.ts';
import { errorReply, type Reply } from '../../reply/reply.ts';
import { discordPages, noMentions, noticeMessage, parsePageButton, renderDiscordMessage, type DiscordMessage } from '../../render/discord.ts';
import { complete } from './autocomplete.ts';
import { PUBLIC_OPTION, subcommandOption } from './definitions.ts';
import type { PageStore } from './pages.ts';

export interface InteractionContext {
  core: Core;
  pages: PageStore;
  /** A command still running after this long is deferred (Discord wants an answer within 3 s). */
  deferAfterMs: number;
  /** For the "expired" notice. */
  pageTtlMs: number;
}

const INTERNAL_ERROR = 'Something went wrong while answering; it has been logged. Please try again.';

/** discord.js message options from our API-shaped message. */
function messageOptions(message: DiscordMessage): InteractionEditReplyOptions & InteractionReplyOptions {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components ?? [],
    allowedMentions: message.allowed_mentions,
  };
}

function ephemeral(message: DiscordMessage): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return { ...messageOptions(message), flags: MessageFlags.Ephemeral };
}

function callerOf(interaction: Interaction): Caller {
  return {
    platform: 'discord',
    userId: interaction.user.id,
    userName: interaction.user.username,
    channelId: interaction.channelId ?? undefined,
    spaceId: interaction.guildId ?? undefined,
    // In a direct message with the bot the channel is the user's own.
    canManageChannel: interaction.inGuild() ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false) : true,
  };
}

/** The options as the core takes them (the subcommand as its option's value), and the edge-only `public`. */
function readOptions(data: readonly CommandInteractionOption[], command: AnyCommand | undefined): { raw: Record<string, unknown>; isPublic: boolean } {
  const raw: Record<string, unknown> = {};
  let isPublic = false;
  const visit = (options: readonly CommandInteractionOption[]): void => {
    for (const o of options) {
      if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
        const sub = command && subcommandOption(command);
        if (sub && o.type === ApplicationCommandOptionType.Subcommand) raw[sub.name] = o.name;
        visit(o.options ?? []);
      } else if (o.name === PUBLIC_OPTION) isPublic = o.value === true;
      else if (!o.focused) raw[o.name] = o.value;
    }
  };
  visit(data);
  return { raw, isPublic };
}

/** Resolves with the value if the promise settles within `ms`, or `undefined` when it is still pending. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function handleCommand(interaction: ChatInputCommandInteraction, ctx: InteractionContext): Promise<void> {
  const started = Date.now();
  const command = findCommand(interaction.commandName, ctx.core.commands);
  const { raw, isPublic } = readOptions(interaction.options.data, command);
  const answer = ctx.core.run(interaction.commandName, raw, callerOf(interaction));
  // Keep the rejection handled even if we stop waiting for it below.
  answer.catch(() => undefined);
  const early = command?.answersLate?.(raw) ? undefined : await within(answer, ctx.deferAfterMs);
  let deferredAs: 'public' | 'ephemeral' | undefined;
  if (!early) {
    await interaction.deferReply(isPublic ? {} : { flags: MessageFlags.Ephemeral });
    deferredAs = isPublic ? 'public' : 'ephemeral';
  }
  const reply = early ? early.value : await answer;
  await sendReply(interaction, reply, { isPublic, deferredAs }, ctx);
  logger.info(
    { command: interaction.commandName, user: interaction.user.id, guild: interaction.guildId, ms: Date.now() - started, deferred: Boolean(deferredAs), error: reply.error?.code },
    'discord command answered',
  );
}

async function sendReply(interaction: ChatInputCommandInteraction, reply: Reply, how: { isPublic: boolean; deferredAs?: 'public' | 'ephemeral' }, ctx: InteractionContext): Promise<void> {
  if (reply.error) {
    await sendPrivately(interaction, renderDiscordMessage(reply));
    return;
  }
  const pages = discordPages(reply);
  const pagerKey = pages.length > 1 ? ctx.pages.newKey() : undefined;
  const message = messageOptions(renderDiscordMessage(pages[0]!, { pagerKey }));
  if (how.deferredAs) await interaction.editReply(message);
  else await interaction.reply(how.isPublic ? message : { ...message, flags: MessageFlags.Ephemeral });
  if (pagerKey) {
    ctx.pages.put(pagerKey, {
      pages,
      ownerId: interaction.user.id,
      onExpire: () => {
        // Take the buttons off so nobody presses a dead one; the token still works (TTL < 15 min).
        interaction.editReply({ components: [], allowedMentions: noMentions() }).catch((err: unknown) => logger.debug({ err }, 'could not remove expired page buttons'));
      },
    });
  }
}

async function handleAutocomplete(interaction: AutocompleteInteraction, ctx: InteractionContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const command = findCommand(interaction.commandName, ctx.core.commands);
  const spec = command ? describeOptions(command).find((o) => o.name === focused.name) : undefined;
  const { raw } = readOptions(interaction.options.data, command);
  const choices =
    spec && spec.type === 'string'
      ? complete(ctx.core.library(), { source: spec.autocomplete, choices: spec.choices, typed: String(focused.value), options: raw })
      : [];
  await interaction.respond(choices);
}

async function handleButton(interaction: ButtonInteraction, ctx: InteractionContext): Promise<void> {
  const target = parsePageButton(interaction.customId);
  if (!target) {
    await interaction.reply(ephemeral(noticeMessage('This button is no longer in use.')));
    return;
  }
  const entry = ctx.pages.get(target.key);
  if (!entry) {
    const minutes = Math.round(ctx.pageTtlMs / 60_000);
    const kept = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : 'a short while';
    await interaction.reply(ephemeral(noticeMessage(`These pages have expired: an answer's pages can be turned for ${kept}. Run the command again to see them.`)));
    return;
  }
  if (interaction.user.id !== entry.ownerId) {
    await interaction.reply(ephemeral(noticeMessage('Only the person who ran this command can turn its pages. Run the command yourself to browse the answer.')));
    return;
  }
  const index = Math.min(Math.max(target.index, 0), entry.pages.length - 1);
  await interaction.update(messageOptions(renderDiscordMessage(entry.pages[index]!, { pagerKey: target.key })));
}

/** Sends a message only the user sees, in whichever way the interaction still allows. */
async function sendPrivately(interaction: RepliableInteraction, message: DiscordMessage): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply(messageOptions(message));
      return;
    }
    // A public "thinking…" message cannot turn private, and the first follow-up would replace it in public:
    // remove it, then answer privately.
    await interaction.deleteReply();
  }
  if (interaction.replied || interaction.deferred) await interaction.followUp(ephemeral(message));
  else await interaction.reply(ephemeral(message));
}

/** Tells the user something failed. */
async function answerFailure(interaction: RepliableInteraction): Promise<void> {
  await sendPrivately(interaction, renderDiscordMessage(errorReply({ code: 'internal_error', message: INTERNAL_ERROR })));
}

/** Handles any interaction; never throws. */
export async function handleInteraction(interaction: Interaction, ctx: InteractionContext): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await handleCommand(interaction, ctx);
    else if (interaction.isAutocomplete()) await handleAutocomplete(interaction, ctx);
    else if (interaction.isButton()) await handleButton(interaction, ctx);
  } catch (err) {
    logger.error({ err, type: interaction.type, user: interaction.user.id }, 'discord interaction failed');
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
      } else if (interaction.isRepliable()) await answerFailure(interaction);
    } catch (err2) {
      logger.error({ err: err2 }, 'could not tell the user about the failure');
    }
  }
}

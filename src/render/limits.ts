/**
 * Every platform limit the renderers respect, in one place. Property tests check the renderers
 * against these numbers. Sources: Slack Block Kit reference, Discord API reference (Embed limits).
 */

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /**
   * Not documented: chat.postMessage answers msg_blocks_too_long near 13,200 characters of blocks.
   * Measured here as the length of `JSON.stringify(blocks)`, which over-counts, so it is a safe bound.
   */
  totalBlockChars: 12000,
  /** Fallback `text` of a message. */
  messageText: 4000,
  /** A response_url takes up to 5 posts within 30 minutes. */
  responseUrlPosts: 5,
  ackMs: 3000,
  /** Signed requests older or newer than this (seconds) are refused; Bolt itself refuses only old ones. */
  requestMaxSkewSeconds: 300,
  /** App manifest (see @slack/web-api's Manifest type). The command includes its leading `/`. */
  slashCommandName: 32,
  slashCommandDescription: 2000,
  slashCommandUsageHint: 1000,
  slashCommandsPerApp: 50,
  appName: 35,
  appDescription: 140,
  botDisplayName: 80,
} as const;

export const DISCORD_LIMITS = {
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Across every embed of one message. */
  embedsTotalChars: 6000,
  messageContent: 2000,
  componentsPerRow: 5,
  actionRows: 5,
  buttonLabel: 80,
  customId: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  optionsPerCommand: 25,
  optionDescription: 100,
  globalCommands: 100,
  /** Message `nonce` (with `enforce_nonce`, a repeat within minutes is refused): digests use it as their idempotency key. */
  nonce: 25,
  ackMs: 3000,
  ephemeralFlag: 1 << 6,
  /** Longest `max_length` a string option may declare. */
  stringOptionLength: 6000,
  /** An interaction token (edits, follow-ups) stays valid this long after the interaction. */
  interactionTokenMs: 15 * 60_000,
  /** Ours, not Discord's: a command still running after this long is deferred, well inside ackMs. */
  deferAfterMs: 2000,
  /** Ours: how long a paginated answer's pages can be turned; under interactionTokenMs so the buttons can still be removed. */
  pageTtlMs: 14 * 60_000,
  /** Ours: most paginated answers kept in memory at once (oldest dropped first). */
  pagesKept: 500,
  /** Ours: characters of items (with their cited sentences) on one page, leaving room for title, intro and footer. */
  pageChars: 3800,
  /** Ours: items on one page, for readability. */
  pageItems: 12,
  /** Ours: a cited sentence is quoted up to this length in a page's sources. */
  citationChars: 300,
} as const;

/** Longest user-typed text any option accepts; longer input is refused before any handler runs. */
export const INPUT_LIMITS = {
  name: 200,
  question: 500,
  commandLine: 4000,
} as const;

/**
 * Ours: how much one chat reply lists. Across thousands of briefings an unfiltered timeline has tens of
 * thousands of events; a chat answer shows the first ones, says how many more there are and how to narrow
 * the question. The CLI (`--json` included) is not bounded.
 */
export const REPLY_LIMITS = {
  /** Items (events, claims, names, briefings' summary lines) one reply lists. */
  chatItems: 50,
} as const;

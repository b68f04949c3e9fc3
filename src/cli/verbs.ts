/**
 * CLI verbs contributed by the parts of the bot beyond the core (each registers itself with addVerb).
 * Imported once by the CLI, so a part's code loads only when the CLI runs.
 */
import '../platforms/slack/cli.ts';
import '../platforms/discord/cli.ts';
import '../digest/cli.ts';
import '../ingest/cli.ts';

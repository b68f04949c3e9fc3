/**
 * `briefing digest …` on the command line: `digest preview [--briefing ID] [--tag TAG] [--format full] [--json]`
 * prints a digest (an overview, as a new subscription's first digest; or `digest preview N` for subscription N's
 * next digest), and `digest list` lists every subscription in DATA_DIR's database. Nothing is sent from here.
 */
import { resolve } from 'node:path';
import { Library } from '../briefing/library.ts';
import { formatBriefingError } from '../briefing/model.ts';
import { addVerb } from '../cli/main.ts';
import { digestCommand } from '../commands/digest.ts';
import { parseOptionTokens } from '../commands/parse-text.ts';
import { readConfig } from '../config.ts';
import { createCore } from '../core.ts';
import { errorReply, UserError, type Reply } from '../reply/reply.ts';
import { renderJson, renderText } from '../render/text.ts';
import { readDigestConfig } from './config.ts';
import { DIGEST_SERVICE_KEY, openExistingDigestService } from './service.ts';

addVerb('digest', 'digests: digest preview [--briefing ID] [--json], digest list', async (flags, args, io) => {
  const config = readDigestConfig();
  const library = Library.load(flags.briefingsDir ? resolve(flags.briefingsDir) : readConfig().briefingsDir);
  for (const e of library.errors) io.err(`warning: ${formatBriefingError(e)} (briefing skipped)`);
  const print = (reply: Reply): number => {
    io.out(flags.json ? renderJson(reply) : renderText(reply));
    return reply.error ? 1 : 0;
  };
  let raw;
  try {
    raw = parseOptionTokens(digestCommand, args);
  } catch (err) {
    if (err instanceof UserError) return print(errorReply({ code: err.code, message: err.message, suggestions: err.suggestions, usage: digestCommand.usage }));
    throw err;
  }
  const service = openExistingDigestService(config);
  const action = String(raw.action ?? 'list').trim().split(/\s+/)[0]!.toLowerCase();
  if (!service && (action === 'list' || action === 'ls')) {
    return print({ title: 'Digests', intro: `No digests yet: there is no digest database at ${config.dbFile}. Channels subscribe from Slack or Discord (digest subscribe weekdays 09:30).`, sections: [], data: { subscriptions: [] } });
  }
  try {
    const core = createCore(library, { services: service ? { [DIGEST_SERVICE_KEY]: service } : {} });
    return print(await core.run(digestCommand.name, raw, { platform: 'cli', userId: process.env.USER }));
  } finally {
    service?.store.close();
  }
});

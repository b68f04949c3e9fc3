/**
 * `briefing digest …` on the command line: `digest preview [--briefing ID] [--tag TAG] [--format full] [--json]`
 * prints a digest (an overview, as a new subscription's first digest; or `digest preview N` for subscription N's
 * next digest), and `digest list` lists every subscription in DATA_DIR's database. Nothing is sent from here.
 */
import { addVerb, loadCliLibrary, parseCliOptions, printReply } from '../cli/main.ts';
import { digestCommand } from '../commands/digest.ts';
import { createCore } from '../core.ts';
import type { Reply } from '../reply/reply.ts';
import { readDigestConfig } from './config.ts';
import { DIGEST_SERVICE_KEY, openExistingDigestService } from './service.ts';

addVerb('digest', 'digests: digest preview [--briefing ID] [--json], digest list', async (flags, args, io) => {
  const config = readDigestConfig();
  const library = loadCliLibrary(flags, io);
  const print = (reply: Reply): number => printReply(reply, flags, io);
  const parsed = parseCliOptions(digestCommand, args);
  if ('error' in parsed) return print(parsed.error);
  const { raw } = parsed;
  const service = openExistingDigestService(config);
  const action = String(raw.action ?? 'list').trim().split(/\s+/)[0]!.toLowerCase();
  if (!service && (action === 'list' || action === 'ls')) {
    return print({ title: 'Digests', intro: `No digests yet: there is no digest database at ${config.dbFile}. Channels subscribe from Slack or Discord (digest subscribe weekdays 09:30).`, sections: [], data: { subscriptions: [] } });
  }
  try {
    const core = createCore(library, { services: service ? { [DIGEST_SERVICE_KEY]: service } : {}, maxItems: Infinity });
    return print(await core.run(digestCommand.name, raw, { platform: 'cli', userId: process.env.USER }));
  } finally {
    service?.store.close();
  }
});

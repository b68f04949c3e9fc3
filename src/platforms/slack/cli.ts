/**
 * `briefing slack-manifest [--url https://bot.example.org] [--name "Briefing Bot"]`: prints the Slack app
 * manifest (YAML) for the registry and the configured command names (SLACK_COMMAND, SLACK_DIRECT_COMMANDS).
 */
import { addVerb } from '../../cli/main.ts';
import { COMMANDS } from '../../commands/registry.ts';
import { readSlackCommandNames } from './config.ts';
import { manifestYaml, slackManifest } from './manifest.ts';

const USAGE = 'Usage: slack-manifest [--url https://HOST] [--name NAME]';

addVerb('slack-manifest', 'print the Slack app manifest (YAML); --url https://HOST for HTTP mode', async (_flags, args, io) => {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(url|name)(?:=(.*))?$/.exec(args[i]!);
    if (!m) {
      io.err(`slack-manifest: unexpected "${args[i]}". ${USAGE}`);
      return 2;
    }
    const value = m[2] ?? args[++i];
    if (value === undefined) {
      io.err(`slack-manifest: --${m[1]} needs a value. ${USAGE}`);
      return 2;
    }
    values[m[1]!] = value;
  }
  if (values.url !== undefined && !/^https:\/\/[^\s/]+/.test(values.url)) {
    io.err('slack-manifest: --url must be the public https:// address of this bot (Slack only calls https).');
    return 2;
  }
  const names = readSlackCommandNames(process.env, COMMANDS);
  io.out(manifestYaml(slackManifest(COMMANDS, { names, url: values.url, appName: values.name })).trimEnd());
  return 0;
});

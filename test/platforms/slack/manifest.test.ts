import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { defineCommand } from '../../../src/commands/command.ts';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { runCli } from '../../../src/cli/main.ts';
import { readSlackCommandNames } from '../../../src/platforms/slack/config.ts';
import { BOT_SCOPES, manifestYaml, slackManifest } from '../../../src/platforms/slack/manifest.ts';
import { SLACK_LIMITS } from '../../../src/render/limits.ts';

const EXAMPLE = fileURLToPath(new URL('../../../docs/slack-manifest.example.yaml', import.meta.url));
const defaults = readSlackCommandNames({}, COMMANDS);

describe('Slack app manifest', () => {
  it('is the committed example (regenerate: npm run -s briefing -- slack-manifest > docs/slack-manifest.example.yaml)', () => {
    expect(manifestYaml(slackManifest(COMMANDS, { names: defaults }))).toBe(readFileSync(EXAMPLE, 'utf8'));
  });

  it('is what the CLI prints', async () => {
    let out = '';
    expect(await runCli(['slack-manifest'], { out: (t) => (out += `${t}\n`), err: () => {} })).toBe(0);
    // The CLI reads SLACK_COMMAND / SLACK_DIRECT_COMMANDS (and a .env file, if any) like the bot does.
    expect(out).toBe(manifestYaml(slackManifest(COMMANDS, { names: readSlackCommandNames(process.env, COMMANDS) })));
    let err = '';
    expect(await runCli(['slack-manifest', '--url', 'http://insecure.example'], { out: () => {}, err: (t) => (err += t) })).toBe(2);
    expect(err).toContain('--url must be the public https:// address');
  });

  it('lists the umbrella and direct commands, within Slack limits, in Socket Mode', () => {
    const m = parse(manifestYaml(slackManifest(COMMANDS, { names: defaults })));
    const commands = m.features.slash_commands as Array<{ command: string; description: string; usage_hint: string; should_escape: boolean; url?: string }>;
    expect(commands.map((c) => c.command)).toEqual(['/brief', '/timeline', '/claims', '/ask']);
    for (const name of COMMANDS.map((c) => c.name)) expect(commands[0]!.usage_hint).toContain(name);
    expect(commands[1]).toMatchObject({ description: COMMANDS.find((c) => c.name === 'timeline')!.description, usage_hint: expect.stringContaining('[public:true]'), should_escape: false });
    for (const c of commands) {
      expect(c.command.length).toBeLessThanOrEqual(SLACK_LIMITS.slashCommandName);
      expect(c.description.length).toBeLessThanOrEqual(SLACK_LIMITS.slashCommandDescription);
      expect(c.usage_hint.length).toBeLessThanOrEqual(SLACK_LIMITS.slashCommandUsageHint);
      expect(c.url).toBeUndefined();
    }
    expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(m.settings).toMatchObject({ socket_mode_enabled: true, interactivity: { is_enabled: true } });
  });

  it('points commands and buttons at /slack/events in HTTP mode', () => {
    const m = slackManifest(COMMANDS, { names: defaults, url: 'https://bot.example.org/' });
    expect(m.settings?.socket_mode_enabled).toBe(false);
    expect(m.settings?.interactivity?.request_url).toBe('https://bot.example.org/slack/events');
    expect(m.features?.slash_commands?.every((c) => c.url === 'https://bot.example.org/slack/events')).toBe(true);
  });

  it('follows the registry: a new command appears in the umbrella with no Slack change', () => {
    const extra = defineCommand({ name: 'quiz', description: 'Answer a question', usage: 'quiz <question>', options: z.object({}), handler: () => ({ title: '', sections: [], data: {} }) });
    const commands = [...COMMANDS, extra];
    const m = slackManifest(commands, { names: readSlackCommandNames({ SLACK_DIRECT_COMMANDS: 'quiz' }, commands) });
    expect(m.features?.slash_commands?.[0]?.usage_hint).toContain('quiz');
    expect(m.features?.slash_commands?.[1]).toMatchObject({ command: '/quiz', description: 'Answer a question', usage_hint: '<question> [public:true]' });
  });
});

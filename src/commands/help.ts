import { z } from 'zod';
import { UserError, type Reply } from '../reply/reply.ts';
import { defineCommand, describeOptions } from './command.ts';
import { textOption } from './options.ts';
import { suggest } from './suggest.ts';

// How options are typed differs by platform; the commands themselves do not.
const HOW_TO_TYPE: Partial<Record<string, string>> = {
  console: 'Options are written name:value (quote values with spaces: about:"concert hall"). Without briefing:ID a command covers all briefings.',
  cli: 'Options are written name:value or --name value. Without --briefing ID a command covers all briefings.',
  slack: 'In Slack, type /brief followed by a command, e.g. /brief who Shoigu or /brief claims by:Shoigu status:disputed; quote values with spaces. Without briefing:ID a command covers all briefings.',
  discord: "Each command's options appear as fields as you type it. Without a briefing, a command covers all briefings; answers are private unless you set public.",
};

export const helpCommand = defineCommand({
  name: 'help',
  description: 'What the bot can do, or how to use one command',
  usage: 'help [command]',
  options: z.object({
    command: textOption({ description: 'A command to explain', positional: true }, 32),
  }),
  handler({ command }, { commands, caller }): Reply {
    if (command) {
      const name = command.replace(/^\//, '').toLowerCase();
      const found = commands.find((c) => c.name === name);
      if (!found) throw new UserError('unknown_command', `No command "${command}".`, suggest(name, commands.map((c) => c.name)));
      const options = describeOptions(found);
      return {
        title: found.name,
        intro: found.description,
        fields: [{ label: 'Usage', value: found.usage }],
        sections: [
          ...(options.length ? [{ title: 'Options', items: options.map((o) => ({ label: o.name, text: o.description + (o.choices ? ` (${o.choices.join(', ')})` : ''), citations: [] })) }] : []),
          ...(found.examples?.length ? [{ title: 'Examples', items: found.examples.map((e) => ({ text: e, citations: [] })) }] : []),
        ],
        data: { command: { name: found.name, description: found.description, usage: found.usage, options } },
      };
    }
    return {
      title: 'Briefing Bot',
      intro: 'Structured briefings of news articles: who is who, the timeline and the claims, each fact with the sentence it comes from.',
      sections: [{ items: commands.map((c) => ({ label: c.usage, text: c.description, citations: [] })) }],
      footer: HOW_TO_TYPE[caller.platform] ?? HOW_TO_TYPE.console,
      data: { commands: commands.map((c) => ({ name: c.name, description: c.description, usage: c.usage })) },
    };
  },
});

/**
 * Text input for commands with subcommands: the first bare word names the subcommand (or an alias of it),
 * the other bare words go to that subcommand's positional option, the same split Discord makes.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../src/commands/command.ts';
import { textOption } from '../../src/commands/options.ts';
import { parseOptionTokens, tokenize } from '../../src/commands/parse-text.ts';
import { UserError } from '../../src/reply/reply.ts';

const handler = () => ({ title: '', sections: [], data: {} });

const alerts = defineCommand({
  name: 'alerts',
  description: 'Alerts',
  usage: 'alerts <add TOPIC|drop ID|list>',
  options: z.object({
    action: z.enum(['add', 'drop', 'list']).optional().meta({ description: 'What to do', subcommand: true, subcommandAliases: { rm: 'drop', new: 'add' } }),
    topic: textOption({ description: 'Topic', positional: true, subcommands: ['add'] }),
    id: textOption({ description: 'Alert number', positional: true, subcommands: ['drop'] }),
    quiet: textOption({ description: 'Quietly', subcommands: ['add'] }),
  }),
  handler,
});

/** A subcommand option next to a positional option that applies everywhere. */
const search = defineCommand({
  name: 'search',
  description: 'Search',
  usage: 'search [in|out] words',
  options: z.object({
    side: z.enum(['in', 'out']).optional().meta({ description: 'Where', subcommand: true }),
    words: textOption({ description: 'Words', positional: true }),
  }),
  handler,
});

const parse = (command: Parameters<typeof parseOptionTokens>[0], text: string) => parseOptionTokens(command, tokenize(text));

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('subcommands in text', () => {
  it("take the first bare word as the subcommand and the rest as that subcommand's positional option", () => {
    expect(parse(alerts, 'add the concert hall attack quiet:yes')).toEqual({ action: 'add', topic: 'the concert hall attack', quiet: 'yes' });
    expect(parse(alerts, 'drop 3')).toEqual({ action: 'drop', id: '3' });
    expect(parse(alerts, 'LIST')).toEqual({ action: 'list' });
    expect(parse(alerts, '')).toEqual({});
  });

  it('accept aliases, as a bare word or as action:', () => {
    expect(parse(alerts, 'rm 3')).toEqual({ action: 'drop', id: '3' });
    expect(parse(alerts, 'action:new topic:"x y"')).toEqual({ action: 'add', topic: 'x y' });
  });

  it('send bare words to the chosen subcommand when it is named as an option', () => {
    expect(parse(alerts, 'action:drop 7')).toEqual({ action: 'drop', id: '7' });
  });

  it('refuse an unknown first word with suggestions, and free text where the subcommand takes none', () => {
    const unknown = userError(() => parse(alerts, 'ad ukraine'));
    expect(unknown.message).toMatch(/"ad" is not an action of alerts; use add, drop, list/);
    expect(unknown.suggestions).toEqual(['add']);
    expect(userError(() => parse(alerts, 'list everything')).message).toMatch(/alerts list takes no free text \("everything"\)/);
    expect(userError(() => parse(alerts, 'drop 3 id:4')).message).toMatch(/id is given twice/);
  });

  it('leave bare words to an option that applies everywhere when the first word is no subcommand', () => {
    expect(parse(search, 'out of office')).toEqual({ side: 'out', words: 'of office' });
    expect(parse(search, 'office hours')).toEqual({ words: 'office hours' });
  });
});

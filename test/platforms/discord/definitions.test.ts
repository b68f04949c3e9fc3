import { z } from 'zod';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { defineCommand, describeOptions } from '../../../src/commands/command.ts';
import { requiredTextOption, textOption } from '../../../src/commands/options.ts';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { commandDefinition, commandDefinitions, PUBLIC_OPTION, shorten } from '../../../src/platforms/discord/definitions.ts';
import { DISCORD_LIMITS } from '../../../src/render/limits.ts';
import { subcommandCommand } from '../../e2e/test-commands.ts';

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

function checkOptions(options: APIApplicationCommandOption[]): void {
  expect(options.length).toBeLessThanOrEqual(DISCORD_LIMITS.optionsPerCommand);
  let seenOptional = false;
  for (const o of options) {
    expect(o.name).toMatch(NAME);
    expect(o.name).toBe(o.name.toLowerCase());
    expect(o.description.length).toBeGreaterThan(0);
    expect(o.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.optionDescription);
    if (o.type === ApplicationCommandOptionType.Subcommand) {
      checkOptions(o.options ?? []);
      continue;
    }
    if ('required' in o && o.required) expect(seenOptional, `${o.name}: required options come first`).toBe(false);
    else seenOptional = true;
    if ('choices' in o && o.choices) {
      expect(o.choices.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocompleteChoices);
      expect('autocomplete' in o && o.autocomplete).toBeFalsy();
    }
  }
}

describe('Discord command definitions', () => {
  const definitions = commandDefinitions(COMMANDS);

  it('has one valid command per registry command', () => {
    expect(definitions.map((d) => d.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const d of definitions) {
      expect(d.name).toMatch(NAME);
      expect(d.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.commandDescription);
      checkOptions(d.options ?? []);
    }
  });

  it('types every option, with max_length, fixed choices and autocomplete from the command metadata', () => {
    const claims = definitions.find((d) => d.name === 'claims')!;
    const byName = Object.fromEntries((claims.options ?? []).map((o) => [o.name, o as unknown as Record<string, unknown>]));
    expect(byName.by).toMatchObject({ type: ApplicationCommandOptionType.String, max_length: 200, autocomplete: true, required: false });
    expect(byName.status).toMatchObject({ type: ApplicationCommandOptionType.String });
    expect((byName.status!.choices as Array<{ value: string }>).map((c) => c.value)).toEqual(
      describeOptions(COMMANDS.find((c) => c.name === 'claims')!).find((o) => o.name === 'status')!.choices,
    );
    expect(byName.briefing).toMatchObject({ max_length: 64, autocomplete: true });
    const timeline = definitions.find((d) => d.name === 'timeline')!;
    expect(timeline.options?.find((o) => o.name === 'from')).toMatchObject({ max_length: 10 });
    expect(timeline.options?.find((o) => o.name === 'from')).not.toHaveProperty('autocomplete');
  });

  it('adds the boolean public option to every command', () => {
    for (const d of definitions) {
      // A command with subcommands (digest) has it under each one.
      const lists =
        d.options?.[0]?.type === ApplicationCommandOptionType.Subcommand
          ? d.options.map((o) => (o as { options?: APIApplicationCommandOption[] }).options)
          : [d.options];
      for (const options of lists)
        expect(options?.at(-1)).toMatchObject({ name: PUBLIC_OPTION, type: ApplicationCommandOptionType.Boolean, required: false });
    }
  });

  it('puts required options first and bounds long descriptions', () => {
    const command = defineCommand({
      name: 'ask',
      description: 'A command with a very long description that goes on and on, far beyond the one hundred characters Discord allows',
      usage: 'ask question',
      options: z.object({
        scope: textOption({ description: 'Where to look' }),
        question: requiredTextOption({ description: 'The question', positional: true }),
      }),
      handler: () => ({ title: '', sections: [], data: {} }),
    });
    const d = commandDefinition(command);
    expect(d.description.length).toBeLessThanOrEqual(100);
    expect(d.description.endsWith('…')).toBe(true);
    expect(d.options?.map((o) => o.name)).toEqual(['question', 'scope', PUBLIC_OPTION]);
    expect(d.options?.[0]).toMatchObject({ required: true, min_length: 1, max_length: 500 });
  });

  it('turns more than 25 fixed choices into autocomplete', () => {
    const many = Array.from({ length: 30 }, (_, i) => `choice${i}`) as [string, ...string[]];
    const command = defineCommand({
      name: 'pick',
      description: 'Pick one',
      usage: 'pick',
      options: z.object({ which: z.enum(many).optional().meta({ description: 'Which one' }) }),
      handler: () => ({ title: '', sections: [], data: {} }),
    });
    expect(commandDefinition(command).options?.[0]).toMatchObject({ autocomplete: true });
    expect(commandDefinition(command).options?.[0]).not.toHaveProperty('choices');
  });

  it('shows an option marked as subcommand as Discord subcommands, each with the options meant for it', () => {
    const d = commandDefinition(subcommandCommand);
    checkOptions(d.options ?? []);
    expect(d.options?.map((o) => [o.type, o.name, o.description])).toEqual([
      [ApplicationCommandOptionType.Subcommand, 'add', 'Add an alert'],
      [ApplicationCommandOptionType.Subcommand, 'list', 'List alerts'],
    ]);
    const [add, list] = d.options as Array<{ options: Array<{ name: string }> }>;
    expect(add!.options.map((o) => o.name)).toEqual(['topic', PUBLIC_OPTION]);
    expect(list!.options.map((o) => o.name)).toEqual([PUBLIC_OPTION]);
  });

  it('refuses a name Discord would refuse, and the reserved option name', () => {
    const handler = () => ({ title: '', sections: [], data: {} });
    expect(() => commandDefinition(defineCommand({ name: 'Who', description: 'x', usage: '', options: z.object({}), handler }))).toThrow(
      /not a valid Discord name/,
    );
    expect(() =>
      commandDefinition(
        defineCommand({ name: 'x', description: 'x', usage: '', options: z.object({ public: textOption({ description: 'x' }) }), handler }),
      ),
    ).toThrow(/reserved/);
  });

  it('shortens at a word boundary', () => {
    expect(shorten('one two three', 100)).toBe('one two three');
    expect(shorten('alpha beta gamma delta', 12)).toBe('alpha beta…');
    expect(shorten('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

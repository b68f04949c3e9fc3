import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/registry.ts';
import { readSlackCommandNames } from '../../../src/platforms/slack/config.ts';
import { parseInvocation, type Invocation } from '../../../src/platforms/slack/invocation.ts';
import { seedLibrary } from '../../helpers.ts';

const ctx = { names: readSlackCommandNames({}, COMMANDS), commands: COMMANDS, library: seedLibrary() };

function ok(invocation: Invocation) {
  if (!invocation.ok) throw new Error(`expected an invocation, got ${invocation.reply.error?.message}`);
  return { command: invocation.command.name, options: invocation.options, visibility: invocation.visibility, usage: invocation.usage };
}

function error(invocation: Invocation) {
  if (invocation.ok) throw new Error('expected an error');
  return invocation.reply.error!;
}

describe('Slack command text', () => {
  it('takes the first word of the umbrella as the command', () => {
    expect(ok(parseInvocation('/brief', 'who Shoigu', ctx))).toEqual({ command: 'who', options: { name: 'Shoigu' }, visibility: 'ephemeral', usage: '/brief who [name] [briefing:ID]' });
    expect(ok(parseInvocation('/brief', 'CLAIMS by:Shoigu status:disputed', ctx)).options).toEqual({ by: 'Shoigu', status: 'disputed' });
    expect(ok(parseInvocation('/brief', 'help who', ctx))).toMatchObject({ command: 'help', options: { command: 'who' } });
  });

  it('runs brief for no text, a briefing id or options alone', () => {
    expect(ok(parseInvocation('/brief', '', ctx))).toMatchObject({ command: 'brief', options: {} });
    expect(ok(parseInvocation('/brief', 'shoigu-lecornu-call', ctx))).toMatchObject({ command: 'brief', options: { briefing: 'shoigu-lecornu-call' } });
    expect(ok(parseInvocation('/brief', 'public:true', ctx))).toMatchObject({ command: 'brief', visibility: 'in_channel' });
  });

  it('answers an unknown first word with the commands and a suggestion', () => {
    const e = error(parseInvocation('/brief', 'tmeline', ctx));
    expect(e.message).toContain('"tmeline" is not a command. Commands: who, timeline, claims');
    expect(e.suggestions).toEqual(['timeline']);
    expect(e.usage).toBe('/brief <command> [options] [public:true]');
  });

  it('gives direct commands the whole text', () => {
    expect(ok(parseInvocation('/timeline', 'Shoigu from:2022', ctx))).toEqual({ command: 'timeline', options: { actor: 'Shoigu', from: '2022' }, visibility: 'ephemeral', usage: '/timeline [actor] [from:YYYY[-MM[-DD]]] [to:YYYY[-MM[-DD]]] [briefing:ID]' });
    expect(ok(parseInvocation('/claims', 'who', ctx))).toMatchObject({ command: 'claims', options: { by: 'who' } });
  });

  it('takes public:true / --public out of the options', () => {
    expect(ok(parseInvocation('/brief', 'who Shoigu public:yes', ctx))).toMatchObject({ options: { name: 'Shoigu' }, visibility: 'in_channel' });
    expect(ok(parseInvocation('/timeline', '--public Shoigu', ctx))).toMatchObject({ options: { actor: 'Shoigu' }, visibility: 'in_channel' });
    expect(ok(parseInvocation('/brief', 'who public', ctx))).toMatchObject({ options: { name: 'public' }, visibility: 'ephemeral' });
    expect(error(parseInvocation('/brief', 'who Shoigu public:maybe', ctx)).message).toBe('public is true or false, not "maybe".');
  });

  it('answers a parse error with the usage as typed in Slack, once', () => {
    const e = error(parseInvocation('/brief', 'claims --bogus 1', ctx));
    expect(e.message).toBe('Unknown option --bogus.');
    expect(e.usage).toBe('/brief claims [by] [about:NAME] [status:STATUS] [briefing:ID]');
    expect(error(parseInvocation('/brief', 'x'.repeat(5000), ctx)).code).toBe('too_long');
  });
});

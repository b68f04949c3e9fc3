/**
 * The platform-free core every edge (console, CLI, Slack, Discord, scheduler) talks to:
 * the current briefings and the command registry.
 */
import { Library } from './briefing/library.ts';
import type { AnyCommand, Caller } from './commands/command.ts';
import { COMMANDS, runCommand, runLine } from './commands/registry.ts';
import { REPLY_LIMITS } from './render/limits.ts';
import type { Reply } from './reply/reply.ts';

export interface Core {
  /** The current library; a reload swaps it, so read it per request rather than keeping it. */
  library(): Library;
  setLibrary(library: Library): void;
  readonly commands: readonly AnyCommand[];
  readonly services: Record<string, unknown>;
  run(name: string, options: Record<string, unknown>, caller: Caller): Promise<Reply>;
  runLine(line: string, caller: Caller): Promise<Reply>;
}

export interface CoreOptions {
  commands?: readonly AnyCommand[];
  services?: Record<string, unknown>;
  /** Most items a list reply shows (default REPLY_LIMITS.chatItems, for chat); Infinity lists everything. */
  maxItems?: number;
  /** Called with the first library and with every library a reload brings (e.g. to prepare indexes in the background). */
  onLibrary?: (library: Library) => void;
}

export function createCore(initial: Library, options: CoreOptions = {}): Core {
  let current = initial;
  const commands = options.commands ?? COMMANDS;
  const services = options.services ?? {};
  const maxItems = options.maxItems ?? REPLY_LIMITS.chatItems;
  options.onLibrary?.(initial);
  return {
    library: () => current,
    setLibrary: (library) => {
      current = library;
      options.onLibrary?.(library);
    },
    commands,
    services,
    run: (name, raw, caller) => runCommand(name, raw, { library: current, caller, commands, services, maxItems }),
    runLine: (line, caller) => runLine(line, { library: current, caller, commands, services, maxItems }),
  };
}

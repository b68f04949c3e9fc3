/** The CLI's global flags, taken out of argv before the rest goes to a command. */
export interface GlobalFlags {
  json: boolean;
  briefingsDir?: string;
  help: boolean;
  rest: string[];
}

export function takeGlobalFlags(argv: string[]): GlobalFlags {
  const flags: GlobalFlags = { json: false, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') flags.json = true;
    else if (a === '--help' || a === '-h') flags.help = true;
    else if (a === '--briefings') {
      const dir = argv[++i];
      if (dir === undefined) throw new Error('--briefings needs a folder');
      flags.briefingsDir = dir;
    } else if (a.startsWith('--briefings=')) flags.briefingsDir = a.slice('--briefings='.length);
    else flags.rest.push(a);
  }
  return flags;
}

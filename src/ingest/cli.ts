/**
 * `briefing ingest FILE|- [--id ID] [--published YYYY-MM-DD] [--json] [--write [--force]] [--briefings DIR]`:
 * an article becomes a draft briefing, printed for review, as JSON, or written as a briefing folder.
 */
import { addVerb, cliBriefingsDir, type CliIo } from '../cli/main.ts';
import type { GlobalFlags } from '../cli/args.ts';
import { BRIEFING_ID } from '../briefing/load.ts';
import { parseArticle } from '../briefing/article.ts';
import { parsePartialDate } from '../briefing/partial-date.ts';
import { ingestText, IngestError, type Draft } from './draft.ts';
import { decodeArticle, readArticleBytes } from './input.ts';
import { renderBriefing } from './yaml.ts';
import { writeBriefingFolder } from './write.ts';

const USAGE = 'usage: briefing ingest FILE|- [--id ID] [--published YYYY-MM-DD] [--json] [--write [--force]] [--briefings DIR]';

interface IngestArgs {
  file: string;
  id?: string;
  published?: string;
  write: boolean;
  force: boolean;
}

function parseArgs(args: string[]): IngestArgs | string {
  const out: Partial<IngestArgs> = { write: false, force: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--write') out.write = true;
    else if (flag === '--force') out.force = true;
    else if (flag === '--id' || flag === '--published') {
      const v = value();
      if (v === undefined || v === '') return `${flag} needs a value`;
      if (flag === '--id') out.id = v;
      else out.published = v;
    } else if (flag.startsWith('--')) return `unknown option ${flag}`;
    else if (out.file === undefined) out.file = a;
    else return `one article at a time (got "${out.file}" and "${a}")`;
  }
  if (out.file === undefined) return 'name the article file, or - for standard input';
  return out as IngestArgs;
}

/** The JSON contract other tools read. */
export function draftJson(d: Draft): Record<string, unknown> {
  return {
    id: d.id,
    title: d.title,
    published: d.published,
    entities: d.entities.map((e) => ({ id: e.id, name: e.name, kind: e.kind, aliases: e.aliases, role: e.role })),
    events: d.events.map((e) => ({ date: e.date, precision: e.precision, title: e.title, actors: e.actors, evidence: e.evidence, date_basis: e.date_basis, date_note: e.date_note })),
    claims: d.claims.map((c) => ({ claimant: c.claimant, kind: c.kind, text: c.text, quote: c.quote, evidence: c.evidence, via: c.via })),
  };
}

function preview(d: Draft): string {
  const lines = [`${d.title}  (id ${d.id}, published ${d.published ?? 'unknown'})`, '', `Entities (${d.entities.length}):`];
  for (const e of d.entities) lines.push(`  ${e.kind.padEnd(12)} ${e.name}${e.role ? ` · ${e.role}` : ''}${e.aliases.length ? ` (also ${e.aliases.join(', ')})` : ''}`);
  lines.push('', `Events (${d.events.length}):`);
  for (const e of d.events) lines.push(`  ${(e.date ?? 'undated').padEnd(10)} ${e.date_basis === 'inferred' ? '~' : ' '} ${e.title}${e.actors.length ? ` [${e.actors.join(', ')}]` : ''}`);
  lines.push('', `Claims (${d.claims.length}):`);
  for (const c of d.claims) lines.push(`  ${c.claimant} (${c.kind})${c.via ? ` ${c.via}` : ''}: ${c.text}`);
  lines.push('', '~ marks a date inferred from the publication date. Add --write to create the briefing folder, --json for JSON.');
  return lines.join('\n');
}

export async function runIngest(flags: GlobalFlags, args: string[], io: CliIo, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`ingest: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (parsed.id !== undefined && !BRIEFING_ID.test(parsed.id)) {
    io.err(`ingest: --id "${parsed.id}" must be lower-case letters, digits and dashes (at most 64)\n${USAGE}`);
    return 2;
  }
  const published = parsed.published === undefined ? undefined : parsePartialDate(parsed.published);
  if (parsed.published !== undefined && published === undefined) {
    io.err(`ingest: --published must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), not "${parsed.published}"\n${USAGE}`);
    return 2;
  }
  try {
    const name = parsed.file === '-' ? 'standard input' : parsed.file;
    const text = decodeArticle(await readArticleBytes(parsed.file, stdin), name);
    const draft = ingestText(text, { id: parsed.id, published });
    if (parsed.write) {
      const root = cliBriefingsDir(flags);
      const article = parseArticle(text);
      const files = renderBriefing(draft, article.body, new Date().toISOString().slice(0, 10), article.header.extra);
      const dir = writeBriefingFolder(root, draft.id, files, { force: parsed.force });
      if (flags.json) io.out(JSON.stringify(draftJson(draft), null, 2));
      else io.out(`Wrote ${dir}: ${draft.entities.length} entities, ${draft.events.length} events, ${draft.claims.length} claims (all unverified). Review briefing.yaml, then run: briefing validate`);
      return 0;
    }
    io.out(flags.json ? JSON.stringify(draftJson(draft), null, 2) : preview(draft));
    return 0;
  } catch (err) {
    if (err instanceof IngestError) {
      io.err(`ingest: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

addVerb('ingest', 'turn an article (FILE or -) into a draft briefing; --write creates briefings/<id>/', (flags, args, io) => runIngest(flags, args, io));

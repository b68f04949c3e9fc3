/**
 * Writes a briefing folder atomically: both files go into a hidden temporary folder beside the target
 * (the loader and the watcher skip dot-folders), which is then renamed into place. A reader never sees a
 * half-written briefing, and a failure leaves nothing behind.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTICLE_FILE, BRIEFING_FILE, BRIEFING_ID } from '../briefing/load.ts';
import { IngestError } from './draft.ts';

export function writeBriefingFolder(root: string, id: string, files: { article: string; yaml: string }, options: { force?: boolean } = {}): string {
  if (!BRIEFING_ID.test(id)) throw new IngestError('bad_id', `"${id}" is not a briefing id (lower-case letters, digits and dashes, at most 64).`);
  const target = join(root, id);
  if (existsSync(target) && !options.force) {
    throw new IngestError('exists', `${target} already exists; pass --force to replace it, or --id to choose another id.`);
  }
  mkdirSync(root, { recursive: true });
  const temp = mkdtempSync(join(root, `.ingest-${id}-`));
  let old: string | undefined;
  try {
    writeFileSync(join(temp, ARTICLE_FILE), files.article, 'utf8');
    writeFileSync(join(temp, BRIEFING_FILE), files.yaml, 'utf8');
    if (existsSync(target)) {
      old = `${temp}.old`;
      renameSync(target, old);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    if (old && !existsSync(target)) renameSync(old, target);
    throw err;
  }
  if (old) rmSync(old, { recursive: true, force: true });
  return target;
}

/**
 * Live reload: watches the briefings folder and swaps a new Library into the core when a briefing is added,
 * changed or removed. Each changed folder is validated on its own; an invalid edit keeps the last good
 * version of that briefing and logs every problem (file, line, path, reason). The swap is one assignment
 * (core.setLibrary), so a request sees either the old library or the new one, never a mix.
 *
 * Change detection: fs.watch for speed, plus a periodic scan of file sizes and modification times as a safety
 * net for file systems where events are lost or unsupported. Changes are debounced so an editor's several
 * writes become one reload, and a reload looks only at the folders an event or the scan named.
 *
 * What it costs at 10,000 folders was measured (Node 20, Linux): a recursive fs.watch walks the tree
 * synchronously and opens one watcher per file and folder (about 1 s at start and 89 MB), and scanning every
 * file stats 30,000 paths (90 to 260 ms with the event loop blocked). So the recursive watch is used only up to
 * RECURSIVE_WATCH_MAX folders; above, the root alone is watched (folders added, removed or renamed, as ingest
 * and most editors save), and each scan lists the root and stats the files of SCAN_BATCH folders in turn, so
 * an edit in place is seen within (folders / SCAN_BATCH) scans.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../core.ts';
import { logger as defaultLogger } from '../log.ts';
import { Library } from './library.ts';
import { ARTICLE_FILE, BRIEFING_FILE, loadBriefingDir } from './load.ts';
import { formatBriefingError, type Briefing, type BriefingError } from './model.ts';

export interface WatchLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before reloading. */
  debounceMs?: number;
  /** How often the folder is scanned in case a file-system event was missed. */
  pollMs?: number;
  /** Folders whose files one scan stats (in turn, so each is checked every folders / scanBatch scans). */
  scanBatch?: number;
  /** Up to this many folders the whole tree is watched; above, the root only (default RECURSIVE_WATCH_MAX). */
  recursiveWatchMax?: number;
  logger?: WatchLogger;
}

export interface BriefingWatcher {
  stop(): void;
  /** Scans now and reloads what changed (what the timers do; exposed for callers that know a change happened). */
  rescan(): void;
}

type Fingerprint = string;

function fingerprint(dir: string): Fingerprint | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return [ARTICLE_FILE, BRIEFING_FILE]
    .map((f) => {
      try {
        const st = statSync(join(dir, f));
        return `${f}:${st.size}:${st.mtimeMs}`;
      } catch {
        return `${f}:missing`;
      }
    })
    .join('|');
}

/** The folder names of the root (not ingest's temporary folders or editors' files, which start with a dot). */
function folderNames(root: string): string[] {
  try {
    return readdirSync(root).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

function scanFolder(root: string): Map<string, Fingerprint> {
  const out = new Map<string, Fingerprint>();
  for (const name of folderNames(root)) {
    const fp = fingerprint(join(root, name));
    if (fp) out.set(name, fp);
  }
  return out;
}

/** Up to this many folders, the whole tree is watched (cheap there, and edits in place are seen at once). */
export const RECURSIVE_WATCH_MAX = 1000;
const SCAN_BATCH = 2000;

export function watchBriefings(core: Core, root: string, options: WatchOptions = {}): BriefingWatcher {
  const log = options.logger ?? defaultLogger;
  const debounceMs = options.debounceMs ?? 300;
  const pollMs = options.pollMs ?? 2000;
  const base = join(root, '..');

  // The last good version of each briefing, and the current problems of each folder.
  const good = new Map<string, Briefing>(core.library().briefings.map((b) => [b.id, b]));
  const problems = new Map<string, BriefingError[]>();
  for (const e of core.library().errors) {
    // The loader names files relative to the parent of the root: "briefings/<id>/briefing.yaml".
    const parts = e.file.split(/[\\/]/);
    const id = parts.length >= 3 ? parts[1]! : e.file;
    problems.set(id, [...(problems.get(id) ?? []), e]);
  }
  const seen = scanFolder(root);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Folders an event or a scan says may have changed, or all of them (a rescan, an event without a name).
  const pending = new Set<string>();
  let everything = false;

  const publish = (): void => {
    // Folder-name order, as loadBriefings lists them (code units), so a reload orders as a restart would.
    const briefings = [...good.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Layered on the current library: only the new and changed briefings are indexed (see LayeredNames).
    core.setLibrary(new Library(briefings, [...problems.values()].flat(), undefined, undefined, core.library()));
  };

  const reload = (): void => {
    if (stopped) return;
    const candidates = everything ? new Set([...folderNames(root), ...seen.keys()]) : new Set(pending);
    pending.clear();
    everything = false;
    const changed: string[] = [];
    for (const id of candidates) {
      const fp = fingerprint(join(root, id));
      if (fp === seen.get(id)) continue;
      if (fp) seen.set(id, fp);
      else seen.delete(id);
      changed.push(id);
    }
    if (changed.length === 0) return;
    for (const id of changed.sort()) {
      const dir = join(root, id);
      if (!seen.has(id)) {
        if (good.delete(id) || problems.delete(id)) log.info({ briefing: id }, `briefing removed: ${id}`);
        continue;
      }
      const { briefing, errors } = loadBriefingDir(dir, id, base);
      if (briefing) {
        const replaced = good.has(id);
        good.set(id, briefing);
        problems.delete(id);
        log.info({ briefing: id }, `briefing ${replaced ? 'reloaded' : 'added'}: ${id}`);
      } else {
        problems.set(id, errors);
        const kept = good.has(id) ? 'keeping the last good version' : 'not loaded';
        for (const e of errors) log.warn({ briefing: id, file: e.file, path: e.path, line: e.line, reason: e.reason }, `briefing edit rejected (${kept}): ${formatBriefingError(e)}`);
      }
    }
    publish();
  };

  const schedule = (): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      try {
        reload();
      } catch (err) {
        log.warn({ err }, `briefings reload failed: ${(err as Error).message}`);
      }
    }, debounceMs);
  };

  // The folder an event names: the first part of its path (a recursive watch names files within folders).
  const noted = (filename: string | Buffer | null): void => {
    const id = filename ? String(filename).split(/[\\/]/)[0] : undefined;
    if (id && !id.startsWith('.')) pending.add(id);
    else if (!id) everything = true;
    schedule();
  };
  let watcher: FSWatcher | undefined;
  if (existsSync(root)) {
    const recursive = seen.size <= (options.recursiveWatchMax ?? RECURSIVE_WATCH_MAX);
    try {
      watcher = watch(root, { recursive, persistent: false }, (_event, filename) => noted(filename));
      watcher.on('error', (err) => {
        log.warn({ err }, `watching ${root} failed; falling back to scanning every ${pollMs} ms`);
        watcher?.close();
        watcher = undefined;
      });
    } catch (err) {
      log.warn({ err }, `cannot watch ${root} (${(err as Error).message}); scanning every ${pollMs} ms instead`);
    }
  }
  // Each scan: folders added or removed, and the files of the next `batch` folders in turn.
  const batch = Math.max(1, options.scanBatch ?? SCAN_BATCH);
  let cursor = 0;
  const poll = setInterval(() => {
    const names = folderNames(root);
    const present = new Set(names);
    for (const id of names) if (!seen.has(id)) pending.add(id);
    for (const id of seen.keys()) if (!present.has(id)) pending.add(id);
    if (cursor >= names.length) cursor = 0;
    for (const id of names.slice(cursor, cursor + batch)) if (fingerprint(join(root, id)) !== seen.get(id)) pending.add(id);
    cursor += batch;
    if (pending.size > 0) schedule();
  }, pollMs);
  poll.unref();

  return {
    stop: () => {
      stopped = true;
      watcher?.close();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    },
    rescan: () => {
      everything = true;
      schedule();
    },
  };
}

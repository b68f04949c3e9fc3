/**
 * Live reload: watches the briefings folder and swaps a new Library into the core when a briefing is added,
 * changed or removed. Each changed folder is validated on its own; an invalid edit keeps the last good
 * version of that briefing and logs every problem (file, line, path, reason). The swap is one assignment
 * (core.setLibrary), so a request sees either the old library or the new one, never a mix.
 *
 * Change detection: fs.watch (recursive, supported on Linux since Node 20) for speed, plus a periodic scan of
 * file sizes and modification times as a safety net for file systems where events are lost or unsupported.
 * Changes are debounced so an editor's several writes become one reload.
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

function scanFolder(root: string): Map<string, Fingerprint> {
  const out = new Map<string, Fingerprint>();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue; // ingest's temporary folders, editors' files
    const fp = fingerprint(join(root, name));
    if (fp) out.set(name, fp);
  }
  return out;
}

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
  let seen = scanFolder(root);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const publish = (): void => {
    const briefings = [...good.values()].sort((a, b) => a.id.localeCompare(b.id));
    core.setLibrary(new Library(briefings, [...problems.values()].flat()));
  };

  const reload = (): void => {
    if (stopped) return;
    const now = scanFolder(root);
    const changed = new Set<string>();
    for (const [id, fp] of now) if (seen.get(id) !== fp) changed.add(id);
    for (const id of seen.keys()) if (!now.has(id)) changed.add(id);
    seen = now;
    if (changed.size === 0) return;
    for (const id of [...changed].sort()) {
      const dir = join(root, id);
      if (!now.has(id)) {
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

  let watcher: FSWatcher | undefined;
  if (existsSync(root)) {
    try {
      watcher = watch(root, { recursive: true, persistent: false }, () => schedule());
      watcher.on('error', (err) => {
        log.warn({ err }, `watching ${root} failed; falling back to scanning every ${pollMs} ms`);
        watcher?.close();
        watcher = undefined;
      });
    } catch (err) {
      log.warn({ err }, `cannot watch ${root} (${(err as Error).message}); scanning every ${pollMs} ms instead`);
    }
  }
  const poll = setInterval(() => {
    const now = scanFolder(root);
    const differs = now.size !== seen.size || [...now].some(([id, fp]) => seen.get(id) !== fp);
    if (differs) schedule();
  }, pollMs);
  poll.unref();

  return {
    stop: () => {
      stopped = true;
      watcher?.close();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    },
    rescan: () => schedule(),
  };
}

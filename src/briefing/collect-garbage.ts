/**
 * A full garbage collection, on request. A load without a startup cache parses every folder first and builds
 * the briefings afterwards (see parseThenRead in load.ts); by then the parse has left hundreds of megabytes
 * of garbage in the old generation, and V8, whose next collection is due only when the heap has grown by a
 * factor of what was live at the last one, would let the briefings pile up on top of it: at 10,000 briefings
 * the peak was 300 MB higher for it. One collection at that point, while almost nothing is live, is cheap.
 *
 * Node exposes `gc` only with --expose-gc; otherwise the flag is set for the time it takes to create one
 * context (what Jest's leak detector does), and unset again.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    if (typeof exposed === 'function') collect = exposed as () => void;
    else {
      try {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
      } catch {
        collect = null;
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
    }
  }
  collect?.();
}

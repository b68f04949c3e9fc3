/** Taking the first few of many: what list replies need when a question matches thousands of facts. */

/**
 * The `n` smallest items by `compare`, in order, without sorting them all (a bounded max-heap: n log n per
 * item at worst). Ties keep input order, as a stable sort would.
 */
export function smallest<T>(items: Iterable<T>, n: number, compare: (a: T, b: T) => number): T[] {
  if (n <= 0) return [];
  if (!Number.isFinite(n)) return [...items].sort(compare);
  const heap: Array<{ item: T; seq: number }> = [];
  // Larger first: the root is the worst item kept. Later input loses ties, so stability holds.
  const worse = (a: { item: T; seq: number }, b: { item: T; seq: number }): boolean => {
    const c = compare(a.item, b.item);
    return c > 0 || (c === 0 && a.seq > b.seq);
  };
  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && worse(heap[l]!, heap[top]!)) top = l;
      if (r < heap.length && worse(heap[r]!, heap[top]!)) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  let seq = 0;
  for (const item of items) {
    const entry = { item, seq: seq++ };
    if (heap.length < n) {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (worse(heap[0]!, entry)) {
      heap[0] = entry;
      down(0);
    }
  }
  return heap.sort((a, b) => compare(a.item, b.item) || a.seq - b.seq).map((e) => e.item);
}

/** "3 more …" footer text, or undefined when nothing was left out. */
export function moreNote(shown: number, total: number, noun: string, how: string): string | undefined {
  const more = total - shown;
  if (more <= 0) return undefined;
  return `${more.toLocaleString('en')} more ${noun}${more === 1 ? '' : 's'} not shown: ${how}.`;
}

/** Packed integer lists for the indexes: growable typed arrays, CSR grouping, and their JSON form. */

/** A growable list of 32-bit integers (no array object per element, nothing for the GC to trace). */
export class IntList {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Groups `values` by `groups` (parallel lists) into CSR form: `start[g]..start[g + 1]` indexes the values of
 * group g in `ids`, in their original order.
 */
export function groupBy(groups: IntList, values: IntList, count: number): { start: Int32Array; ids: Int32Array } {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < groups.length; i++) start[groups.get(i) + 1]!++;
  for (let g = 0; g < count; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, count);
  const ids = new Int32Array(groups.length);
  for (let i = 0; i < groups.length; i++) ids[fill[groups.get(i)]!++] = values.get(i);
  return { start, ids };
}

/**
 * Index of the first element of sorted `list[from..to)` that is not below `value` (strings in code-unit order),
 * or `to` when every one is.
 */
export function lowerBound<T extends string | number>(list: ArrayLike<T>, value: T, from = 0, to = list.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The distinct strings of `texts`, sorted by code unit, and each input's rank among them. */
export function rankStrings(texts: readonly string[]): { sorted: string[]; rank: Int32Array } {
  const ids = new Map<string, number>();
  const first: number[] = [];
  const tmp = new Int32Array(texts.length);
  texts.forEach((t, i) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = ids.size;
      ids.set(t, id);
      first.push(i);
    }
    tmp[i] = id;
  });
  // The default sort compares strings in C++ (code-unit order), far faster than a comparator callback.
  const sorted = [...ids.keys()].sort();
  const order = new Int32Array(sorted.length);
  sorted.forEach((t, r) => (order[ids.get(t)!] = r));
  const rank = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) rank[i] = order[tmp[i]!]!;
  return { sorted, rank };
}

/** An index as plain data: lists of strings and of integers, by name (what the startup cache stores). */
export interface Packed {
  strings: Record<string, readonly string[]>;
  ints: Record<string, Int32Array>;
}

export function packedStrings(packed: Packed, name: string): readonly string[] {
  const list = packed.strings[name];
  if (!list) throw new Error(`packed index without ${name}`);
  return list;
}

export function packedInts(packed: Packed, name: string): Int32Array {
  const list = packed.ints[name];
  if (!(list instanceof Int32Array)) throw new Error(`packed index without ${name}`);
  return list;
}

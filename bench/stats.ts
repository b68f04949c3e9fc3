/** Percentiles over a mix of query variants, each variant weighing the same whatever its number of samples. */

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Quantiles of the equal-weight mixture of several sample sets: each set is resampled at `points` evenly
 * spaced quantiles, so a fast variant measured 10,000 times does not drown a slow one measured 100 times.
 */
export function mixture(sets: Array<ArrayLike<number>>, points = 1000): number[] {
  const pooled: number[] = [];
  for (const sorted of sets) {
    if (sorted.length === 0) continue;
    for (let i = 0; i < points; i++) pooled.push(quantile(sorted, (i + 0.5) / points));
  }
  return pooled.sort((a, b) => a - b);
}

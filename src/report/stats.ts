// Percentiles of durations, for hook and push timings.

/** The p-th percentile (0-100) of the values, interpolating between neighbours; undefined for no values. */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Median, 95th percentile and maximum, rounded to whole milliseconds. */
export interface Timing {
  count: number;
  median?: number;
  p95?: number;
  max?: number;
}

/** The timing summary of a list of durations in ms. */
export function timing(ms: number[]): Timing {
  const round = (v: number | undefined) => (v === undefined ? undefined : Math.round(v));
  return { count: ms.length, median: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(ms.length ? Math.max(...ms) : undefined) };
}

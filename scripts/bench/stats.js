// @ts-check
/** The statistics the benchmarks report: medians and spreads of per-round samples. */

/**
 * The q-quantile (0..1) of `values`, linearly interpolated.
 * @param {readonly number[]} values
 * @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** @param {readonly number[]} values */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * A median with its spread: the interquartile range as a share of the median (`±` half of it),
 * which says how much rounds disagreed without being thrown by one outlier.
 * @typedef {{ median: number, p25: number, p75: number, spread: number, samples: number[] }} Summary
 * @param {readonly number[]} values
 * @returns {Summary}
 */
export function summarize(values) {
  const mid = median(values);
  const p25 = quantile(values, 0.25);
  const p75 = quantile(values, 0.75);
  return { median: mid, p25, p75, spread: mid > 0 ? (p75 - p25) / 2 / mid : 0, samples: [...values] };
}

/**
 * A copy of `items` in random order (Fisher-Yates), so no variant always runs first or last.
 * @template T
 * @param {readonly T[]} items
 * @returns {T[]}
 */
export function shuffled(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// Small numeric helpers shared by the benchmark runner.

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to a fixed number of significant decimals, so results.json stays readable and diffable. */
export function round(value, decimals = 3) {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export const MiB = 1024 * 1024;

/** Throughput in MiB/s of `bytes` moved in `ms` milliseconds. */
export function mibPerSecond(bytes, ms) {
  return bytes / MiB / (ms / 1000);
}

/**
 * GrowthBook's bucket ranges and variation choice (JS SDK `getBucketRanges`, `inRange`,
 * `chooseVariation`), reproduced exactly, including its handling of invalid input — but silently:
 * the SDK logs to the console outside production, the decision core does not.
 */

/** A half-open range [start, end) of hash values. */
export type BucketRange = [number, number];

/**
 * Bucket ranges for variant weights (fractions) and coverage (fraction of traffic in the experiment).
 * Identical to GrowthBook's `getBucketRanges(weights.length, coverage, weights)`:
 * 1. coverage is clamped to [0, 1];
 * 2. weights that do not sum to 1 ± 0.01 are replaced by equal weights;
 * 3. variant i gets [start_i, start_i + coverage × w_i), where start_i is the sum of the earlier
 *    weights — so reducing coverage shrinks every range from its end, and an individual's
 *    variant never changes as coverage grows.
 */
export function bucketRanges(weights: number[], coverage: number): BucketRange[] {
  // 1. Clamp coverage (NaN passes through, as in the SDK, and then matches nothing).
  let c = coverage;
  if (c < 0) c = 0;
  else if (c > 1) c = 1;

  // 2. Fall back to equal weights when they do not add up to 1 (or close to it).
  let w = weights;
  const total = w.reduce((sum, x) => sum + x, 0);
  if (total < 0.99 || total > 1.01) w = equalWeights(w.length);

  // 3. Weights to ranges.
  let cumulative = 0;
  return w.map((x) => {
    const start = cumulative;
    cumulative += x;
    return [start, start + c * x] as BucketRange;
  });
}

/** n equal weights of 1/n (GrowthBook's `getEqualWeights`). */
export function equalWeights(n: number): number[] {
  if (n <= 0) return [];
  return new Array<number>(n).fill(1 / n);
}

/** True when n is in [start, end). */
export function inRange(n: number, range: BucketRange): boolean {
  return n >= range[0] && n < range[1];
}

/** Index of the first range holding n, or -1 when n falls outside every range (GrowthBook's `chooseVariation`). */
export function chooseVariant(n: number, ranges: BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (inRange(n, ranges[i]!)) return i;
  }
  return -1;
}

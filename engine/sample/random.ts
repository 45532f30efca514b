/**
 * Seeded randomness for the sample data set. Pure: the only source of entropy is the seed, so the
 * same seed always yields the same stream. sfc32 is small, fast and passes PractRand; seeds are
 * spread with splitmix32 so that neighbouring seeds (1, 2, 3...) give unrelated streams.
 */

/** The draws the sample generator needs, over one seeded stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** An index, with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number;
  /** Normally distributed (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** exp(normal(mu, sigma)): a positive value with a long right tail. */
  logNormal(mu: number, sigma: number): number;
  /** Failures before the first success of a trial with mean `mean` failures (≥ 0). */
  geometric(mean: number): number;
}

const TWO_POW_32 = 4294967296;

/** murmur3's 32-bit finalizer: a good avalanche of one word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Splits any finite number into two 32-bit words (so seeds above 2^32 still matter). */
const words = (n: number): [number, number] => {
  const v = Math.trunc(Number.isFinite(n) ? n : 0);
  return [v >>> 0, Math.floor(v / TWO_POW_32) >>> 0];
};

/**
 * Derives an independent 32-bit seed from a seed and a path of integers, e.g. (seed, index, stream).
 * Individual k's stream depends only on (seed, k), never on generation order.
 */
export function deriveSeed(seed: number, ...path: number[]): number {
  const [lo, hi] = words(seed);
  let h = fmix32(lo ^ 0x9e3779b9) ^ fmix32(hi + 0x7f4a7c15);
  for (const part of path) {
    const [a, b] = words(part);
    h = fmix32(Math.imul(h ^ a, 0x9e3779b1) + 0x632be5ab);
    h = fmix32(h ^ Math.imul(b + 1, 0x85ebca77));
  }
  return h >>> 0;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // 1. Spread the seed over the four state words with splitmix32.
    const s = deriveSeed(seed);
    this.a = fmix32((s + 0x9e3779b9) | 0);
    this.b = fmix32((s + 0x3c6ef372) | 0);
    this.c = fmix32((s + 0xdaa66d2b) | 0);
    this.d = fmix32((s + 0x78dde6e4) | 0) | 1;
    // 2. Discard the first outputs, as sfc32's author recommends.
    for (let i = 0; i < 12; i++) this.u32();
  }

  private u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.u32() / TWO_POW_32;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)]!;
  }

  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    // Rounding can leave r at ~0 after the loop: the last positive weight wins.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  normal(mean = 0, sd = 1): number {
    // 1 - next() is in (0, 1], so the log is finite.
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  geometric(mean: number): number {
    if (mean <= 0) return 0;
    const p = 1 / (mean + 1);
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }
}

/** A small, fast seeded PRNG (sfc32). The same seed always gives the same sequence. */
export function createRng(seed: number): Rng {
  return new Sfc32(seed);
}

/**
 * A precomputed weighted sampler for a fixed list of weights (cumulative table + binary search),
 * for the hot paths: O(log n) per draw instead of O(n).
 */
export function createSampler(weights: readonly number[]): (rng: Rng) => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += Math.max(0, w);
    cumulative[i] = total;
  });
  if (!(total > 0)) throw new RangeError('a sampler needs a positive total weight');
  const last = weights.length - 1;
  return (rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

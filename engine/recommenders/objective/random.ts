/**
 * Seeded randomness for training (factor initialisation, BPR sampling, k-means seeding). Pure: the
 * seed is the only source of entropy, so the same seed gives the same model, byte for byte.
 */

/** A seeded stream of draws. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/** splitmix32: spreads a seed (and a stream number) into well-mixed 32-bit state. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A mulberry32 stream for (seed, stream); different streams of one seed are unrelated. */
export function seededRandom(seed: number, stream = 0): SeededRandom {
  let a = splitmix32(splitmix32(seed | 0) ^ Math.imul(stream + 1, 0x632be5ab));
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      // 1 - next() is in (0, 1], so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - next()));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

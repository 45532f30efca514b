import { describe, expect, it } from 'vitest';
import { createRng, createSampler, deriveSeed } from '../../../engine/sample/random.ts';

const draws = (seed: number, n = 5) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('gives the same sequence for the same seed and different ones for neighbouring seeds', () => {
    expect(draws(42)).toEqual(draws(42));
    expect(draws(1)).not.toEqual(draws(2));
    expect(draws(2 ** 32 + 1)).not.toEqual(draws(1));
  });

  it('draws within bounds', () => {
    const rng = createRng(7);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = rng.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
      const r = rng.range(-2, 3);
      expect(r >= -2 && r < 3).toBe(true);
      expect(rng.geometric(2)).toBeGreaterThanOrEqual(0);
    }
  });

  it('has the distributions it promises', () => {
    const rng = createRng(3);
    const n = 50_000;
    let sum = 0;
    let sumSq = 0;
    const counts = [0, 0, 0];
    let geo = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(10, 2);
      sum += x;
      sumSq += x * x;
      counts[rng.weightedIndex([1, 0, 3])]! += 1;
      geo += rng.geometric(3);
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(10, 1);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(2, 1);
    expect(counts[1]).toBe(0);
    expect(counts[2]! / n).toBeCloseTo(0.75, 1);
    expect(geo / n).toBeCloseTo(3, 0);
  });

  it('picks from lists and refuses empty ones', () => {
    const rng = createRng(5);
    expect(['a', 'b', 'c']).toContain(rng.pick(['a', 'b', 'c']));
    expect(rng.weighted(['x', 'y'], [0, 1])).toBe('y');
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weightedIndex([0, 0])).toThrow(RangeError);
  });
});

describe('createSampler', () => {
  it('matches its weights and never draws a zero weight', () => {
    const draw = createSampler([5, 0, 1, 4]);
    const rng = createRng(11);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[draw(rng)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 40_000).toBeCloseTo(0.5, 1);
    expect(counts[3]! / 40_000).toBeCloseTo(0.4, 1);
  });
});

describe('deriveSeed', () => {
  it('separates streams by path', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 1000; i++) for (const stream of [1, 2, 3]) seeds.add(deriveSeed(1, i, stream));
    expect(seeds.size).toBe(3000);
    expect(deriveSeed(1, 5, 2)).toBe(deriveSeed(1, 5, 2));
    expect(deriveSeed(1, 5, 2)).not.toBe(deriveSeed(2, 5, 2));
  });
});

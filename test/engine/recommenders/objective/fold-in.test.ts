import { describe, expect, it } from 'vitest';
import { choleskySolve, gram } from '../../../../engine/recommenders/objective/dense.ts';
import { FoldIn } from '../../../../engine/recommenders/objective/fold-in.ts';
import { seededRandom } from '../../../../engine/recommenders/objective/random.ts';

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    // A = [[4, 2], [2, 3]], x = [1, -2] → b = [0, -4].
    const a = Float64Array.from([4, 2, 2, 3]);
    const b = Float64Array.from([0, -4]);
    expect(choleskySolve(a, b, 2)).toBe(true);
    expect(b[0]).toBeCloseTo(1, 12);
    expect(b[1]).toBeCloseTo(-2, 12);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toBe(false);
  });
});

describe('FoldIn', () => {
  it('solves the iALS user step exactly: (YᵀY + λI + Σ(c−1)yyᵀ) x = Σ c y', () => {
    const k = 4;
    const n = 6;
    const rng = seededRandom(5);
    const y = Float32Array.from({ length: n * k }, () => rng.normal());
    const lambda = 0.3;
    const alpha = 2;
    const items = [1, 4];
    const weights = [1, 0.5];
    const x = new Float64Array(k);
    expect(new FoldIn(y, n, k, lambda, alpha).solve(items, weights, 2, x)).toBe(true);
    // Check the normal equations directly.
    const a = gram(y, n, k, lambda);
    const b = new Float64Array(k);
    items.forEach((i, e) => {
      const c = 1 + alpha * weights[e]!;
      for (let f = 0; f < k; f++) {
        b[f]! += c * y[i * k + f]!;
        for (let h = 0; h < k; h++) a[f * k + h]! += (c - 1) * y[i * k + f]! * y[i * k + h]!;
      }
    });
    for (let f = 0; f < k; f++) {
      let lhs = 0;
      for (let h = 0; h < k; h++) lhs += a[f * k + h]! * x[h]!;
      expect(lhs).toBeCloseTo(b[f]!, 9);
    }
  });

  it('returns false and a zero vector without interactions', () => {
    const x = Float64Array.from([1, 1]);
    expect(new FoldIn(Float32Array.from([1, 0, 0, 1]), 2, 2, 0.1, 1).solve([], [], 0, x)).toBe(false);
    expect(Array.from(x)).toEqual([0, 0]);
  });
});

describe('FoldIn: the Woodbury path (fewer interactions than factors) and the normal equations agree', () => {
  it.each([1, 3, 7, 15, 16, 17, 40])('%d interactions', (m) => {
    const k = 16;
    const n = 120;
    const rng = seededRandom(11 + m);
    const y = Float32Array.from({ length: n * k }, () => rng.normal() * 0.3);
    const foldIn = new FoldIn(y, n, k, 0.1, 8);
    const items = Array.from({ length: m }, (_, e) => (e * 37 + 5) % n);
    const weights = Array.from({ length: m }, (_, e) => (e % 4 === 3 ? 0 : 0.5 + rng.next()));
    const x = new Float64Array(k);
    expect(foldIn.solve(items, weights, m, x)).toBe(true);
    // The normal equations directly: (YᵀY + λI + Σ(c−1)yyᵀ) x = Σ c y.
    const a = gram(y, n, k, 0.1);
    const b = new Float64Array(k);
    items.forEach((i, e) => {
      if (!(weights[e]! > 0)) return;
      const c = 1 + 8 * weights[e]!;
      for (let f = 0; f < k; f++) {
        b[f]! += c * y[i * k + f]!;
        for (let h = 0; h < k; h++) a[f * k + h]! += (c - 1) * y[i * k + f]! * y[i * k + h]!;
      }
    });
    expect(choleskySolve(a, b, k)).toBe(true);
    for (let f = 0; f < k; f++) expect(x[f]).toBeCloseTo(b[f]!, 9);
  });
});

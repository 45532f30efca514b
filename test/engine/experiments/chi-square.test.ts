import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma, regularizedUpperGamma } from '../../../engine/experiments/chi-square.ts';
import { sampleRatioCheck } from '../../../engine/experiments/sample-ratio.ts';
import { wilsonInterval } from '../../../engine/experiments/wilson.ts';

// Reference values from scipy.stats.chi2.sf (SciPy 1.17).
const KNOWN: [x: number, df: number, p: number][] = [
  [3.841458820694124, 1, 0.05],
  [1, 1, 0.31731050786291115],
  [10, 3, 0.01856613546304325],
  [0.5, 7, 0.9994464813904249],
  [100, 50, 3.454931382984871e-5],
  [30, 10, 0.000856641210775301],
  [0.001, 1, 0.9747728793699604],
  [250, 200, 0.009379131668826098],
  [45, 2, 1.69189792261513e-10],
];

describe('chiSquareSurvival', () => {
  it.each(KNOWN)('P(χ²(%d) ≥ x) for x=%d matches SciPy', (x, df, p) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 12);
    expect(Math.abs(chiSquareSurvival(x, df) - p) / p).toBeLessThan(1e-9);
  });

  it('equals the closed forms for even degrees of freedom', () => {
    for (const x of [0.2, 1, 3.5, 12, 40]) {
      expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 13);
      expect(chiSquareSurvival(x, 4)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 13);
    }
  });

  it('is 1 at and below zero, NaN for a bad df, and 0 at infinity', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 3)).toBe(1);
    expect(chiSquareSurvival(2, 0)).toBeNaN();
    expect(regularizedUpperGamma(1, Infinity)).toBe(0);
  });

  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 8);
  });
});

describe('sampleRatioCheck', () => {
  it('is Pearson chi-square against the expected shares', () => {
    // 50/50 expected, 5,100 vs 4,900 observed: χ² = 2·100²/5000 = 4, df 1.
    const r = sampleRatioCheck([
      { key: 'a', individuals: 5100, expectedShare: 0.5 },
      { key: 'b', individuals: 4900, expectedShare: 0.5 },
    ]);
    expect(r.chiSquare).toBeCloseTo(4, 12);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.pValue).toBeCloseTo(0.04550026389635842, 12);
  });

  it('uses unequal weights and more cohorts', () => {
    const r = sampleRatioCheck([
      { key: 'control', individuals: 200, expectedShare: 0.2 },
      { key: 'a', individuals: 410, expectedShare: 0.4 },
      { key: 'b', individuals: 390, expectedShare: 0.4 },
    ]);
    expect(r.chiSquare).toBeCloseTo(0 + 100 / 400 + 100 / 400, 12);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-0.25), 12);
  });

  it('has no p-value without individuals, and p = 0 when a zero-weight cohort got some', () => {
    expect(sampleRatioCheck([{ key: 'a', individuals: 0, expectedShare: 1 }]).pValue).toBeNull();
    expect(
      sampleRatioCheck([
        { key: 'a', individuals: 0, expectedShare: 0.5 },
        { key: 'b', individuals: 0, expectedShare: 0.5 },
      ]).pValue,
    ).toBeNull();
    expect(
      sampleRatioCheck([
        { key: 'a', individuals: 10, expectedShare: 0.5 },
        { key: 'b', individuals: 10, expectedShare: 0.5 },
        { key: 'c', individuals: 1, expectedShare: 0 },
      ]).pValue,
    ).toBe(0);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    // 20 of 100: the commonly quoted Wilson interval [0.1334, 0.2888].
    const [lo, hi] = wilsonInterval(20, 100);
    expect(lo).toBeCloseTo(0.1333669333310325, 10);
    expect(hi).toBeCloseTo(0.2888291655931589, 10);
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775327998628892, 10);
    expect(wilsonInterval(0, 0)).toEqual([0, 0]);
  });
});

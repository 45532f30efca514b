import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { bucketRanges, chooseVariant } from '../../../engine/experiments/index.ts';
import cases from './cases.json' with { type: 'json' };
import { gbUtil } from './growthbook-sdk.ts';

type Range = [number, number];

// The SDK reports invalid weights and coverage with console.error outside production; keep the output clean.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('bucketRanges', () => {
  it.each(cases.bucketRanges)('$source: $name', ({ source, weights, coverage, expected }) => {
    const ours = bucketRanges(weights, coverage);
    // Always identical to the installed SDK, to the last bit.
    expect(ours).toEqual(gbUtil.getBucketRanges(weights.length, coverage, weights));
    if (source === 'sdk-1.8.0') {
      expect(ours).toEqual(expected);
    } else {
      // The spec file rounds its values (0.04 for 0.2 × 0.2 = 0.04000000000000001).
      expect(ours).toHaveLength(expected.length);
      ours.forEach((r, i) => {
        expect(r[0]).toBeCloseTo(expected[i]![0]!, 10);
        expect(r[1]).toBeCloseTo(expected[i]![1]!, 10);
      });
    }
  });

  it('equals the SDK getBucketRanges for arbitrary weights and coverage', () => {
    const weight = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(weight, { minLength: 1, maxLength: 6 }),
        fc.double({ min: -0.5, max: 1.5, noNaN: true }),
        (weights, coverage) => {
          expect(bucketRanges(weights, coverage)).toEqual(gbUtil.getBucketRanges(weights.length, coverage, weights));
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('keeps every variant range starting at its cumulative weight, so coverage only trims range ends', () => {
    const full = bucketRanges([0.2, 0.3, 0.5], 1);
    const part = bucketRanges([0.2, 0.3, 0.5], 0.4);
    part.forEach((r, i) => {
      expect(r[0]).toBe(full[i]![0]);
      expect(r[1]).toBeLessThanOrEqual(full[i]![1]);
    });
  });
});

describe('chooseVariant', () => {
  it.each(cases.chooseVariant)('$name', ({ n, ranges, expected }) => {
    expect(chooseVariant(n, ranges as Range[])).toBe(expected);
    expect(gbUtil.chooseVariation(n, ranges as Range[])).toBe(expected);
  });
});

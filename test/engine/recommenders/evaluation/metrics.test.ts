import { describe, expect, it } from 'vitest';
import { MetricAccumulator } from '../../../../engine/recommenders/evaluation/metrics.ts';

const targets = (...items: number[]) => Int32Array.from(items);
const log2 = Math.log2;

describe('MetricAccumulator', () => {
  it('computes hit-rate, recall@k over min(k, targets), NDCG@k and coverage by hand', () => {
    const acc = new MetricAccumulator(3, 10);
    // Individual A: targets {2, 5}; list [5, 1, 2] → 2 hits at ranks 0 and 2.
    acc.add([5, 1, 2], 3, targets(2, 5), 0, 2);
    // Individual B: targets {7}; list [0, 1, 3] → no hit.
    acc.add([0, 1, 3], 3, targets(7), 0, 1);
    // Individual C: targets {1, 4, 6, 8} (more than k); list [4, 9] (short) → 1 hit at rank 0.
    acc.add([4, 9], 2, targets(1, 4, 6, 8), 0, 4);
    const r = acc.result();
    expect(r.individuals).toBe(3);
    expect(r.hitRate).toBeCloseTo(2 / 3, 12);
    expect(r.recall).toBeCloseTo((2 / 2 + 0 + 1 / 3) / 3, 12);
    const ndcgA = (1 + 1 / log2(4)) / (1 + 1 / log2(3));
    const ndcgC = 1 / (1 + 1 / log2(3) + 1 / log2(4));
    expect(r.ndcg).toBeCloseTo((ndcgA + 0 + ndcgC) / 3, 12);
    // Distinct items shown: 5, 1, 2, 0, 3, 4, 9.
    expect(r.coverage).toBeCloseTo(7 / 10, 12);
  });

  it('reads targets from a slice and only the first k entries of a list', () => {
    const acc = new MetricAccumulator(1, 5);
    acc.add([3, 2], 2, targets(9, 2, 3, 9), 1, 3);
    expect(acc.result()).toMatchObject({ hitRate: 1, recall: 1, ndcg: 1, coverage: 1 / 5 });
  });

  it('ignores individuals without targets', () => {
    const acc = new MetricAccumulator(3, 5);
    acc.add([1], 1, targets(), 0, 0);
    expect(acc.result().individuals).toBe(0);
  });
});

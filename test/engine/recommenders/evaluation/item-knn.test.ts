import { describe, expect, it } from 'vitest';
import { buildItemKnn, ItemKnnScorer } from '../../../../engine/recommenders/evaluation/item-knn.ts';
import { TopK } from '../../../../engine/recommenders/objective/top-k.ts';
import { matrixOf } from '../objective/factories.ts';

describe('item-kNN baseline', () => {
  // Items 0 and 1 always go together; 2 goes with 1 once; 3 is alone.
  const m = matrixOf(4, 4, [
    [0, 0, 1],
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 1],
    [2, 1, 1],
    [2, 2, 1],
    [3, 3, 1],
  ]);

  it("keeps each item's most similar items by cosine, best first", () => {
    const knn = buildItemKnn(m, 2)!;
    const of = (i: number) => Array.from(knn.neighbour.subarray(knn.ptr[i]!, knn.ptr[i + 1]!));
    expect(of(0)).toEqual([1]);
    expect(of(1)).toEqual([0, 2]);
    expect(of(3)).toEqual([]);
    // cos(0, 1) = 2 / (√2 · √3).
    expect(knn.similarity[knn.ptr[0]!]).toBeCloseTo(2 / Math.sqrt(6), 6);
  });

  it("scores an individual's unseen items by the similarities of their items", () => {
    const scorer = new ItemKnnScorer(buildItemKnn(m)!);
    const heap = new TopK(5);
    const mask = Uint8Array.from([1, 0, 0, 0]);
    expect(scorer.score([0], [1], 1, heap, mask)).toBe(1);
    expect(heap.drain()).toBe(1);
    expect(heap.index[0]).toBe(1);
  });

  it('returns undefined when cancelled', () => {
    expect(buildItemKnn(m, 5, { isCancelled: () => true })).toBeUndefined();
  });
});

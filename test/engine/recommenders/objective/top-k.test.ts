import { describe, expect, it } from 'vitest';
import { TopK } from '../../../../engine/recommenders/objective/top-k.ts';
import { seededRandom } from '../../../../engine/recommenders/objective/random.ts';

/** The reference: a full sort, best score first, ties by lower index. */
const bySort = (scores: number[], k: number) =>
  scores
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k);

describe('TopK', () => {
  it.each([1, 3, 10, 50, 200])('keeps the %i best of random scores, in order, like a full sort', (k) => {
    const rng = seededRandom(k, 3);
    for (let round = 0; round < 20; round++) {
      // Few distinct values, so ties are frequent.
      const scores = Array.from({ length: 150 }, () => Math.floor(rng.next() * 20) / 4);
      const heap = new TopK(k);
      scores.forEach((s, i) => heap.push(i, s));
      const n = heap.drain();
      const got = Array.from({ length: n }, (_, r) => ({ s: heap.score[r]!, i: heap.index[r]! }));
      expect(got).toEqual(bySort(scores, k));
    }
  });

  it('breaks ties by the lower index whatever the arrival order', () => {
    const heap = new TopK(2);
    for (const i of [9, 4, 7, 1, 3]) heap.push(i, 1);
    expect(heap.drain()).toBe(2);
    expect(Array.from(heap.index.subarray(0, 2))).toEqual([1, 3]);
  });

  it('is reusable after reset and reports its threshold once full', () => {
    const heap = new TopK(2);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(0, 5);
    heap.push(1, 7);
    expect(heap.threshold).toBe(5);
    heap.reset();
    heap.push(2, 1);
    expect(heap.drain()).toBe(1);
    expect(heap.index[0]).toBe(2);
  });

  it('holds nothing with capacity 0', () => {
    const heap = new TopK(0);
    heap.push(1, 1);
    expect(heap.drain()).toBe(0);
  });
});

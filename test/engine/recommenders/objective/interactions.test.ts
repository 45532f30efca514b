import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix, itemTotals } from '../../../../engine/recommenders/objective/interactions.ts';
import { matrixOf, planted, plantedMatrix } from './factories.ts';

describe('buildInteractionMatrix', () => {
  it('sums duplicate (individual, item) pairs, sorts rows by item and drops zero weights', () => {
    const m = matrixOf(2, 4, [
      [1, 3, 1],
      [0, 2, 0.5],
      [1, 0, 0.25],
      [0, 2, 0.5],
      [1, 3, 2],
      [0, 1, 0],
    ]);
    expect(m.nnz).toBe(3);
    expect(Array.from(m.userPtr)).toEqual([0, 1, 3]);
    expect(Array.from(m.userItems)).toEqual([2, 0, 3]);
    expect(Array.from(m.userWeights)).toEqual([1, 0.25, 3]);
    // The transpose holds the same entries by item, rows in individual order.
    expect(Array.from(m.itemPtr)).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(m.itemUsers)).toEqual([1, 0, 1]);
    expect(Array.from(itemTotals(m))).toEqual([0.25, 0, 1, 3]);
  });

  it('gives the same layout whatever the order of the events', () => {
    const d = planted();
    const a = plantedMatrix(d);
    const order = Array.from({ length: d.length }, (_, i) => d.length - 1 - i);
    const b = buildInteractionMatrix(d.users, d.items, {
      length: d.length,
      user: Int32Array.from(order, (e) => d.user[e]!),
      item: Int32Array.from(order, (e) => d.item[e]!),
      weight: new Float64Array(d.length).fill(1),
    });
    expect(b.userItems).toEqual(a.userItems);
    expect(b.itemUsers).toEqual(a.itemUsers);
    expect(b.userWeights).toEqual(a.userWeights);
  });

  it('throws (a caller bug) on an index outside the matrix', () => {
    expect(() => matrixOf(2, 2, [[2, 0, 1]])).toThrow(/outside the matrix/);
    expect(() => matrixOf(2, 2, [[0, -1, 1]])).toThrow(/outside the matrix/);
  });
});

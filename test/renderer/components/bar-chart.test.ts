import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../../renderer/src/components/bar-chart.tsx';

describe('niceTicks', () => {
  it.each([
    [7, [0, 2, 4, 6, 8]],
    [203_000, [0, 100_000, 200_000, 300_000]],
    [1, [0, 0.5, 1]],
    [0, [0, 1]],
  ])('%d → %j', (max, ticks) => expect(niceTicks(max)).toEqual(ticks));

  it('always reaches the maximum', () => {
    for (const max of [3, 17, 99, 101, 12_345, 0.3]) expect(niceTicks(max).at(-1)!).toBeGreaterThanOrEqual(max);
  });
});

import { describe, expect, it } from 'vitest';
import type { EngagementRow, EngagementType } from '../../../../engine/model/index.ts';
import { buildIvf } from '../../../../engine/recommenders/objective/ivf-index.ts';
import { OBJECTIVE_WEIGHTS } from '../../../../engine/recommenders/objective/objective-weights.ts';
import { seededRandom } from '../../../../engine/recommenders/objective/random.ts';
import {
  ObjectiveScorer,
  profileInteractions,
  type ObjectiveModelData,
} from '../../../../engine/recommenders/objective/scorer.ts';
import { FoldIn } from '../../../../engine/recommenders/objective/fold-in.ts';

const K = 6;
const N = 80;

function model(over: Partial<ObjectiveModelData> = {}): ObjectiveModelData {
  const rng = seededRandom(21);
  return {
    itemIds: Array.from({ length: N }, (_, i) => `prod_${String(i).padStart(3, '0')}`),
    factors: K,
    itemFactors: Float32Array.from({ length: N * K }, () => rng.normal()),
    popularity: Float32Array.from({ length: N }, (_, i) => (i * 37) % 11),
    regularization: 0.5,
    alpha: 3,
    probe: 0,
    ...over,
  };
}

/** Brute force: fold in, score every item, sort (best first, ties by index), skip masked ones. */
function reference(d: ObjectiveModelData, items: number[], weights: number[], k: number, mask?: Uint8Array): number[] {
  const x = new Float64Array(d.factors);
  new FoldIn(d.itemFactors, N, d.factors, d.regularization, d.alpha).solve(items, weights, items.length, x);
  const scored = Array.from({ length: N }, (_, i) => {
    let s = 0;
    for (let f = 0; f < d.factors; f++) s += d.itemFactors[i * d.factors + f]! * x[f]!;
    return { i, s };
  });
  return scored
    .filter((c) => !mask || mask[c.i] === 0)
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k)
    .map((c) => c.i);
}

describe('ObjectiveScorer', () => {
  it('returns the exact top k over every item, masked items skipped', () => {
    const d = model();
    const scorer = new ObjectiveScorer(d);
    const mask = new Uint8Array(N);
    for (const ref of reference(d, [3, 10, 11], [1, 0.25, 0.1], 5)) mask[ref] = 1;
    for (const m of [undefined, mask]) {
      const top = scorer.topK([3, 10, 11], [1, 0.25, 0.1], 3, 10, m ? { mask: m } : {});
      expect(top.coldStart).toBe(false);
      expect(top.approximate).toBe(false);
      expect(Array.from(top.index.subarray(0, top.count))).toEqual(reference(d, [3, 10, 11], [1, 0.25, 0.1], 10, m));
      for (let r = 1; r < top.count; r++) expect(top.score[r]!).toBeLessThanOrEqual(top.score[r - 1]!);
    }
  });

  it('ranks by popularity (ties by item id) without interactions', () => {
    const d = model();
    const top = new ObjectiveScorer(d).topK([], [], 0, 4);
    expect(top.coldStart).toBe(true);
    const expected = Array.from(d.popularity, (s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 4)
      .map((c) => c.i);
    expect(Array.from(top.index.subarray(0, 4))).toEqual(expected);
  });

  it('scores through the IVF index when it has one, unless asked for exact scoring', () => {
    const d = model();
    const ivf = buildIvf(d.itemFactors, N, K, 8, 1);
    const all = new ObjectiveScorer({ ...d, ivf, probe: 8 });
    const some = new ObjectiveScorer({ ...d, ivf, probe: 2 });
    const exact = reference(d, [5], [1], 10);
    const a = all.topK([5], [1], 1, 10);
    expect(a.approximate).toBe(true);
    expect(Array.from(a.index.subarray(0, a.count))).toEqual(exact);
    const s = some.topK([5], [1], 1, 10);
    expect(s.count).toBeLessThanOrEqual(10);
    expect(some.topK([5], [1], 1, 10, { mode: 'exact' }).approximate).toBe(false);
  });

  it('knows its items by id', () => {
    const scorer = new ObjectiveScorer(model());
    expect(scorer.indexOf('prod_007')).toBe(7);
    expect(scorer.indexOf('prod_999')).toBeUndefined();
    expect(scorer.itemId(7)).toBe('prod_007');
    expect(() => new ObjectiveScorer(model({ factors: 5 }))).toThrow(/expected 80 items × 5/);
  });
});

describe('profileInteractions', () => {
  const row = (itemId: string, type: EngagementType, timestamp: string): EngagementRow => ({
    itemId,
    type,
    timestamp,
    quantity: 1,
    price: null,
  });
  const engagement = {
    browse: [
      row('a', 'browse', '2026-11-20T00:00:00.000Z'),
      row('b', 'browse', '2026-11-21T00:00:00.000Z'),
      row('a', 'browse', '2026-01-01T00:00:00.000Z'),
    ],
    cart: [row('a', 'cart', '2026-11-22T00:00:00.000Z'), row('new', 'cart', '2026-11-22T00:00:00.000Z')],
    order: [row('b', 'order', '2026-11-23T00:00:00.000Z')],
  };
  const index = new Map([
    ['a', 0],
    ['b', 1],
  ]);

  it('sums the objective weights per item within the window and counts rows on unknown items', () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    const to = Date.parse('2026-11-28T00:00:00Z');
    const r = profileInteractions(engagement, OBJECTIVE_WEIGHTS.purchase, from, to, (id) => index.get(id));
    expect(r.count).toBe(2);
    expect(Array.from(r.items)).toEqual([0, 1]);
    const w = OBJECTIVE_WEIGHTS.purchase;
    expect(r.weights[0]).toBeCloseTo(w.browse + w.cart, 12);
    expect(r.weights[1]).toBeCloseTo(w.browse + w.order, 12);
    expect(r.unknown).toBe(1);
  });

  it('skips event types whose weight is 0', () => {
    const r = profileInteractions(
      engagement,
      { browse: 0, cart: 0, order: 1 },
      0,
      Date.parse('2027-01-01T00:00:00Z'),
      (id) => index.get(id),
    );
    expect(Array.from(r.items)).toEqual([1]);
  });
});

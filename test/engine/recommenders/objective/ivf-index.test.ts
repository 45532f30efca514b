import { describe, expect, it } from 'vitest';
import {
  buildIvf,
  decodeIvf,
  defaultLists,
  defaultProbe,
  encodeIvf,
} from '../../../../engine/recommenders/objective/ivf-index.ts';
import { trainIals } from '../../../../engine/recommenders/objective/ials.ts';
import { annRecall } from '../../../../engine/recommenders/objective/train-model.ts';
import { itemTotals } from '../../../../engine/recommenders/objective/interactions.ts';
import { seededRandom } from '../../../../engine/recommenders/objective/random.ts';
import { hyper, planted, plantedMatrix } from './factories.ts';

describe('IVF index', () => {
  const rng = seededRandom(9);
  const n = 500;
  const k = 8;
  const y = Float32Array.from({ length: n * k }, () => rng.normal());

  it('puts every item in exactly one list, ascending within it, deterministically', () => {
    const a = buildIvf(y, n, k, 20, 1);
    expect(a.lists).toBe(20);
    expect(a.listPtr[20]).toBe(n);
    expect([...a.listItems].sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (let c = 0; c < a.lists; c++) {
      const list = Array.from(a.listItems.subarray(a.listPtr[c]!, a.listPtr[c + 1]!));
      expect(list).toEqual([...list].sort((p, q) => p - q));
    }
    const b = buildIvf(y, n, k, 20, 1);
    expect(Buffer.from(encodeIvf(b)).equals(Buffer.from(encodeIvf(a)))).toBe(true);
  });

  it('round-trips through bytes, and refuses bytes of another size', () => {
    const a = buildIvf(y, n, k, 16, 2);
    const bytes = encodeIvf(a);
    // A BLOB read back need not be aligned: decode from an odd offset.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const b = decodeIvf(shifted.subarray(1), n);
    expect(b.lists).toBe(a.lists);
    expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
    expect(Array.from(b.listItems)).toEqual(Array.from(a.listItems));
    expect(() => decodeIvf(bytes, n + 1)).toThrow(/does not match/);
  });

  it('defaults to about √items lists and probes a tenth of them (at least 8)', () => {
    expect(defaultLists(10_000)).toBe(100);
    expect(defaultProbe(100)).toBe(10);
    expect(defaultProbe(400)).toBe(40);
    expect(defaultProbe(20)).toBe(8);
    expect(defaultProbe(5)).toBe(5);
  });

  it('finds the exact top 10 when every list is probed, and most of it with the default probe', () => {
    const d = planted({ users: 400, items: 600, clusters: 12 });
    const m = plantedMatrix(d);
    const h = hyper({ factors: 8 });
    const r = trainIals(m, { ...h, seed: 1 });
    if (!r.ok) throw new Error('not trained');
    const ivf = buildIvf(r.model.itemFactors, d.items, 8, 24, 1);
    const pop = itemTotals(m);
    expect(annRecall(m, pop, r.model.itemFactors, 8, h, ivf, 24, 10)).toBe(1);
    expect(annRecall(m, pop, r.model.itemFactors, 8, h, ivf, defaultProbe(24), 10)).toBeGreaterThan(0.85);
  });
});

import { describe, expect, it } from 'vitest';
import { BPR_DEFAULTS, trainBpr } from '../../../../engine/recommenders/objective/bpr.ts';
import { dotRow } from '../../../../engine/recommenders/objective/ivf-index.ts';
import { planted, plantedMatrix } from './factories.ts';

describe('trainBpr', () => {
  const params = { ...BPR_DEFAULTS, factors: 8, epochs: 15, seed: 2 };

  it('is deterministic for a seed and cancellable', () => {
    const m = plantedMatrix();
    const a = trainBpr(m, params);
    const b = trainBpr(m, params);
    if (!a.ok || !b.ok) throw new Error('not trained');
    expect(Buffer.from(a.model.itemFactors.buffer).equals(Buffer.from(b.model.itemFactors.buffer))).toBe(true);
    expect(trainBpr(m, params, { isCancelled: () => true })).toEqual({ ok: false, cancelled: true });
  });

  it("ranks an individual's own cluster above the others (bias rides as the last factor)", () => {
    const d = planted();
    const r = trainBpr(plantedMatrix(d), params);
    if (!r.ok) throw new Error('not trained');
    const { factors: f, userFactors: x } = r.model;
    const y = Float64Array.from(r.model.itemFactors);
    expect(f).toBe(9);
    let wins = 0;
    let pairs = 0;
    for (let u = 0; u < d.users; u += 5) {
      const xu = Float64Array.from(x.subarray(u * f, u * f + f));
      expect(xu[f - 1]).toBe(1);
      let own = 0;
      let other = 0;
      let nOwn = 0;
      for (let i = 0; i < d.items; i++) {
        const s = dotRow(y, i, f, xu);
        if (d.itemCluster[i] === d.userCluster[u]) {
          own += s;
          nOwn++;
        } else other += s;
      }
      if (own / nOwn > other / (d.items - nOwn)) wins++;
      pairs++;
    }
    expect(wins / pairs).toBeGreaterThan(0.9);
  });
});

import { describe, expect, it } from 'vitest';
import { trainIals, type IalsParams } from '../../../../engine/recommenders/objective/ials.ts';
import { ObjectiveScorer } from '../../../../engine/recommenders/objective/scorer.ts';
import type { TrainingProgress } from '../../../../engine/recommenders/objective/training-hooks.ts';
import { planted, plantedMatrix } from './factories.ts';

const PARAMS: IalsParams = { factors: 8, iterations: 4, regularization: 1, alpha: 5, cgSteps: 3, seed: 3 };

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('trainIals', () => {
  it('is deterministic for a seed: the same factor bytes, run after run', () => {
    const m = plantedMatrix();
    const a = trainIals(m, PARAMS);
    const b = trainIals(m, PARAMS);
    if (!a.ok || !b.ok) throw new Error('not trained');
    expect(bytes(a.model.itemFactors).equals(bytes(b.model.itemFactors))).toBe(true);
    expect(bytes(a.model.userFactors).equals(bytes(b.model.userFactors))).toBe(true);
    const c = trainIals(m, { ...PARAMS, seed: 4 });
    if (!c.ok) throw new Error('not trained');
    expect(bytes(c.model.itemFactors).equals(bytes(a.model.itemFactors))).toBe(false);
  });

  it('reports one progress step per sweep', () => {
    const steps: TrainingProgress[] = [];
    trainIals(plantedMatrix(), PARAMS, { onProgress: (p) => steps.push(p) });
    expect(steps.map((s) => `${s.step}/${s.steps}`)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('stops when cancelled and says so', () => {
    let polls = 0;
    const r = trainIals(plantedMatrix(), PARAMS, { isCancelled: () => ++polls > 1 });
    expect(r).toEqual({ ok: false, cancelled: true });
  });

  it('finds the planted clusters: individuals are recommended items of their own cluster', () => {
    const d = planted();
    const m = plantedMatrix(d);
    const r = trainIals(m, PARAMS);
    if (!r.ok) throw new Error('not trained');
    const scorer = new ObjectiveScorer({
      itemIds: Array.from({ length: d.items }, (_, i) => `i${i}`),
      factors: r.model.factors,
      itemFactors: r.model.itemFactors,
      popularity: new Float32Array(d.items),
      regularization: PARAMS.regularization,
      alpha: PARAMS.alpha,
      probe: 0,
    });
    let own = 0;
    let shown = 0;
    for (let u = 0; u < d.users; u++) {
      const from = m.userPtr[u]!;
      const to = m.userPtr[u + 1]!;
      const top = scorer.topK(m.userItems.subarray(from, to), m.userWeights.subarray(from, to), to - from, 10);
      for (let k = 0; k < top.count; k++) if (d.itemCluster[top.index[k]!] === d.userCluster[u]) own++;
      shown += top.count;
    }
    // 6 clusters: a random list would hold ~17% of the own cluster.
    expect(own / shown).toBeGreaterThan(0.8);
  });
});

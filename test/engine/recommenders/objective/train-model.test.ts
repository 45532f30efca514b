import { describe, expect, it } from 'vitest';
import { trainObjectiveModel } from '../../../../engine/recommenders/objective/train-model.ts';
import { itemTotals } from '../../../../engine/recommenders/objective/interactions.ts';
import { hyper, planted, plantedMatrix } from './factories.ts';

describe('trainObjectiveModel', () => {
  const d = planted({ users: 200, items: 300, clusters: 10 });
  const m = plantedMatrix(d);

  it('builds no approximate index below annMinItems', () => {
    const r = trainObjectiveModel(m, itemTotals(m), hyper({ factors: 8, annMinItems: 301 }), 1);
    if (!r.ok) throw new Error('not trained');
    expect(r.model.ivf).toBeUndefined();
    expect(r.model.metrics).toMatchObject({ individuals: 200, items: 300, annLists: null, annRecallAt10: null });
  });

  it('builds one from annMinItems items, with its recall@10 against exact scoring measured', () => {
    const r = trainObjectiveModel(
      m,
      itemTotals(m),
      hyper({ factors: 8, annMinItems: 300, annLists: 12, annProbe: 4 }),
      1,
    );
    if (!r.ok) throw new Error('not trained');
    expect(r.model.ivf?.lists).toBe(12);
    expect(r.model.metrics['annProbe']).toBe(4);
    const recall = r.model.metrics['annRecallAt10'];
    expect(recall).toBeGreaterThan(0.5);
    expect(recall).toBeLessThanOrEqual(1);
  });

  it('passes cancellation through', () => {
    expect(trainObjectiveModel(m, itemTotals(m), hyper({ factors: 8 }), 1, { isCancelled: () => true })).toEqual({
      ok: false,
      cancelled: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { evaluateOffline, type EvaluationInput } from '../../../../engine/recommenders/evaluation/evaluate.ts';
import { plantedInteractions, plantedTriples } from '../../../../engine/recommenders/evaluation/planted-data.ts';
import { resolveHyperparameters } from '../../../../engine/recommenders/objective/hyperparameters.ts';

/**
 * A time split of a planted data set (seeded, small): 20 item clusters with a global popularity skew;
 * each individual mostly interacts with one cluster. Interactions before 0.8 train, after it test.
 */
function plantedSplit(over: Partial<EvaluationInput> = {}): EvaluationInput {
  const d = plantedInteractions({ users: 800, items: 400, clusters: 20, eventsPerUser: 10, focus: 0.8, seed: 11 });
  const train = plantedTriples(d, 0, 0.8);
  return {
    users: d.users,
    items: d.items,
    train,
    objectiveTrain: train,
    test: plantedTriples(d, 0.8, 1),
    k: 10,
    methods: ['ials', 'bpr', 'popularity', 'item-knn'],
    hyperparameters: resolveHyperparameters({ factors: 16 }),
    seed: 1,
    ...over,
  };
}

describe('evaluateOffline', () => {
  const input = plantedSplit();
  const r = evaluateOffline(input, {
    clock: (() => {
      let t = 0;
      return () => (t += 5);
    })(),
  })!;
  const by = (m: string) => r.methods.find((x) => x.method === m)!;

  it('finds the planted structure: the objective-based model beats the popularity baseline on hit-rate@10', () => {
    expect(r.methods.map((m) => m.method)).toEqual(['ials', 'bpr', 'popularity', 'item-knn']);
    expect(by('ials').metrics.hitRate).toBeGreaterThan(1.5 * by('popularity').metrics.hitRate);
    expect(by('ials').metrics.ndcg).toBeGreaterThan(by('popularity').metrics.ndcg);
    expect(by('item-knn').metrics.hitRate).toBeGreaterThan(by('popularity').metrics.hitRate);
    expect(by('popularity').metrics.coverage).toBeLessThan(by('ials').metrics.coverage);
    for (const m of r.methods) {
      expect(m.metrics.individuals).toBe(r.evaluated);
      expect(m.trainSeconds).toBe(0.005);
    }
  });

  it('counts what it evaluates: targets without the repeats, cold-start individuals', () => {
    // Recount by hand: an individual's distinct test items not among their training items.
    const seen = new Map<number, Set<number>>();
    for (let e = 0; e < input.train.length; e++)
      (seen.get(input.train.user[e]!) ?? seen.set(input.train.user[e]!, new Set()).get(input.train.user[e]!)!).add(
        input.train.item[e]!,
      );
    const targets = new Map<number, Set<number>>();
    let repeats = new Set<string>();
    for (let e = 0; e < input.test.length; e++) {
      const u = input.test.user[e]!;
      const i = input.test.item[e]!;
      if (seen.get(u)?.has(i)) repeats = repeats.add(`${u}/${i}`);
      else (targets.get(u) ?? targets.set(u, new Set()).get(u)!).add(i);
    }
    expect(r.evaluated).toBe(targets.size);
    expect(r.targets).toBe([...targets.values()].reduce((s, t) => s + t.size, 0));
    expect(r.repeatTargetsExcluded).toBe(repeats.size);
    expect(r.coldStart).toBe([...targets.keys()].filter((u) => !seen.has(u)).length);
  });

  it('is deterministic for a seed', () => {
    const again = evaluateOffline(plantedSplit())!;
    expect(again.methods.map((m) => m.metrics)).toEqual(r.methods.map((m) => m.metrics));
  });

  it('never recommends an item the individual already interacted with toward the objective', () => {
    // With every test event a repeat of a training one, nothing is left to find: no targets at all.
    const d = plantedSplit();
    const only = evaluateOffline({ ...d, test: d.train, methods: ['popularity'] })!;
    expect(only.evaluated).toBe(0);
    expect(only.repeatTargetsExcluded).toBeGreaterThan(0);
  });

  it('returns undefined when cancelled', () => {
    expect(evaluateOffline(plantedSplit({ methods: ['ials'] }), { isCancelled: () => true })).toBeUndefined();
  });
});

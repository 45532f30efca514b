import type { ModelHyperparameters } from './hyperparameters.ts';
import { trainIals } from './ials.ts';
import type { InteractionMatrix } from './interactions.ts';
import { buildIvf, defaultLists, defaultProbe, type IvfIndex } from './ivf-index.ts';
import { ObjectiveScorer } from './scorer.ts';
import type { TrainingHooks, TrainingOutcome } from './training-hooks.ts';

/** The algorithm objective-based recommenders train (chosen by measurement: docs/recommenders.md). */
export const OBJECTIVE_ALGORITHM = 'ials';

/** What a training run produces, before it is stored. */
export interface TrainedObjectiveModel {
  algorithm: typeof OBJECTIVE_ALGORITHM;
  factors: number;
  itemFactors: Float32Array;
  ivf: IvfIndex | undefined;
  metrics: Record<string, number | null>;
}

/** Individuals sampled to measure the approximate index's recall against exact scoring. */
const RECALL_SAMPLE = 500;

/**
 * Trains an objective-based model: iALS factors over the interaction matrix, then, when the item
 * count reaches `annMinItems`, an IVF index whose recall@10 against exact scoring is measured on up
 * to 500 individuals of the training data (evenly spaced, so deterministic).
 */
export function trainObjectiveModel(
  matrix: InteractionMatrix,
  popularity: Float32Array,
  h: ModelHyperparameters,
  seed: number,
  hooks: TrainingHooks = {},
): TrainingOutcome<TrainedObjectiveModel> {
  // 1. Factors.
  const r = trainIals(
    matrix,
    {
      factors: h.factors,
      iterations: h.iterations,
      regularization: h.regularization,
      alpha: h.alpha,
      cgSteps: h.cgSteps,
      seed,
    },
    hooks,
  );
  if (!r.ok) return r;
  const { itemFactors, factors } = r.model;
  let itemsWithout = 0;
  for (let i = 0; i < matrix.items; i++) if (matrix.itemPtr[i + 1] === matrix.itemPtr[i]) itemsWithout++;
  const metrics: Record<string, number | null> = {
    individuals: matrix.users,
    items: matrix.items,
    itemsWithoutInteractions: itemsWithout,
    nonZeroEntries: matrix.nnz,
    annLists: null,
    annProbe: null,
    annRecallAt10: null,
  };
  // 2. The approximate index, for large catalogues, with its measured recall.
  let ivf: IvfIndex | undefined;
  if (h.annMinItems > 0 && matrix.items >= h.annMinItems) {
    if (hooks.isCancelled?.()) return { ok: false, cancelled: true };
    hooks.onProgress?.({ step: h.iterations, steps: h.iterations, message: 'building the approximate index' });
    ivf = buildIvf(itemFactors, matrix.items, factors, h.annLists > 0 ? h.annLists : defaultLists(matrix.items), seed);
    const probe = h.annProbe > 0 ? Math.min(h.annProbe, ivf.lists) : defaultProbe(ivf.lists);
    metrics.annLists = ivf.lists;
    metrics.annProbe = probe;
    metrics.annRecallAt10 = annRecall(matrix, popularity, itemFactors, factors, h, ivf, probe, 10);
  }
  return { ok: true, model: { algorithm: OBJECTIVE_ALGORITHM, factors, itemFactors, ivf, metrics } };
}

/** Mean overlap of approximate and exact top-k over sampled individuals of the matrix. */
export function annRecall(
  matrix: InteractionMatrix,
  popularity: Float32Array,
  itemFactors: Float32Array,
  factors: number,
  h: ModelHyperparameters,
  ivf: IvfIndex,
  probe: number,
  k: number,
): number | null {
  const scorer = new ObjectiveScorer({
    itemIds: Array.from({ length: matrix.items }, (_, i) => String(i)),
    factors,
    itemFactors,
    popularity,
    regularization: h.regularization,
    alpha: h.alpha,
    ivf,
    probe,
  });
  const withRows: number[] = [];
  for (let u = 0; u < matrix.users; u++) if (matrix.userPtr[u + 1]! > matrix.userPtr[u]!) withRows.push(u);
  if (withRows.length === 0) return null;
  const step = Math.max(1, Math.floor(withRows.length / RECALL_SAMPLE));
  const exact = new Int32Array(k);
  let found = 0;
  let total = 0;
  for (let s = 0; s < withRows.length && s / step < RECALL_SAMPLE; s += step) {
    const u = withRows[s]!;
    const from = matrix.userPtr[u]!;
    const to = matrix.userPtr[u + 1]!;
    const items = matrix.userItems.subarray(from, to);
    const weights = matrix.userWeights.subarray(from, to);
    const e = scorer.topK(items, weights, to - from, k, { mode: 'exact' });
    const n = e.count;
    exact.set(e.index.subarray(0, n));
    const a = scorer.topK(items, weights, to - from, k, { mode: 'approximate' });
    for (let p = 0; p < a.count; p++) {
      for (let q = 0; q < n; q++) {
        if (exact[q] === a.index[p]) {
          found++;
          break;
        }
      }
    }
    total += n;
  }
  return total > 0 ? found / total : null;
}

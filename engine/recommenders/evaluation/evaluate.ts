import {
  buildInteractionMatrix,
  itemTotals,
  type InteractionMatrix,
  type InteractionTriples,
} from '../objective/interactions.ts';
import { trainIals } from '../objective/ials.ts';
import { BPR_DEFAULTS, trainBpr } from '../objective/bpr.ts';
import type { ModelHyperparameters } from '../objective/hyperparameters.ts';
import { ObjectiveScorer } from '../objective/scorer.ts';
import { dotRow } from '../objective/ivf-index.ts';
import { TopK } from '../objective/top-k.ts';
import type { TrainingHooks } from '../objective/training-hooks.ts';
import { buildItemKnn, ItemKnnScorer } from './item-knn.ts';
import { MetricAccumulator, type RankingMetrics } from './metrics.ts';
import { fillByPopularity, popularityOrder } from './popularity.ts';

/** The methods offline evaluation can compare. */
export const EVALUATION_METHODS = ['ials', 'bpr', 'popularity', 'item-knn'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

export const METHOD_LABELS: Readonly<Record<EvaluationMethod, string>> = {
  ials: 'objective-based (iALS)',
  bpr: 'BPR matrix factorisation',
  popularity: 'popularity baseline',
  'item-knn': 'item-kNN baseline',
};

/** A time split turned into matrices over dense individual and item indices. */
export interface EvaluationInput {
  users: number;
  items: number;
  /** Objective-weighted events in the training window, at or before the split. */
  train: InteractionTriples;
  /** The objective's own events in the training window (weight 1 each): popularity and exclusions. */
  objectiveTrain: InteractionTriples;
  /** The objective's own events after the split: the targets. */
  test: InteractionTriples;
  k: number;
  methods: readonly EvaluationMethod[];
  hyperparameters: ModelHyperparameters;
  seed: number;
}

export interface MethodResult {
  method: EvaluationMethod;
  label: string;
  metrics: RankingMetrics;
  /** Seconds to train (null without a clock). */
  trainSeconds: number | null;
  /** Seconds to score every evaluated individual (null without a clock). */
  scoreSeconds: number | null;
}

export interface EvaluationResult {
  k: number;
  /** Individuals with at least one target after the split (the ones averaged over). */
  evaluated: number;
  /** Of those, individuals without interactions in the training window (served by popularity). */
  coldStart: number;
  /** Distinct (individual, item) targets. */
  targets: number;
  /** Targets dropped because the individual already interacted with the item toward the objective before the split. */
  repeatTargetsExcluded: number;
  trainingInteractions: number;
  methods: MethodResult[];
}

export interface EvaluationHooks extends TrainingHooks {
  /** Monotonic milliseconds, for training and scoring times (the core never reads a clock). */
  clock?: () => number;
}

/** Per individual, the distinct target items not already interacted with toward the objective (sorted). */
function targetsOf(
  test: InteractionMatrix,
  seen: InteractionMatrix,
): { ptr: Int32Array; items: Int32Array; excluded: number } {
  const ptr = new Int32Array(test.users + 1);
  const items = new Int32Array(test.nnz);
  let n = 0;
  let excluded = 0;
  for (let u = 0; u < test.users; u++) {
    ptr[u] = n;
    let q = seen.userPtr[u]!;
    const qEnd = seen.userPtr[u + 1]!;
    for (let p = test.userPtr[u]!; p < test.userPtr[u + 1]!; p++) {
      const i = test.userItems[p]!;
      while (q < qEnd && seen.userItems[q]! < i) q++;
      if (q < qEnd && seen.userItems[q] === i) excluded++;
      else items[n++] = i;
    }
  }
  ptr[test.users] = n;
  return { ptr, items, excluded };
}

/** How one method ranks items for individual u into `heap` (masked items skipped). */
type Ranker = (u: number, heap: TopK, mask: Uint8Array) => void;

/**
 * Offline evaluation on a time split: trains each method on the events at or before the split and
 * scores every individual with targets after it. Items an individual already interacted with
 * toward the objective before the split are excluded from every method's list and from the
 * targets alike; individuals without training interactions get the popularity ranking from every
 * method. Returns undefined when cancelled.
 */
export function evaluateOffline(input: EvaluationInput, hooks: EvaluationHooks = {}): EvaluationResult | undefined {
  const clock = hooks.clock;
  const isCancelled = hooks.isCancelled ?? (() => false);
  const { users, items, k } = input;
  // 1. Matrices, targets, popularity.
  const train = buildInteractionMatrix(users, items, input.train);
  const seen = buildInteractionMatrix(users, items, input.objectiveTrain);
  const test = buildInteractionMatrix(users, items, input.test);
  const targets = targetsOf(test, seen);
  const popularity = itemTotals(seen);
  const byPopularity = popularityOrder(popularity);
  const evaluatedUsers: number[] = [];
  let coldStart = 0;
  for (let u = 0; u < users; u++) {
    if (targets.ptr[u + 1]! > targets.ptr[u]!) {
      evaluatedUsers.push(u);
      if (train.userPtr[u + 1] === train.userPtr[u]) coldStart++;
    }
  }
  const steps = input.methods.length * 2;
  let step = 0;
  const phase = (message: string) => hooks.onProgress?.({ step: ++step, steps, message });
  const h = input.hyperparameters;
  const mask = new Uint8Array(items);
  const list = new Int32Array(k);
  const results: MethodResult[] = [];
  const coldOrPopular = (u: number, heap: TopK): boolean => {
    if (train.userPtr[u + 1]! > train.userPtr[u]!) return false;
    for (let p = 0; p < byPopularity.length; p++) {
      const i = byPopularity[p]!;
      if (mask[i] === 0) heap.push(i, popularity[i]!);
    }
    return true;
  };
  for (const method of input.methods) {
    // 2. Train the method.
    const t0 = clock?.();
    let ranker: Ranker;
    let fill = false;
    if (method === 'popularity') {
      ranker = (_u, heap, m) => {
        for (let i = 0; i < items; i++) if (m[i] === 0) heap.push(i, popularity[i]!);
      };
    } else if (method === 'ials') {
      const r = trainIals(
        train,
        {
          factors: h.factors,
          iterations: h.iterations,
          regularization: h.regularization,
          alpha: h.alpha,
          cgSteps: h.cgSteps,
          seed: input.seed,
        },
        { isCancelled },
      );
      if (!r.ok) return undefined;
      const scorer = new ObjectiveScorer({
        itemIds: Array.from({ length: items }, (_, i) => String(i)),
        factors: r.model.factors,
        itemFactors: r.model.itemFactors,
        popularity,
        regularization: h.regularization,
        alpha: h.alpha,
        probe: 0,
      });
      ranker = (u, heap, m) => {
        const from = train.userPtr[u]!;
        const to = train.userPtr[u + 1]!;
        const c = scorer.topK(train.userItems.subarray(from, to), train.userWeights.subarray(from, to), to - from, k, {
          mask: m,
          mode: 'exact',
        });
        for (let r2 = 0; r2 < c.count; r2++) heap.push(c.index[r2]!, c.score[r2]!);
      };
    } else if (method === 'bpr') {
      const r = trainBpr(train, { ...BPR_DEFAULTS, seed: input.seed }, { isCancelled });
      if (!r.ok) return undefined;
      const { factors: f, userFactors: xu } = r.model;
      const y = Float64Array.from(r.model.itemFactors);
      const x = new Float64Array(f);
      ranker = (u, heap, m) => {
        if (coldOrPopular(u, heap)) return;
        for (let q = 0; q < f; q++) x[q] = xu[u * f + q]!;
        for (let i = 0; i < items; i++) if (m[i] === 0) heap.push(i, dotRow(y, i, f, x));
      };
    } else {
      const knn = buildItemKnn(train, undefined, { isCancelled });
      if (!knn) return undefined;
      const scorer = new ItemKnnScorer(knn);
      fill = true;
      ranker = (u, heap, m) => {
        if (coldOrPopular(u, heap)) return;
        const from = train.userPtr[u]!;
        const to = train.userPtr[u + 1]!;
        scorer.score(train.userItems.subarray(from, to), train.userWeights.subarray(from, to), to - from, heap, m);
      };
    }
    const t1 = clock?.();
    phase(`${METHOD_LABELS[method]}: trained`);
    // 3. Score every evaluated individual with their exclusions masked.
    const acc = new MetricAccumulator(k, items);
    const heap = new TopK(k);
    for (let e = 0; e < evaluatedUsers.length; e++) {
      if (e % 256 === 0 && isCancelled()) return undefined;
      const u = evaluatedUsers[e]!;
      for (let p = seen.userPtr[u]!; p < seen.userPtr[u + 1]!; p++) mask[seen.userItems[p]!] = 1;
      heap.reset();
      ranker(u, heap, mask);
      let n = heap.drain();
      for (let r = 0; r < n; r++) list[r] = heap.index[r]!;
      if (fill && n < k) n = fillByPopularity(list, n, k, byPopularity, mask);
      acc.add(list, n, targets.items, targets.ptr[u]!, targets.ptr[u + 1]!);
      for (let p = seen.userPtr[u]!; p < seen.userPtr[u + 1]!; p++) mask[seen.userItems[p]!] = 0;
    }
    const t2 = clock?.();
    phase(`${METHOD_LABELS[method]}: scored ${evaluatedUsers.length} individuals`);
    results.push({
      method,
      label: METHOD_LABELS[method],
      metrics: acc.result(),
      trainSeconds: t0 !== undefined && t1 !== undefined ? (t1 - t0) / 1000 : null,
      scoreSeconds: t1 !== undefined && t2 !== undefined ? (t2 - t1) / 1000 : null,
    });
  }
  return {
    k,
    evaluated: evaluatedUsers.length,
    coldStart,
    targets: targets.ptr[users]!,
    repeatTargetsExcluded: targets.excluded,
    trainingInteractions: input.train.length,
    methods: results,
  };
}

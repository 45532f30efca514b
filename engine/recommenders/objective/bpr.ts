import type { InteractionMatrix } from './interactions.ts';
import { seededRandom } from './random.ts';
import { POLL_EVERY, type FactorModel, type TrainingHooks, type TrainingOutcome } from './training-hooks.ts';

/** Hyperparameters of Bayesian personalised ranking. */
export interface BprParams {
  factors: number;
  epochs: number;
  learningRate: number;
  regularization: number;
  seed: number;
}

export const BPR_DEFAULTS: Omit<BprParams, 'seed'> = {
  factors: 32,
  epochs: 30,
  learningRate: 0.05,
  regularization: 0.002,
};

/** True when row u of the matrix holds column i (rows are sorted: binary search). */
function has(m: InteractionMatrix, u: number, i: number): boolean {
  let lo = m.userPtr[u]!;
  let hi = m.userPtr[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.userItems[mid]!;
    if (v === i) return true;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Trains matrix factorisation by BPR (Rendle et al. 2009): stochastic gradient ascent on
 * ln σ(x_u·(y_i − y_j) + b_i − b_j) over sampled (individual, interacted item, other item) triples;
 * one epoch draws as many triples as there are non-zero entries. The item bias rides as the last
 * factor (users hold a constant 1 there), so scoring stays a plain inner product. Deterministic
 * for a seed.
 */
export function trainBpr(
  m: InteractionMatrix,
  params: BprParams,
  hooks: TrainingHooks = {},
): TrainingOutcome<FactorModel> {
  const k = params.factors;
  const K = k + 1;
  const isCancelled = hooks.isCancelled ?? (() => false);
  const rng = seededRandom(params.seed, 2);
  // 1. Factors: small seeded normals; the bias column starts at 0 (items) and 1 (users, fixed).
  const x = new Float64Array(m.users * K);
  const y = new Float64Array(m.items * K);
  for (let u = 0; u < m.users; u++) {
    for (let f = 0; f < k; f++) x[u * K + f] = rng.normal() * 0.1;
    x[u * K + k] = 1;
  }
  for (let i = 0; i < m.items; i++) for (let f = 0; f < k; f++) y[i * K + f] = rng.normal() * 0.1;
  const rowOf = new Int32Array(m.nnz);
  for (let u = 0; u < m.users; u++) rowOf.fill(u, m.userPtr[u]!, m.userPtr[u + 1]!);
  const { learningRate: lr, regularization: reg } = params;
  // 2. Epochs of sampled triples.
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    for (let s = 0; s < m.nnz; s++) {
      if (s % (POLL_EVERY * 16) === 0 && isCancelled()) return { ok: false, cancelled: true };
      const e = rng.int(m.nnz);
      const u = rowOf[e]!;
      const i = m.userItems[e]!;
      let j = rng.int(m.items);
      for (let tries = 0; tries < 16 && has(m, u, j); tries++) j = rng.int(m.items);
      if (has(m, u, j)) continue;
      const uo = u * K;
      const io = i * K;
      const jo = j * K;
      let d = 0;
      for (let f = 0; f < K; f++) d += x[uo + f]! * (y[io + f]! - y[jo + f]!);
      const g = 1 / (1 + Math.exp(d));
      for (let f = 0; f < k; f++) {
        const xu = x[uo + f]!;
        const yi = y[io + f]!;
        const yj = y[jo + f]!;
        x[uo + f] = xu + lr * (g * (yi - yj) - reg * xu);
        y[io + f] = yi + lr * (g * xu - reg * yi);
        y[jo + f] = yj + lr * (-g * xu - reg * yj);
      }
      y[io + k]! += lr * (g - reg * y[io + k]!);
      y[jo + k]! += lr * (-g - reg * y[jo + k]!);
    }
    hooks.onProgress?.({ step: epoch + 1, steps: params.epochs, message: `epoch ${epoch + 1} of ${params.epochs}` });
  }
  return { ok: true, model: { factors: K, userFactors: Float32Array.from(x), itemFactors: Float32Array.from(y) } };
}

import { gram } from './dense.ts';
import type { InteractionMatrix } from './interactions.ts';
import { seededRandom } from './random.ts';
import { POLL_EVERY, type FactorModel, type TrainingHooks, type TrainingOutcome } from './training-hooks.ts';

/** Hyperparameters of implicit alternating least squares. */
export interface IalsParams {
  factors: number;
  iterations: number;
  regularization: number;
  /** Confidence of an entry: 1 + alpha × weight. */
  alpha: number;
  cgSteps: number;
  seed: number;
}

/** Scratch vectors of one conjugate-gradient solve, allocated once per training. */
interface Scratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
}

/**
 * One half-sweep: every row of X re-solved against the fixed Y by a few conjugate-gradient steps,
 * warm-started from its current value (Takács, Pilászy & Tikk 2011; the `implicit` library's
 * default). Minimises Σ c_ui (p_ui − x_u·y_i)² + λ‖x_u‖² with p_ui = 1 on observed entries and 0
 * elsewhere, without ever touching the zeros: G = YᵀY + λI carries them. Returns false when
 * cancelled.
 */
function solveRows(
  x: Float64Array,
  y: Float64Array,
  g: Float64Array,
  rows: number,
  ptr: Int32Array,
  cols: Int32Array,
  weights: Float32Array,
  k: number,
  alpha: number,
  cgSteps: number,
  s: Scratch,
  isCancelled: () => boolean,
): boolean {
  const { r, p, ap } = s;
  for (let u = 0; u < rows; u++) {
    if (u % POLL_EVERY === 0 && isCancelled()) return false;
    const start = ptr[u]!;
    const end = ptr[u + 1]!;
    const xo = u * k;
    if (start === end) {
      x.fill(0, xo, xo + k);
      continue;
    }
    // 1. Residual r = b − A x = −G x + Σ (c − (c − 1) y·x) y.
    for (let a = 0; a < k; a++) {
      let acc = 0;
      const row = a * k;
      for (let b = 0; b < k; b++) acc += g[row + b]! * x[xo + b]!;
      r[a] = -acc;
    }
    for (let e = start; e < end; e++) {
      const yo = cols[e]! * k;
      const c = 1 + alpha * weights[e]!;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += y[yo + f]! * x[xo + f]!;
      const coef = c - (c - 1) * dot;
      for (let f = 0; f < k; f++) r[f]! += coef * y[yo + f]!;
    }
    let rsOld = 0;
    for (let f = 0; f < k; f++) {
      p[f] = r[f]!;
      rsOld += r[f]! * r[f]!;
    }
    if (rsOld < 1e-20) continue;
    // 2. Conjugate-gradient steps: A p = G p + Σ (c − 1)(y·p) y.
    for (let step = 0; step < cgSteps; step++) {
      for (let a = 0; a < k; a++) {
        let acc = 0;
        const row = a * k;
        for (let b = 0; b < k; b++) acc += g[row + b]! * p[b]!;
        ap[a] = acc;
      }
      for (let e = start; e < end; e++) {
        const yo = cols[e]! * k;
        const c1 = alpha * weights[e]!;
        let dot = 0;
        for (let f = 0; f < k; f++) dot += y[yo + f]! * p[f]!;
        const coef = c1 * dot;
        for (let f = 0; f < k; f++) ap[f]! += coef * y[yo + f]!;
      }
      let pAp = 0;
      for (let f = 0; f < k; f++) pAp += p[f]! * ap[f]!;
      if (!(pAp > 0)) break;
      const step1 = rsOld / pAp;
      let rsNew = 0;
      for (let f = 0; f < k; f++) {
        x[xo + f]! += step1 * p[f]!;
        r[f]! -= step1 * ap[f]!;
        rsNew += r[f]! * r[f]!;
      }
      if (rsNew < 1e-20) break;
      const beta = rsNew / rsOld;
      for (let f = 0; f < k; f++) p[f] = r[f]! + beta * p[f]!;
      rsOld = rsNew;
    }
  }
  return true;
}

/**
 * Trains implicit-feedback matrix factorisation by alternating least squares (Hu, Koren & Volinsky
 * 2008) with conjugate-gradient solves. Deterministic for a seed: item factors start from seeded
 * normals, user factors from zero, and every sum runs in a fixed order.
 */
export function trainIals(
  m: InteractionMatrix,
  params: IalsParams,
  hooks: TrainingHooks = {},
): TrainingOutcome<FactorModel> {
  const k = params.factors;
  const isCancelled = hooks.isCancelled ?? (() => false);
  // 1. Initial factors: small seeded normals for items, zeros for users (solved first).
  const rng = seededRandom(params.seed, 1);
  const y = new Float64Array(m.items * k);
  for (let i = 0; i < y.length; i++) y[i] = rng.normal() * 0.01;
  const x = new Float64Array(m.users * k);
  const g = new Float64Array(k * k);
  const scratch: Scratch = { r: new Float64Array(k), p: new Float64Array(k), ap: new Float64Array(k) };
  // 2. Sweeps: users against items, then items against users.
  for (let it = 0; it < params.iterations; it++) {
    gram(y, m.items, k, params.regularization, g);
    if (
      !solveRows(
        x,
        y,
        g,
        m.users,
        m.userPtr,
        m.userItems,
        m.userWeights,
        k,
        params.alpha,
        params.cgSteps,
        scratch,
        isCancelled,
      )
    )
      return { ok: false, cancelled: true };
    gram(x, m.users, k, params.regularization, g);
    if (
      !solveRows(
        y,
        x,
        g,
        m.items,
        m.itemPtr,
        m.itemUsers,
        m.itemWeights,
        k,
        params.alpha,
        params.cgSteps,
        scratch,
        isCancelled,
      )
    )
      return { ok: false, cancelled: true };
    hooks.onProgress?.({ step: it + 1, steps: params.iterations, message: `sweep ${it + 1} of ${params.iterations}` });
  }
  return { ok: true, model: { factors: k, userFactors: Float32Array.from(x), itemFactors: Float32Array.from(y) } };
}

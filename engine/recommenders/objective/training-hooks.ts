/** Progress of a training run: sweeps (iALS) or epochs (BPR) done of the total. */
export interface TrainingProgress {
  step: number;
  steps: number;
  message: string;
}

/** What a trainer reports to and asks of its caller; both optional. */
export interface TrainingHooks {
  onProgress?: (p: TrainingProgress) => void;
  /** Polled often (every thousand rows); training stops and returns `cancelled` once it is true. */
  isCancelled?: () => boolean;
}

/** Factors learned by a matrix-factorisation trainer (row-major, `factors` columns). */
export interface FactorModel {
  factors: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

export type TrainingOutcome<T> = { ok: true; model: T } | { ok: false; cancelled: true };

/** Rows between two cancellation polls. */
export const POLL_EVERY = 1024;

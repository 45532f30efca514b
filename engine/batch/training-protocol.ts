import type { FaultCode, ObjectiveBasedRecommender } from '../model/index.ts';
import type { EvaluationMethod, EvaluationResult } from '../recommenders/evaluation/evaluate.ts';
import type { TrainingProgress } from '../recommenders/objective/training-hooks.ts';

/** What the main thread asks a training worker to do (its workerData). */
export type WorkerTask =
  | {
      kind: 'train';
      file: string;
      spaceId: number;
      recommender: ObjectiveBasedRecommender;
      atMs: number;
      cancel: SharedArrayBuffer;
    }
  | {
      kind: 'evaluate';
      file: string;
      spaceId: number;
      recommender: ObjectiveBasedRecommender;
      splitAtMs: number;
      testUntilMs: number;
      k: number;
      methods: EvaluationMethod[];
      cancel: SharedArrayBuffer;
    };

/** A trained model as the worker hands it back (arrays transferred). */
export interface TrainedModelMessage {
  type: 'trained';
  itemIds: string[];
  factors: number;
  itemFactors: Float32Array;
  popularity: Float32Array;
  ivfIndex: Uint8Array | null;
  users: number;
  interactions: number;
  hyperparameters: Record<string, number>;
  metrics: Record<string, number | null>;
}

/** Messages from a training worker: progress, then exactly one ending. */
export type WorkerMessage =
  | { type: 'progress'; progress: TrainingProgress }
  | TrainedModelMessage
  | { type: 'evaluated'; result: EvaluationResult; items: number; unknownItemTargets: number }
  | { type: 'cancelled' }
  | { type: 'failed'; code: FaultCode; message: string };

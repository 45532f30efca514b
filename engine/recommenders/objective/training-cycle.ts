import { DAY_MS, isoOf } from '../../model/time.ts';

/** Objective-based models train on a 24-hour cycle, at midnight UTC. */
export const TRAINING_CYCLE_MS = DAY_MS;

/** The last training boundary at or before `asOfMs` (midnight UTC): when the model for T is trained. */
export const trainingBoundary = (asOfMs: number): number => Math.floor(asOfMs / TRAINING_CYCLE_MS) * TRAINING_CYCLE_MS;

/** The message of the ModelValidation fault for a recommender without a model at or before T. */
export function untrainedMessage(recommender: string, asOfMs: number, earliestTrainedAt: string | undefined): string {
  const hint = `train it with \`workbench train <ws> --recommender ${recommender} --as-of ${isoOf(asOfMs)}\``;
  return earliestTrainedAt === undefined
    ? `recommender ${recommender} has never been trained (as of ${isoOf(asOfMs)}); ${hint}`
    : `recommender ${recommender} has no model trained at or before ${isoOf(asOfMs)} (its first training is at ${earliestTrainedAt}); ${hint}`;
}

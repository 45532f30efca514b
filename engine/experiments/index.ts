/**
 * Experiment assignment: GrowthBook hash v2 bucketing with the experiment key as seed and the
 * unified individual id as value, so that every assignment can be checked with the GrowthBook SDK.
 */
export { fnv1a32, hashV2 } from './hash.ts';
export { bucketRanges, chooseVariant, inRange, type BucketRange } from './bucket-ranges.ts';
export { assign, compileExperiment, experimentRanges, type Assigner, type Assignment } from './assign.ts';
export {
  checkExperiment,
  EXPERIMENT_WEIGHT_TOTAL,
  MIN_INDIVIDUALS_PER_COHORT,
  WEIGHT_SUM_TOLERANCE,
  type ExperimentCheckOptions,
} from './check.ts';
export { toGrowthBookExperiment, type GrowthBookExperimentDefinition } from './growthbook-definition.ts';

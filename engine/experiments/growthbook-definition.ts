import type { Experiment } from '../model/experiment.ts';

/**
 * The GrowthBook SDK experiment that assigns exactly as `compileExperiment` does: pass it to
 * `gb.run(...)` / `client.runInlineExperiment(...)` with `attributes: { id: <unified individual id> }`.
 * `hashVersion: 2` matters: the SDK defaults to version 1 for inline experiments.
 * Plain data — the decision core does not import the SDK.
 */
export interface GrowthBookExperimentDefinition {
  key: string;
  /** One value per variant: the variant key (the SDK's type wants at least two). */
  variations: [string, string, ...string[]];
  /** Variant weights as fractions (weight / 100). */
  weights: number[];
  /** Traffic share as a fraction (trafficPercent / 100). */
  coverage: number;
  hashVersion: 2;
  hashAttribute: 'id';
  active: boolean;
  /** Makes the SDK's `result.key` the variant key. */
  meta: { key: string; name?: string }[];
}

/** Translates an experiment into the equivalent GrowthBook SDK experiment definition. */
export function toGrowthBookExperiment(experiment: Experiment): GrowthBookExperimentDefinition {
  return {
    key: experiment.key,
    // The schema requires at least two variants; the SDK treats fewer as "not in experiment".
    variations: experiment.variants.map((v) => v.key) as [string, string, ...string[]],
    weights: experiment.variants.map((v) => v.weight / 100),
    coverage: experiment.trafficPercent / 100,
    hashVersion: 2,
    hashAttribute: 'id',
    active: experiment.active !== false,
    meta: experiment.variants.map((v) => (v.label ? { key: v.key, name: v.label } : { key: v.key })),
  };
}

import { z } from 'zod';
import { ApiName } from './json.ts';

/**
 * One cohort of an experiment. A variant either serves one of the point's decisions
 * (`decision`), or is the control cohort (`control: true`), which goes through the point's
 * regular qualifying (decisions by priority, then the fallback) and is recorded as control.
 */
export const ExperimentVariant = z
  .object({
    key: ApiName,
    label: z.string().optional(),
    /** Share of the experiment\'s traffic, in percent; all weights sum to 100. */
    weight: z
      .number()
      .min(0)
      .max(100)
      .describe("Share of the experiment's traffic, in percent; all weights sum to 100."),
    decision: z.string().optional(),
    control: z.boolean().default(false),
  })
  .refine((v) => v.control !== (v.decision !== undefined), {
    message: 'a variant names a decision, or is the control cohort (control: true), not both',
  });
export type ExperimentVariant = z.infer<typeof ExperimentVariant>;

/**
 * An experiment: the highest-priority object on a personalization point. Assignment is
 * deterministic from (key, unified individual id) with GrowthBook's hash v2.
 */
export const Experiment = z.object({
  key: z.string().min(1).max(100),
  label: z.string().min(1),
  active: z.boolean().default(true),
  /** Share of individuals that enter the experiment (the pool), in percent. */
  trafficPercent: z
    .number()
    .min(0)
    .max(100)
    .default(100)
    .describe('Share of individuals that enter the experiment (the pool), in percent.'),
  variants: z.array(ExperimentVariant).min(2),
});
export type Experiment = z.infer<typeof Experiment>;

import type { Experiment } from '../model/experiment.ts';
import type { Problem } from '../model/errors.ts';

/** Cohort weights, in percent, must sum to this (the product's limit). */
export const EXPERIMENT_WEIGHT_TOTAL = 100;
/** Tolerance on the weight sum (floating-point noise only: 33.3 + 33.3 + 33.4 passes). */
export const WEIGHT_SUM_TOLERANCE = 1e-9;
/** Fewer expected individuals than this in a cohort is a warning (the product's guidance). */
export const MIN_INDIVIDUALS_PER_COHORT = 1000;

export interface ExperimentCheckOptions {
  /** Individuals the experiment's point will see per run, for the cohort-size warning. */
  expectedIndividuals?: number;
  /** JSON path of the experiment in the config, e.g. $.dataSpaces[0].personalizationPoints[2].experiment. */
  path?: string;
}

/** Rounds away floating-point noise for messages (99.99000000000001 → 99.99). */
const show = (n: number): string => String(Number(n.toPrecision(12)));

/** 12345 → "12,345" (fixed format, independent of the machine's locale). */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Save-time checks of one experiment against the product's limits: weights sum to 100, unique
 * variant keys, at most one control cohort, each variant either serves a decision or is the
 * control; warns when a cohort is expected to hold fewer than 1,000 individuals.
 * (That variant decisions exist on the point is checked by the config validator.)
 */
export function checkExperiment(
  experiment: Experiment,
  opts: ExperimentCheckOptions = {},
): { errors: Problem[]; warnings: Problem[] } {
  const base = opts.path ?? '$';
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const variants = experiment.variants;
  const vp = (i: number, field?: string): string => `${base}.variants[${i}]${field ? `.${field}` : ''}`;

  // 1. Shape the schema also enforces (kept here so the check stands alone on unparsed input).
  if (variants.length < 2)
    errors.push({
      path: `${base}.variants`,
      message: `an experiment needs at least 2 variants; it has ${variants.length}`,
    });
  if (!(experiment.trafficPercent >= 0 && experiment.trafficPercent <= 100))
    errors.push({
      path: `${base}.trafficPercent`,
      message: `trafficPercent is ${experiment.trafficPercent}; it must be between 0 and 100`,
    });
  variants.forEach((v, i) => {
    if (!(v.weight >= 0 && v.weight <= 100))
      errors.push({
        path: vp(i, 'weight'),
        message: `variant ${v.key} has weight ${v.weight}; a weight is between 0 and 100`,
      });
  });

  // 2. Weights sum to exactly 100.
  const sum = variants.reduce((s, v) => s + v.weight, 0);
  if (variants.length > 0 && !(Math.abs(sum - EXPERIMENT_WEIGHT_TOTAL) <= WEIGHT_SUM_TOLERANCE))
    errors.push({
      path: `${base}.variants`,
      message: `cohort weights sum to ${show(sum)}; experiment cohort weights must sum to ${EXPERIMENT_WEIGHT_TOTAL}`,
    });

  // 3. Unique variant keys.
  const seen = new Map<string, number>();
  variants.forEach((v, i) => {
    const first = seen.get(v.key);
    if (first !== undefined)
      errors.push({
        path: vp(i, 'key'),
        message: `duplicate variant key "${v.key}" (first defined at ${vp(first, 'key')})`,
      });
    else seen.set(v.key, i);
  });

  // 4. At most one control cohort.
  const controls = variants.flatMap((v, i) => (v.control === true ? [i] : []));
  for (const i of controls.slice(1))
    errors.push({
      path: vp(i, 'control'),
      message: `more than one control variant: ${variants[i]!.key} and ${variants[controls[0]!]!.key} are both control; at most one control cohort is allowed`,
    });

  // 5. Each variant serves a decision or is the control, not both, not neither.
  variants.forEach((v, i) => {
    const hasDecision = v.decision !== undefined && v.decision !== null;
    if (hasDecision && v.control === true)
      errors.push({
        path: vp(i),
        message: `variant ${v.key} names decision "${v.decision}" and is the control cohort; a variant is one or the other`,
      });
    else if (!hasDecision && v.control !== true)
      errors.push({
        path: vp(i),
        message: `variant ${v.key} names no decision and is not the control cohort; set decision, or control: true`,
      });
  });

  // 6. Cohort sizes: expected individuals × traffic share × weight share.
  const n = opts.expectedIndividuals;
  if (n !== undefined && Number.isFinite(n)) {
    variants.forEach((v, i) => {
      const expected = n * (experiment.trafficPercent / 100) * (v.weight / 100);
      if (expected < MIN_INDIVIDUALS_PER_COHORT)
        warnings.push({
          path: vp(i),
          message: `cohort ${v.key} expects ~${thousands(Math.round(expected))} individuals, fewer than ${thousands(MIN_INDIVIDUALS_PER_COHORT)}`,
        });
    });
  }

  return { errors, warnings };
}

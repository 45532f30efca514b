/** One tunable number of the objective-based recommender. */
export interface HyperparameterSpec {
  default: number;
  min: number;
  max: number;
  integer: boolean;
  description: string;
}

/**
 * The hyperparameters an objective-based recommender accepts (config `hyperparameters`), with the
 * defaults chosen by the measured comparison in docs/recommenders.md.
 */
export const HYPERPARAMETERS = {
  factors: { default: 32, min: 4, max: 256, integer: true, description: 'latent factors per item and individual' },
  iterations: {
    default: 5,
    min: 1,
    max: 100,
    integer: true,
    description: 'alternating least-squares sweeps (each: every individual, then every item)',
  },
  regularization: { default: 10, min: 0, max: 10_000, integer: false, description: 'L2 penalty on the factors' },
  alpha: {
    default: 5,
    min: 0,
    max: 100_000,
    integer: false,
    description: 'confidence per unit of interaction weight: c = 1 + alpha × weight',
  },
  cgSteps: {
    default: 3,
    min: 1,
    max: 50,
    integer: true,
    description: 'conjugate-gradient steps per least-squares solve during training',
  },
  candidates: {
    default: 100,
    min: 1,
    max: 10_000,
    integer: true,
    description: 'scored candidates handed to filters and exclusions, best first',
  },
  annMinItems: {
    default: 5_000,
    min: 0,
    max: 100_000_000,
    integer: true,
    description: 'catalogues with at least this many items are scored through the approximate (IVF) index; 0 never',
  },
  annLists: {
    default: 0,
    min: 0,
    max: 100_000,
    integer: true,
    description: 'clusters of the IVF index (0: about √items)',
  },
  annProbe: {
    default: 0,
    min: 0,
    max: 100_000,
    integer: true,
    description: 'clusters scanned per request (0: a tenth of the lists, at least 8)',
  },
  browseWeight: {
    default: Number.NaN,
    min: 0,
    max: 1_000,
    integer: false,
    description: 'weight of one browse event (default: per objective)',
  },
  cartWeight: {
    default: Number.NaN,
    min: 0,
    max: 1_000,
    integer: false,
    description: 'weight of one cart event (default: per objective)',
  },
  orderWeight: {
    default: Number.NaN,
    min: 0,
    max: 1_000,
    integer: false,
    description: 'weight of one order event (default: per objective)',
  },
} as const satisfies Record<string, HyperparameterSpec>;

export type HyperparameterName = keyof typeof HYPERPARAMETERS;

/** The resolved numbers of one model (NaN-default weights are resolved by eventWeights). */
export interface ModelHyperparameters {
  factors: number;
  iterations: number;
  regularization: number;
  alpha: number;
  cgSteps: number;
  candidates: number;
  annMinItems: number;
  annLists: number;
  annProbe: number;
}

/** Checks configured hyperparameters; returns one message per problem, keyed by name. */
export function hyperparameterProblems(given: Readonly<Record<string, number>>): { name: string; message: string }[] {
  const problems: { name: string; message: string }[] = [];
  for (const [name, value] of Object.entries(given)) {
    const spec = (HYPERPARAMETERS as Record<string, HyperparameterSpec>)[name];
    if (!spec) {
      problems.push({
        name,
        message: `unknown hyperparameter "${name}"; known: ${Object.keys(HYPERPARAMETERS).join(', ')}`,
      });
      continue;
    }
    if (!Number.isFinite(value) || value < spec.min || value > spec.max)
      problems.push({
        name,
        message: `${name} must be from ${spec.min} to ${spec.max} (${spec.description}); got ${value}`,
      });
    else if (spec.integer && !Number.isInteger(value))
      problems.push({ name, message: `${name} must be a whole number (${spec.description}); got ${value}` });
  }
  return problems;
}

/** Defaults overlaid with the configured values (assumed checked). */
export function resolveHyperparameters(given: Readonly<Record<string, number>>): ModelHyperparameters {
  const pick = (name: keyof ModelHyperparameters): number => given[name] ?? HYPERPARAMETERS[name].default;
  return {
    factors: pick('factors'),
    iterations: pick('iterations'),
    regularization: pick('regularization'),
    alpha: pick('alpha'),
    cgSteps: pick('cgSteps'),
    candidates: pick('candidates'),
    annMinItems: pick('annMinItems'),
    annLists: pick('annLists'),
    annProbe: pick('annProbe'),
  };
}

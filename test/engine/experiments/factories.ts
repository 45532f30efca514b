import { Experiment } from '../../../engine/model/experiment.ts';

type VariantInput = { key: string; weight: number; decision?: string; control?: boolean; label?: string };

/** A parsed experiment; variants default to a 50/50 control vs one decision. */
export function makeExperiment(
  over: { key?: string; trafficPercent?: number; active?: boolean; variants?: VariantInput[] } = {},
): Experiment {
  return Experiment.parse({
    key: over.key ?? 'exp_home_hero',
    label: 'Home hero',
    active: over.active ?? true,
    trafficPercent: over.trafficPercent ?? 100,
    variants: over.variants ?? [
      { key: 'control', weight: 50, control: true },
      { key: 'hero_a', weight: 50, decision: 'decision_hero_a' },
    ],
  });
}

/**
 * An experiment object as it may reach the checker before (or without) schema parsing — e.g. with
 * a variant that is both control and decision-serving, which the schema's refinement would reject.
 */
export function rawExperiment(over: Partial<Experiment>): Experiment {
  return { key: 'exp_raw', label: 'Raw', active: true, trafficPercent: 100, variants: [], ...over } as Experiment;
}

/** Deterministic unified individual ids: ind_000001 … */
export const individualIds = (n: number, width = 6): string[] =>
  Array.from({ length: n }, (_, i) => `ind_${String(i + 1).padStart(width, '0')}`);

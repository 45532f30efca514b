import { chiSquareSurvival } from './chi-square.ts';

/** One cohort of a sample-ratio check: how many individuals it has and the share it should have. */
export interface CohortCount {
  key: string;
  individuals: number;
  /** Expected share of the experiment's pool, 0..1. */
  expectedShare: number;
}

/** The result of a sample-ratio-mismatch check: Pearson's chi-square against the configured weights. */
export interface SampleRatioCheck {
  chiSquare: number;
  degreesOfFreedom: number;
  /** null when there is nothing to test (no individuals, or fewer than two cohorts with weight). */
  pValue: number | null;
}

/**
 * Pearson's chi-square goodness-of-fit test of cohort sizes against their expected shares. Cohorts
 * with a zero share take no part unless individuals landed there, which is a mismatch by itself
 * (p = 0).
 */
export function sampleRatioCheck(cohorts: readonly CohortCount[]): SampleRatioCheck {
  const total = cohorts.reduce((s, c) => s + c.individuals, 0);
  const shareSum = cohorts.reduce((s, c) => s + Math.max(0, c.expectedShare), 0);
  const weighted = cohorts.filter((c) => c.expectedShare > 0);
  const df = weighted.length - 1;
  if (total === 0 || df < 1 || shareSum <= 0) return { chiSquare: 0, degreesOfFreedom: Math.max(df, 0), pValue: null };
  if (cohorts.some((c) => c.expectedShare <= 0 && c.individuals > 0))
    return { chiSquare: Infinity, degreesOfFreedom: df, pValue: 0 };
  let chi = 0;
  for (const c of weighted) {
    const expected = (total * c.expectedShare) / shareSum;
    chi += (c.individuals - expected) ** 2 / expected;
  }
  return { chiSquare: chi, degreesOfFreedom: df, pValue: chiSquareSurvival(chi, df) };
}

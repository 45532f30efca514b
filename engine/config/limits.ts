/** Limits of the real product, checked when config is saved (DESIGN.md §2). */
export const LIMITS = {
  decisionsPerPoint: 25,
  conditionsPerRule: 50,
  itemsPerRecommendation: 24,
  experimentWeightTotal: 100,
  minIndividualsPerCohort: 1000,
} as const;

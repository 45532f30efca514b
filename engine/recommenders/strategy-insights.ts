import type { InsightSubject, RulesBasedStrategy } from '../model/index.ts';

/**
 * The calculated insight each strategy reads: its subject, and whether the strategy needs one
 * (top sellers and category affinity's popularity fall back to units ordered, counted from events).
 * null: the strategy reads the profile document or the item data graph, not a CI.
 */
export const STRATEGY_INSIGHT: Readonly<
  Record<RulesBasedStrategy, { subject: InsightSubject; required: boolean } | null>
> = {
  'top-sellers': { subject: 'item', required: false },
  trending: { subject: 'item', required: true },
  'most-viewed': { subject: 'item', required: true },
  'recently-viewed': null,
  'abandoned-cart': null,
  'bought-together': { subject: 'item_pair', required: true },
  'similar-attributes': null,
  'category-affinity': { subject: 'individual_category', required: true },
  'new-arrivals': null,
};

/** Strategies that read the anchor item of the request context; without one they yield nothing. */
export const ANCHOR_STRATEGIES: ReadonlySet<RulesBasedStrategy> = new Set<RulesBasedStrategy>([
  'bought-together',
  'similar-attributes',
]);

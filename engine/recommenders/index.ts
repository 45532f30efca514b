/** engine/recommenders: rules-based strategies, the objective-based dispatch, filters, exclusions, boosts, backfill. */
export { recommend, type Recommendation, type RecommendRequest } from './recommend.ts';
export { anchorOf, exclusionTest } from './candidates.ts';
export { RecommenderFault } from './fault.ts';
export { STRATEGIES } from './strategies/index.ts';
export { STRATEGY_INSIGHT, ANCHOR_STRATEGIES } from './strategy-insights.ts';
export { compareIds, byScoreThenId } from './order.ts';
export { itemField } from './item-field.ts';
export { CONTEXT_PREFIX } from './boosts.ts';

import { itemInsightStrategy, type Strategy } from './strategy.ts';

/** Most viewed: items ranked by their CI's view count (e.g. product views in the last 7 days). */
export const mostViewed: Strategy = itemInsightStrategy('most viewed');

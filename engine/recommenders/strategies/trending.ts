import { itemInsightStrategy, type Strategy } from './strategy.ts';

/** Trending: items ranked by their CI's growth score (recent window against an earlier one, computed in the CI's SQL). */
export const trending: Strategy = itemInsightStrategy('trending');

import type { Item, PersonalizingTrace, Recommender } from '../model/index.ts';
import { dataGraphWatermark } from '../model/time.ts';
import type { StrategyData } from '../pipeline/sources.ts';
import { pickCandidates, type RecommendRequest } from './candidates.ts';

export interface Recommendation {
  items: Item[];
  trace?: NonNullable<PersonalizingTrace['recommender']>;
}

/** Runs a recommender for one request: its strategy's scored candidates, then filters and exclusions. */
export function recommend(rec: Recommender, data: StrategyData, req: RecommendRequest): Recommendation {
  if (rec.type !== 'rules-based' || rec.strategy !== 'top-sellers') throw new Error(`recommender ${rec.apiName}: ${rec.type === 'rules-based' ? rec.strategy : rec.type} is not available in this build`);
  // 1. Strategy: scored candidates as of the data-graph watermark.
  const scored = data.topSellers(rec.windowDays, dataGraphWatermark(req.asOfMs));
  // 2. Filters, exclusions, item count.
  const picked = pickCandidates(rec, scored, req);
  if (!req.trace) return { items: picked.items };
  return {
    items: picked.items,
    trace: {
      apiName: rec.apiName,
      type: rec.type,
      strategy: rec.strategy,
      source: scored.source,
      sourceRefreshedAt: scored.refreshedAt,
      requested: req.count,
      returned: picked.items.length,
      candidates: picked.candidates ?? [],
      ...(picked.notConsidered > 0 ? { notConsidered: picked.notConsidered } : {}),
    },
  };
}

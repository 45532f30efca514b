import { dataGraphWatermark } from '../../model/time.ts';
import { itemInsightStrategy, type Strategy } from './strategy.ts';

const fromInsight = itemInsightStrategy('top sellers');

/**
 * Top sellers: the item CI the recommender names (e.g. units ordered in 30 days); without one,
 * units ordered in the `windowDays` before the data-graph watermark, counted from the events.
 */
export const topSellers: Strategy = (rec, data, req) => {
  if (rec.calculatedInsight !== undefined) return fromInsight(rec, data, req);
  const scored = data.topSellers(rec.windowDays, dataGraphWatermark(req.asOfMs));
  return {
    source: scored.source,
    refreshedAt: scored.refreshedAt,
    items: scored.items,
    freshness: [{ source: scored.source, refreshedAt: scored.refreshedAt }],
  };
};

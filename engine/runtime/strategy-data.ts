import type { Item } from '../model/index.ts';
import { DAY_MS, dataGraphWatermark, isoOf } from '../model/time.ts';
import type { ScoredItems, StrategyData } from '../model/sources.ts';
import { compareIds } from '../recommenders/order.ts';
import type { WorkspaceStore } from '../store/index.ts';
import type { StoreInsights } from './insight-source.ts';
import { objectiveScoresFromStore } from './model-source.ts';
import { StoreEngagementHistory } from './engagement-history.ts';

/**
 * Strategy inputs read from the store: top sellers counted from events (memoized per window and
 * watermark), calculated insights as of the request (through the data space's insights), the
 * catalogue newest first, and the objective-based models' scores.
 */
export function storeStrategyData(store: WorkspaceStore, spaceId: number, insights?: StoreInsights): StrategyData {
  const memo = new Map<string, ScoredItems>();
  let newestFirst: Item[] | undefined;
  const data: StrategyData = {
    topSellers(windowDays: number, asOfMs: number): ScoredItems {
      const toMs = dataGraphWatermark(asOfMs);
      const key = `${windowDays}@${toMs}`;
      let r = memo.get(key);
      if (!r) {
        r = {
          source: `top sellers: units ordered in the ${windowDays} days before ${isoOf(toMs)}`,
          refreshedAt: isoOf(toMs),
          items: store.topSellers(spaceId, { fromMs: toMs - windowDays * DAY_MS, toMs }),
        };
        memo.set(key, r);
      }
      return r;
    },
    catalogItems(): readonly Item[] {
      newestFirst ??= store
        .loadItems(spaceId)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : compareIds(a.id, b.id)));
      return newestFirst;
    },
    objectiveScores: (rec, profile, context, asOfMs, engagement) =>
      objectiveScoresFromStore(store, spaceId, rec, profile, context, asOfMs, engagement),
    history: new StoreEngagementHistory(store, spaceId),
  };
  if (insights) {
    data.itemInsight = (name, asOfMs) => insights.itemRows(name, asOfMs);
    data.insightRowsFor = (name, key, asOfMs) => insights.rowsFor(name, key, asOfMs);
  }
  return data;
}

import { DAY_MS, dataGraphWatermark, isoOf } from '../model/time.ts';
import type { ScoredItems, StrategyData } from '../pipeline/sources.ts';
import type { WorkspaceStore } from '../store/index.ts';

/** Strategy inputs read from the store, memoized per (strategy, window, watermark). */
export function storeStrategyData(store: WorkspaceStore, spaceId: number): StrategyData {
  const memo = new Map<string, ScoredItems>();
  return {
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
  };
}

import type { InsightTrace } from '../../model/index.ts';
import { dataGraphWatermark } from '../../model/time.ts';
import type { ItemCatalog } from '../../pipeline/sources.ts';
import { byScoreThenId, roundScore, type Scored } from '../order.ts';
import { readInsight, scoredItems, type Strategy, type StrategyOutput } from './strategy.ts';

/** A popularity list split by item category (best first within each); built once per list. */
const byCategoryCache = new WeakMap<ReadonlyArray<Scored>, Map<string, Scored[]>>();

function byCategory(popular: ReadonlyArray<Scored>, catalog: ItemCatalog): Map<string, Scored[]> {
  let m = byCategoryCache.get(popular);
  if (!m) {
    m = new Map();
    for (const c of popular) {
      const category = catalog.getItem(c.itemId)?.category;
      if (category === undefined) continue;
      const list = m.get(category);
      if (list) list.push(c);
      else m.set(category, [c]);
    }
    byCategoryCache.set(popular, m);
  }
  return m;
}

/**
 * Category affinity: the individual's categories from an individual × category CI, times the
 * popularity of each item within its category — score = (the category's share of the
 * individual's affinity) × (the item's popularity: the `popularityInsight` CI, or units ordered in
 * the `windowDays`).
 */
export const categoryAffinity: Strategy = (rec, data, req) => {
  const name = rec.calculatedInsight;
  if (name === undefined) return { source: 'category affinity', refreshedAt: null, items: [], note: `recommender ${rec.apiName} names no calculated insight`, freshness: [] };
  // 1. The individual's affinity per category.
  const affinity = readInsight(data, name, req.asOfMs, req.profile.id);
  const insights: InsightTrace[] = [affinity.trace];
  const freshness = [affinity.freshness];
  // 2. Popularity of items: a CI, or units ordered counted from the events.
  let popular: ReadonlyArray<Scored>;
  let popularity: string;
  if (rec.popularityInsight !== undefined) {
    const p = readInsight(data, rec.popularityInsight, req.asOfMs);
    insights.push(p.trace);
    freshness.push(p.freshness);
    popular = scoredItems(p.rows.rows);
    popularity = p.rows.source;
  } else {
    const s = data.topSellers(rec.windowDays, dataGraphWatermark(req.asOfMs));
    freshness.push({ source: s.source, refreshedAt: s.refreshedAt });
    popular = s.items;
    popularity = s.source;
  }
  const out: StrategyOutput = {
    source: `${affinity.rows.source} for ${req.profile.id} × popularity (${popularity})`,
    refreshedAt: affinity.rows.refreshedAt,
    items: [],
    insights,
    freshness,
  };
  const total = affinity.rows.rows.reduce((s, r) => s + (r.value > 0 ? r.value : 0), 0);
  if (total <= 0) return { ...out, note: affinity.rows.problem ?? `${req.profile.id} has no category affinity in calculated insight ${name} as of ${affinity.rows.refreshedAt}` };
  // 3. Score the popular items of each category the individual likes.
  const split = byCategory(popular, req.catalog);
  const items: Scored[] = [];
  for (const r of affinity.rows.rows) {
    if (r.value <= 0) continue;
    const share = r.value / total;
    for (const c of split.get(r.key) ?? []) items.push({ itemId: c.itemId, score: roundScore(share * c.score) });
  }
  items.sort(byScoreThenId);
  return items.length > 0 ? { ...out, items } : { ...out, items, note: `no popular item in ${req.profile.id}'s categories` };
};

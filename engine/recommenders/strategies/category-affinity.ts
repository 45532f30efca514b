import type { InsightTrace } from '../../model/index.ts';
import { dataGraphWatermark } from '../../model/time.ts';
import type { ItemCatalog } from '../../model/sources.ts';
import { compareIds, roundScore, type Scored } from '../order.ts';
import { readInsight, scoredItems, type Strategy, type StrategyOutput } from './strategy.ts';

/** A popular item with its place in item id order (ties of the combined score break by it, without comparing strings). */
interface RankedItem extends Scored {
  idRank: number;
}

/** A popularity list split by item category (best first within each); built once per list. */
const byCategoryCache = new WeakMap<ReadonlyArray<Scored>, Map<string, RankedItem[]>>();

function byCategory(popular: ReadonlyArray<Scored>, catalog: ItemCatalog): Map<string, RankedItem[]> {
  let m = byCategoryCache.get(popular);
  if (!m) {
    m = new Map();
    const idOrder = popular.map((c) => c.itemId).sort(compareIds);
    const idRank = new Map(idOrder.map((id, i) => [id, i]));
    for (const c of popular) {
      const category = catalog.getItem(c.itemId)?.category;
      if (category === undefined) continue;
      const entry: RankedItem = { itemId: c.itemId, score: c.score, idRank: idRank.get(c.itemId)! };
      const list = m.get(category);
      if (list) list.push(entry);
      else m.set(category, [entry]);
    }
    // Each list best first (the merge below relies on it), whatever order the popularity list came in.
    for (const list of m.values()) list.sort(byScoreThenRank);
    byCategoryCache.set(popular, m);
  }
  return m;
}

/** Best first, ties by item id: byScoreThenId's order, with the id comparison precomputed. */
const byScoreThenRank = (a: RankedItem, b: RankedItem): number => b.score - a.score || a.idRank - b.idRank;

/** One category's items scored by the individual's share of it: walked best first, a group of equal scores at a time. */
class CategoryRun {
  private pos = 0;
  private group: RankedItem[] = [];
  private at = 0;

  constructor(
    private readonly list: readonly RankedItem[],
    private readonly share: number,
  ) {}

  /** The best item not yet taken. Rounding can make neighbours equal: a group of equal scores is ordered by id. */
  head(): RankedItem | undefined {
    if (this.at < this.group.length) return this.group[this.at];
    if (this.pos >= this.list.length) return undefined;
    const score = roundScore(this.share * this.list[this.pos]!.score);
    this.group = [];
    this.at = 0;
    while (this.pos < this.list.length) {
      const c = this.list[this.pos]!;
      if (roundScore(this.share * c.score) !== score) break;
      this.group.push({ itemId: c.itemId, score, idRank: c.idRank });
      this.pos++;
    }
    if (this.group.length > 1) this.group.sort(byScoreThenRank);
    return this.group[0];
  }

  take(): void {
    this.at++;
  }
}

/**
 * The first `k` items of the complete candidate list (every category's items scored and sorted),
 * without building the rest: each category's list is best first and scaling by a positive share
 * keeps it so, so the best of the categories' heads is the next item.
 */
function bestOf(runs: CategoryRun[], k: number): RankedItem[] {
  const out: RankedItem[] = [];
  while (out.length < k) {
    let best: RankedItem | undefined;
    let from = -1;
    for (let i = 0; i < runs.length; i++) {
      const h = runs[i]!.head();
      if (h !== undefined && (best === undefined || byScoreThenRank(h, best) < 0)) {
        best = h;
        from = i;
      }
    }
    if (best === undefined) break;
    runs[from]!.take();
    out.push(best);
  }
  return out;
}

/** Candidates beyond the item count kept when the strategy need not list them all: room for the exclusions. */
const prefixFor = (count: number): number => 2 * count + 32;

/**
 * Category affinity: the individual's categories from an individual × category CI, times the
 * popularity of each item within its category — score = (the category's share of the
 * individual's affinity) × (the item's popularity: the `popularityInsight` CI, or units ordered in
 * the `windowDays`).
 */
export const categoryAffinity: Strategy = (rec, data, req) => {
  const name = rec.calculatedInsight;
  if (name === undefined)
    return {
      source: 'category affinity',
      refreshedAt: null,
      items: [],
      note: `recommender ${rec.apiName} names no calculated insight`,
      freshness: [],
    };
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
  if (total <= 0)
    return {
      ...out,
      note:
        affinity.rows.problem ??
        `${req.profile.id} has no category affinity in calculated insight ${name} as of ${affinity.rows.refreshedAt}`,
    };
  // 3. Score the popular items of each category the individual likes.
  const split = byCategory(popular, req.catalog);
  const all = (): RankedItem[] => {
    const items: RankedItem[] = [];
    for (const r of affinity.rows.rows) {
      if (r.value <= 0) continue;
      const share = r.value / total;
      for (const c of split.get(r.key) ?? [])
        items.push({ itemId: c.itemId, score: roundScore(share * c.score), idRank: c.idRank });
    }
    return items.sort(byScoreThenRank);
  };
  // 4. Without a trace (every candidate listed) or boosts (which reorder the whole list), the best
  //    few are enough; the complete list is built only when exclusions leave the list short.
  if (!req.trace && rec.boosts.length === 0) {
    const runs: CategoryRun[] = [];
    for (const r of affinity.rows.rows) {
      const list = r.value > 0 ? split.get(r.key) : undefined;
      if (list && list.length > 0) runs.push(new CategoryRun(list, r.value / total));
    }
    const k = prefixFor(req.count);
    const items = bestOf(runs, k);
    if (items.length === 0) return { ...out, items, note: `no popular item in ${req.profile.id}'s categories` };
    return items.length < k ? { ...out, items } : { ...out, items, complete: all };
  }
  const items = all();
  return items.length > 0
    ? { ...out, items }
    : { ...out, items, note: `no popular item in ${req.profile.id}'s categories` };
};

import type { CandidateTrace, Item, JsonValue, ProfileData, RulesBasedRecommender } from '../model/index.ts';
import { DAY_MS, parseIsoTime } from '../model/time.ts';
import type { ItemCatalog, ScoredItems } from '../pipeline/sources.ts';

/** Everything a recommender reads for one request. */
export interface RecommendRequest {
  profile: ProfileData;
  context: Record<string, JsonValue>;
  count: number;
  asOfMs: number;
  catalog: ItemCatalog;
  /** Fields a returned item must have non-empty (the response template's required fields). */
  requiredFields: readonly string[];
  /** Record every considered candidate for the trace. */
  trace: boolean;
}

export interface RecommendResult {
  items: Item[];
  candidates?: CandidateTrace[];
  /** Candidates not looked at because the list was already full. */
  notConsidered: number;
}

/** The request context's anchor item id (`anchorItemId`, or `itemId`). */
export function anchorOf(context: Record<string, JsonValue>): string | undefined {
  const a = context['anchorItemId'] ?? context['itemId'];
  return typeof a === 'string' ? a : undefined;
}

/** Builds the per-request exclusion test of a rules-based recommender; returns a reason or undefined. */
function exclusionTest(rec: RulesBasedRecommender, req: RecommendRequest): (item: Item) => string | undefined {
  const { exclusions, filters } = rec;
  let purchased: Set<string> | undefined;
  if (exclusions.purchasedWithinDays !== null) {
    const since = req.asOfMs - exclusions.purchasedWithinDays * DAY_MS;
    purchased = new Set();
    for (const row of req.profile.engagement.order) {
      const t = parseIsoTime(row.timestamp);
      if (t !== undefined && t >= since) purchased.add(row.itemId);
    }
  }
  const inCart = exclusions.inCart ? new Set(req.profile.engagement.cart.map((r) => r.itemId)) : undefined;
  const anchor = exclusions.anchor ? anchorOf(req.context) : undefined;
  const category = filters.contextCategory && typeof req.context['category'] === 'string' ? req.context['category'] : undefined;
  const days = exclusions.purchasedWithinDays;
  return (item) => {
    if (filters.inStockOnly && !item.inStock) return 'filter: out of stock';
    if (filters.priceMin !== undefined && item.price < filters.priceMin) return `filter: price ${item.price} below ${filters.priceMin}`;
    if (filters.priceMax !== undefined && item.price > filters.priceMax) return `filter: price ${item.price} above ${filters.priceMax}`;
    if (category !== undefined && item.category !== category) return `filter: category "${item.category}" is not the context category "${category}"`;
    for (const f of filters.attributes) {
      const v = f.field in item ? (item as unknown as Record<string, unknown>)[f.field] : item.attributes[f.field];
      if (v !== f.equals) return `filter: ${f.field} is ${JSON.stringify(v ?? null)}, not ${JSON.stringify(f.equals)}`;
    }
    if (anchor !== undefined && item.id === anchor) return 'exclusion: the anchor item itself';
    if (purchased?.has(item.id)) return `exclusion: purchased within ${days} days`;
    if (inCart?.has(item.id)) return 'exclusion: in cart';
    for (const f of req.requiredFields) {
      if (f === 'itemId') continue;
      const v = f in item ? (item as unknown as Record<string, unknown>)[f] : item.attributes[f];
      if (v === undefined || v === null || v === '') return `missing item data: required field "${f}" is empty`;
    }
    return undefined;
  };
}

/**
 * Walks scored candidates best first, applying the recommender's filters and exclusions, until
 * `count` items are taken. Each dropped candidate keeps its reason for the trace.
 */
export function pickCandidates(rec: RulesBasedRecommender, scored: ScoredItems, req: RecommendRequest): RecommendResult {
  const excluded = exclusionTest(rec, req);
  const items: Item[] = [];
  const candidates: CandidateTrace[] | undefined = req.trace ? [] : undefined;
  let i = 0;
  const list = scored.items;
  for (; i < list.length && items.length < req.count; i++) {
    const c = list[i]!;
    const item = req.catalog.getItem(c.itemId);
    const reason = item === undefined ? 'missing item data: not in the item data graph' : excluded(item);
    if (reason === undefined) items.push(item!);
    candidates?.push(reason === undefined ? { itemId: c.itemId, score: c.score, rank: items.length } : { itemId: c.itemId, score: c.score, rank: null, excluded: reason });
  }
  return { items, candidates, notConsidered: list.length - i };
}

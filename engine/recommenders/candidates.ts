import type { CandidateTrace, Item, JsonValue, ProfileData, Recommender } from '../model/index.ts';
import { DAY_MS, dataGraphWatermark, isoOf } from '../model/time.ts';
import type { EngagementHistory, ItemCatalog } from '../model/sources.ts';
import {
  engagementWithin,
  IN_CART_PURPOSE,
  purchasedPurpose,
  type EngagementRead,
  type GraphEngagement,
} from './engagement-window.ts';
import { boostOf } from './boosts.ts';
import { itemField } from './item-field.ts';
import { byScoreThenId, roundScore, type Scored } from './order.ts';

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
  /** The recommender's backfill chain, in order (resolved from the config; a missing name has no recommender). */
  backfills?: ReadonlyArray<{ name: string; recommender: Recommender | undefined }>;
  /** The engagement the profile document holds (the point's profile data graph); absent: the document is taken as complete. */
  graph?: GraphEngagement | undefined;
  /** The event history, read where the document does not cover an exclusion's or a fold-in's window. */
  history?: EngagementHistory | undefined;
  /** Collects the reads beyond the document (set by `recommend`). */
  reads?: EngagementRead[];
}

/** The list being filled, shared by a recommender and its backfill chain. */
export interface Picked {
  items: Item[];
  ids: Set<string>;
  candidates?: CandidateTrace[];
}

/** The request context's anchor item id (`anchorItemId`, or `itemId`). */
export function anchorOf(context: Record<string, JsonValue>): string | undefined {
  const a = context['anchorItemId'] ?? context['itemId'];
  return typeof a === 'string' ? a : undefined;
}

/**
 * Builds the per-request test of a recommender's filters and exclusions; returns the reason a
 * candidate is dropped, or undefined when it may be returned.
 */
export function exclusionTest(rec: Recommender, req: RecommendRequest): (item: Item) => string | undefined {
  const { exclusions, filters } = rec;
  // The individual's own engagement within each exclusion's window, beyond the document's caps when
  // the document does not cover it (docs/caps.md).
  const within = {
    individualId: req.profile.id,
    engagement: req.profile.engagement,
    graph: req.graph,
    asOfMs: req.asOfMs,
    history: req.history,
  };
  const purchased =
    exclusions.purchasedWithinDays === null
      ? undefined
      : new Set(
          engagementWithin(
            within,
            'order',
            // (as-of − N days, watermark]: the window the graph's lookback holds when N is its lookback.
            req.asOfMs - exclusions.purchasedWithinDays * DAY_MS,
            purchasedPurpose(exclusions.purchasedWithinDays),
            req.reads,
          ),
        );
  // "In cart": the cart rows of the graph's Shopping Cart lookback, every one of them.
  const inCart = exclusions.inCart
    ? new Set(
        engagementWithin(
          within,
          'cart',
          req.graph ? dataGraphWatermark(req.asOfMs) - req.graph.cart.lookbackDays * DAY_MS : -Infinity,
          IN_CART_PURPOSE,
          req.reads,
        ),
      )
    : undefined;
  const anchor = exclusions.anchor ? anchorOf(req.context) : undefined;
  const category =
    filters.contextCategory && typeof req.context['category'] === 'string' ? req.context['category'] : undefined;
  const days = exclusions.purchasedWithinDays;
  // Items reach decisions through the item data graph's 30-minute refreshes: one created after the
  // last refresh at or before the as-of time is not visible yet (docs/freshness.md).
  const itemsRefreshedAt = isoOf(dataGraphWatermark(req.asOfMs));
  return (item) => {
    // Canonical ISO strings compare as times.
    if (item.createdAt > itemsRefreshedAt)
      return `filter: not in the item data graph yet: created ${item.createdAt}, after its refresh at ${itemsRefreshedAt}`;
    if (filters.inStockOnly && !item.inStock) return 'filter: out of stock';
    if (filters.priceMin !== undefined && item.price < filters.priceMin)
      return `filter: price ${item.price} below ${filters.priceMin}`;
    if (filters.priceMax !== undefined && item.price > filters.priceMax)
      return `filter: price ${item.price} above ${filters.priceMax}`;
    if (category !== undefined && item.category !== category)
      return `filter: category "${item.category}" is not the context category "${category}"`;
    for (const f of filters.attributes) {
      const v = itemField(item, f.field);
      if (v !== f.equals) return `filter: ${f.field} is ${JSON.stringify(v ?? null)}, not ${JSON.stringify(f.equals)}`;
    }
    if (anchor !== undefined && item.id === anchor) return 'exclusion: the anchor item itself';
    if (purchased?.has(item.id)) return `exclusion: purchased within ${days} days`;
    if (inCart?.has(item.id)) return 'exclusion: in cart';
    for (const f of req.requiredFields) {
      if (f === 'itemId') continue;
      const v = itemField(item, f);
      if (v === undefined || v === null || v === '') return `missing item data: required field "${f}" is empty`;
    }
    return undefined;
  };
}

/** A candidate list after boosts: the boosted score, and the base score and multiplier when a boost applied. */
interface Ranked extends Scored {
  baseScore?: number;
  boost?: number;
}

/** Applies the recommender's boosts and re-sorts (best first, ties by id); unchanged when it has none. */
export function applyBoosts(
  rec: Recommender,
  list: ReadonlyArray<Scored>,
  req: RecommendRequest,
): ReadonlyArray<Ranked> {
  const boost = boostOf(rec, req.context);
  if (!boost) return list;
  const out: Ranked[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    const item = req.catalog.getItem(c.itemId);
    const m = item ? boost(item) : 1;
    out[i] = m === 1 ? c : { itemId: c.itemId, score: roundScore(c.score * m), baseScore: c.score, boost: m };
  }
  return out.sort(byScoreThenId);
}

/**
 * Walks scored candidates best first, applying the recommender's filters and exclusions, until the
 * list holds `req.count` items. Each considered candidate, taken or dropped with its reason, is kept
 * for the trace. Returns how many items it added and how many candidates it did not look at.
 */
export function pickCandidates(
  rec: Recommender,
  list: ReadonlyArray<Scored>,
  req: RecommendRequest,
  picked: Picked,
  from?: string,
  complete?: () => ReadonlyArray<Scored>,
): { added: number; notConsidered: number } {
  const excluded = exclusionTest(rec, req);
  let ranked = applyBoosts(rec, list, req);
  let i = 0;
  let added = 0;
  for (; picked.items.length < req.count; i++) {
    if (i === ranked.length) {
      // `list` was the start of the strategy's list: go on through the complete one.
      if (!complete) break;
      ranked = applyBoosts(rec, complete(), req);
      complete = undefined;
      if (i >= ranked.length) break;
    }
    const c = ranked[i]! as Ranked;
    const item = req.catalog.getItem(c.itemId);
    let reason: string | undefined;
    if (picked.ids.has(c.itemId)) reason = 'duplicate: already in the list';
    else if (item === undefined) reason = 'missing item data: not in the item data graph';
    else reason = excluded(item);
    if (reason === undefined) {
      picked.items.push(item!);
      picked.ids.add(c.itemId);
      added++;
    }
    if (picked.candidates) {
      const t: CandidateTrace = {
        itemId: c.itemId,
        score: c.score,
        rank: reason === undefined ? picked.items.length : null,
      };
      if (reason !== undefined) t.excluded = reason;
      if (c.boost !== undefined) {
        t.baseScore = c.baseScore!;
        t.boost = c.boost;
      }
      if (from !== undefined) t.from = from;
      picked.candidates.push(t);
    }
  }
  return { added, notConsidered: ranked.length - i };
}

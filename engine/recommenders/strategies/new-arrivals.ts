import type { Item } from '../../model/index.ts';
import { DAY_MS, dataGraphWatermark, isoOf } from '../../model/time.ts';
import { byScoreThenId, type Scored } from '../order.ts';
import { recency, type Strategy } from './strategy.ts';

/** Creation times (ms) of a catalogue listed newest first; parsed once per catalogue. */
const createdTimes = new WeakMap<readonly Item[], Float64Array>();
/** The list per (window, as-of time) of a catalogue: the same for every individual of a run. */
const lists = new WeakMap<readonly Item[], Map<string, Scored[]>>();
const LISTS_KEPT = 64;

function createdMsOf(items: readonly Item[]): Float64Array {
  let t = createdTimes.get(items);
  if (!t) {
    t = Float64Array.from(items, (i) => Date.parse(i.createdAt));
    createdTimes.set(items, t);
  }
  return t;
}

/**
 * New arrivals: items created in the `windowDays` before the item data graph's last refresh at or
 * before the as-of time (an item becomes visible at the first 30-minute refresh after its creation),
 * newest first; score = recency of the creation.
 */
export const newArrivals: Strategy = (rec, data, req) => {
  const refreshMs = dataGraphWatermark(req.asOfMs);
  const refreshedAt = isoOf(refreshMs);
  const source = `items created in the ${rec.windowDays} days before the item data-graph refresh at ${refreshedAt}`;
  const items = data.catalogItems?.();
  if (!items)
    return {
      source,
      refreshedAt: null,
      items: [],
      note: 'this environment provides no item catalogue listing',
      freshness: [],
    };
  let memo = lists.get(items);
  if (!memo) lists.set(items, (memo = new Map()));
  const key = `${rec.windowDays}@${refreshMs}`;
  let out = memo.get(key);
  if (!out) {
    if (memo.size >= LISTS_KEPT) memo.clear();
    memo.set(key, (out = arrivals(items, rec.windowDays, refreshMs)));
  }
  const freshness = [{ source: 'item data graph', refreshedAt }];
  return out.length > 0
    ? { source, refreshedAt, items: out, freshness }
    : {
        source,
        refreshedAt,
        items: out,
        note: `no item was created in the ${rec.windowDays} days before the item data-graph refresh at ${refreshedAt}`,
        freshness,
      };
};

/** Items created in the window before `asOfMs` (a refresh time), best first (newest; ties by id). */
function arrivals(items: readonly Item[], windowDays: number, asOfMs: number): Scored[] {
  const created = createdMsOf(items);
  const windowMs = windowDays * DAY_MS;
  const from = asOfMs - windowMs;
  // 1. Skip items created after the refresh: the list is newest first, so binary search.
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (created[mid]! > asOfMs) lo = mid + 1;
    else hi = mid;
  }
  // 2. Take items until one is older than the window.
  const out: Scored[] = [];
  for (let i = lo; i < items.length && created[i]! > from; i++)
    out.push({ itemId: items[i]!.id, score: recency(created[i]!, asOfMs, windowMs) });
  // Rounded recency can tie items created apart: order as every strategy does.
  return out.sort(byScoreThenId);
}

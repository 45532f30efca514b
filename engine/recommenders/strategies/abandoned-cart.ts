import { DAY_MS, parseIsoTime } from '../../model/time.ts';
import { byScoreThenId, type Scored } from '../order.ts';
import { recency, type Strategy } from './strategy.ts';

/**
 * Abandoned cart: items the individual added to the cart in the `windowDays` before the as-of time
 * and did not order at or after the last time they carted them (profile document rows); the most
 * recently carted first (score = recency of the last cart add).
 */
export const abandonedCart: Strategy = (rec, _data, req) => {
  const windowMs = rec.windowDays * DAY_MS;
  const carted = new Map<string, number>();
  for (const row of req.profile.engagement.cart) {
    const t = parseIsoTime(row.timestamp);
    if (t === undefined || t > req.asOfMs || t <= req.asOfMs - windowMs) continue;
    if ((carted.get(row.itemId) ?? -Infinity) < t) carted.set(row.itemId, t);
  }
  const ordered = new Map<string, number>();
  for (const row of req.profile.engagement.order) {
    const t = parseIsoTime(row.timestamp);
    if (t === undefined || t > req.asOfMs) continue;
    if ((ordered.get(row.itemId) ?? -Infinity) < t) ordered.set(row.itemId, t);
  }
  const items: Scored[] = [];
  for (const [itemId, t] of carted) {
    if ((ordered.get(itemId) ?? -Infinity) >= t) continue;
    items.push({ itemId, score: recency(t, req.asOfMs, windowMs) });
  }
  items.sort(byScoreThenId);
  const out = {
    source: `cart lines of ${req.profile.id} not ordered since, in the ${rec.windowDays} days before the as-of time (profile data graph)`,
    refreshedAt: null,
    items,
    freshness: [],
  };
  return items.length > 0
    ? out
    : {
        ...out,
        note: `${req.profile.id} has no abandoned cart line in the ${rec.windowDays} days before the as-of time`,
      };
};

import { DAY_MS, parseIsoTime } from '../../model/time.ts';
import { byScoreThenId, type Scored } from '../order.ts';
import { recency, type Strategy } from './strategy.ts';

/**
 * Recently viewed by this individual: the items of the profile document's Product Browse rows in
 * the `windowDays` before the as-of time, most recently viewed first (score = recency of the last view).
 */
export const recentlyViewed: Strategy = (rec, _data, req) => {
  const windowMs = rec.windowDays * DAY_MS;
  const last = new Map<string, number>();
  for (const row of req.profile.engagement.browse) {
    const t = parseIsoTime(row.timestamp);
    if (t === undefined || t > req.asOfMs || t <= req.asOfMs - windowMs) continue;
    if ((last.get(row.itemId) ?? -Infinity) < t) last.set(row.itemId, t);
  }
  const items: Scored[] = [...last].map(([itemId, t]) => ({ itemId, score: recency(t, req.asOfMs, windowMs) }));
  items.sort(byScoreThenId);
  const out = {
    source: `product views of ${req.profile.id} in the ${rec.windowDays} days before the as-of time (profile data graph)`,
    refreshedAt: null,
    items,
    freshness: [],
  };
  return items.length > 0
    ? out
    : {
        ...out,
        note: `${req.profile.id} viewed no product in the ${rec.windowDays} days before the as-of time (as the profile document holds them)`,
      };
};

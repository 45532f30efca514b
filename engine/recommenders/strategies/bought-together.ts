import { anchorOf } from '../candidates.ts';
import { readInsight, scoredItems, type Strategy } from './strategy.ts';

/**
 * Bought together with the anchor item of the request context: the anchor's rows of an item-pair
 * CI (item_id = anchor → related_item_id, value = e.g. orders holding both), highest first.
 */
export const boughtTogether: Strategy = (rec, data, req) => {
  const name = rec.calculatedInsight;
  const anchor = anchorOf(req.context);
  if (name === undefined)
    return {
      source: 'bought together',
      refreshedAt: null,
      items: [],
      note: `recommender ${rec.apiName} names no calculated insight`,
      freshness: [],
    };
  if (anchor === undefined) {
    return {
      source: `calculated insight ${name}`,
      refreshedAt: null,
      items: [],
      note: 'no anchor item in the request context (anchorItemId or itemId): bought together yields nothing',
      freshness: [],
    };
  }
  const { rows, trace, freshness } = readInsight(data, name, req.asOfMs, anchor);
  const out = {
    source: `${rows.source}, with ${anchor}`,
    refreshedAt: rows.refreshedAt,
    items: scoredItems(rows.rows),
    insights: [trace],
    freshness: [freshness],
  };
  const note =
    rows.problem ??
    (rows.rows.length === 0
      ? `calculated insight ${name} holds no item bought together with ${anchor} as of ${rows.refreshedAt}`
      : undefined);
  return note ? { ...out, note } : out;
};

import type { Item, Scalar } from '../../model/index.ts';
import { anchorOf } from '../candidates.ts';
import { itemField } from '../item-field.ts';
import { compareIds, roundScore, type Scored } from '../order.ts';
import type { Strategy } from './strategy.ts';

/**
 * A catalogue indexed for attribute matching: item ids in BINARY order (an item's rank is its
 * position), and per field the ranks of the items holding each value. Built once per catalogue;
 * the count buffers are reused by every request (a request never yields to another midway).
 */
interface AttributeIndex {
  ids: string[];
  postings: Map<string, Map<string, Int32Array>>;
  counts: Uint16Array;
  touched: Int32Array;
}
const indexes = new WeakMap<readonly Item[], AttributeIndex>();

const valueKey = (v: Scalar | undefined): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : JSON.stringify(v);

function indexOf(items: readonly Item[]): AttributeIndex {
  let index = indexes.get(items);
  if (!index) {
    const ids = items.map((i) => i.id).sort(compareIds);
    index = { ids, postings: new Map(), counts: new Uint16Array(ids.length), touched: new Int32Array(ids.length) };
    indexes.set(items, index);
  }
  return index;
}

/** The ranks of the items holding each value of `field`, ascending. */
function postingsOf(index: AttributeIndex, items: readonly Item[], field: string): Map<string, Int32Array> {
  let byValue = index.postings.get(field);
  if (!byValue) {
    const rank = new Map(index.ids.map((id, r) => [id, r]));
    const lists = new Map<string, number[]>();
    for (const item of items) {
      const k = valueKey(itemField(item, field));
      if (k === undefined) continue;
      const list = lists.get(k);
      if (list) list.push(rank.get(item.id)!);
      else lists.set(k, [rank.get(item.id)!]);
    }
    byValue = new Map([...lists].map(([k, ranks]) => [k, Int32Array.from(ranks).sort()]));
    index.postings.set(field, byValue);
  }
  return byValue;
}

/**
 * Similar attributes to the anchor item of the request context: items sharing the values of the
 * recommender's `attributes` fields with the anchor; score = share of those fields that are equal
 * (empty values never match). Candidates come best first, ties by item id.
 */
export const similarAttributes: Strategy = (rec, data, req) => {
  const anchor = anchorOf(req.context);
  const fields = rec.attributes;
  const source = `items sharing ${fields.join(', ')} with the anchor item (item data graph)`;
  if (anchor === undefined)
    return {
      source,
      refreshedAt: null,
      items: [],
      note: 'no anchor item in the request context (anchorItemId or itemId): similar attributes yields nothing',
      freshness: [],
    };
  const anchorItem = req.catalog.getItem(anchor);
  if (!anchorItem)
    return {
      source,
      refreshedAt: null,
      items: [],
      note: `the anchor item ${anchor} is not in the item data graph`,
      freshness: [],
    };
  const items = data.catalogItems?.();
  if (!items)
    return {
      source,
      refreshedAt: null,
      items: [],
      note: 'this environment provides no item catalogue listing',
      freshness: [],
    };
  if (fields.length === 0)
    return {
      source,
      refreshedAt: null,
      items: [],
      note: `recommender ${rec.apiName} compares no attributes`,
      freshness: [],
    };
  // 1. Count, per item, the fields equal to the anchor's (posting lists of the anchor's values).
  const index = indexOf(items);
  const { counts, touched } = index;
  let n = 0;
  for (const field of fields) {
    const k = valueKey(itemField(anchorItem, field));
    const ranks = k === undefined ? undefined : postingsOf(index, items, field).get(k);
    if (!ranks) continue;
    for (let i = 0; i < ranks.length; i++) {
      const r = ranks[i]!;
      const c = counts[r]!;
      counts[r] = c + 1;
      if (c === 0) touched[n++] = r;
    }
  }
  // 2. Best first: more equal fields first, then id order (rank order); reset the counts.
  const ranks = touched.subarray(0, n).sort();
  const scored: Scored[] = [];
  for (let c = fields.length; c >= 1; c--) {
    const score = roundScore(c / fields.length);
    for (let i = 0; i < n; i++) if (counts[ranks[i]!] === c) scored.push({ itemId: index.ids[ranks[i]!]!, score });
  }
  for (let i = 0; i < n; i++) counts[ranks[i]!] = 0;
  const out = { source: `${source}: ${anchor}`, refreshedAt: null, items: scored, freshness: [] };
  return scored.length > 0 ? out : { ...out, note: `no item shares ${fields.join(', ')} with ${anchor}` };
};

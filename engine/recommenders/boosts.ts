import type { Item, JsonValue, Recommender, Scalar } from '../model/index.ts';
import { itemField } from './item-field.ts';

/** A boost value read from the request context: "$context.category" is the context's `category`. */
export const CONTEXT_PREFIX = '$context.';

/**
 * The multiplier of a recommender's boosts for one request: the product of the multipliers of the
 * boosts whose field equals their value on the item. Undefined when the recommender has no boost
 * that can apply (none configured, or only context values the request lacks).
 */
export function boostOf(rec: Recommender, context: Record<string, JsonValue>): ((item: Item) => number) | undefined {
  const active: { field: string; equals: Scalar; multiplier: number }[] = [];
  for (const b of rec.boosts) {
    let equals: Scalar = b.equals;
    if (typeof equals === 'string' && equals.startsWith(CONTEXT_PREFIX)) {
      const v = context[equals.slice(CONTEXT_PREFIX.length)];
      if (v === undefined || v === null || typeof v === 'object') continue;
      equals = v;
    }
    if (b.multiplier !== 1) active.push({ field: b.field, equals, multiplier: b.multiplier });
  }
  if (active.length === 0) return undefined;
  return (item) => {
    let m = 1;
    for (const b of active) if (itemField(item, b.field) === b.equals) m *= b.multiplier;
    return m;
  };
}

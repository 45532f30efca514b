import type { Item, Scalar } from '../model/index.ts';

/** An item's value of a field: a base field of every item (category, brand, price…) or one of its attributes. */
export function itemField(item: Item, field: string): Scalar | undefined {
  if (field !== 'attributes' && Object.hasOwn(item, field)) return (item as unknown as Record<string, Scalar>)[field];
  return Object.hasOwn(item.attributes, field) ? item.attributes[field] : undefined;
}

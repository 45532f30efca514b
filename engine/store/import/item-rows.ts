import type { Connection } from '../connection.ts';
import { ItemWriter, type StoredItem } from '../items.ts';
import { DuplicateIds, readBase, readId, readTimestamp, type RowKind } from './row-kind.ts';

/** Items (Goods Product): typed base columns plus attributes; upserted by id. */
export function itemRows(c: Connection, spaceId: number): RowKind<StoredItem> {
  const writer = new ItemWriter(c, spaceId);
  const ids = new DuplicateIds();
  return {
    columns: {
      required: ['id', 'name', 'price', 'inStock', 'createdAt'],
      optional: ['category', 'imageUrl', 'url', 'brand'],
      attributes: true,
      reserved: new Map(),
      noun: 'item',
    },
    check(values, attributes, loc, issues) {
      const before = issues.length;
      const id = readId(values, 'id', issues);
      if (typeof id === 'string') ids.check(id, loc, issues);
      const name = readBase(values, 'name', 'string', true, issues);
      const price = readBase(values, 'price', 'number', true, issues);
      if (typeof price === 'number' && price < 0)
        issues.push({ field: 'price', message: `price: ${price} is negative` });
      const inStock = readBase(values, 'inStock', 'boolean', true, issues);
      const createdAtMs = readTimestamp(values, 'createdAt', issues);
      const category = readBase(values, 'category', 'string', false, issues) ?? '';
      const imageUrl = readBase(values, 'imageUrl', 'string', false, issues) ?? '';
      const url = readBase(values, 'url', 'string', false, issues) ?? '';
      const brand = readBase(values, 'brand', 'string', false, issues) ?? '';
      if (issues.length > before) return undefined;
      return {
        id: id as string,
        name: name as string,
        category: category as string,
        price: price as number,
        imageUrl: imageUrl as string,
        url: url as string,
        brand: brand as string,
        inStock: inStock as boolean,
        createdAtMs: createdAtMs!,
        attributesJson: JSON.stringify(attributes),
      };
    },
    write: (r) => writer.write(r),
    finish() {
      writer.finish();
      return { inserted: writer.inserted, updated: writer.updated };
    },
  };
}

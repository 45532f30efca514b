import type { Item } from '../model/item.ts';
import type { Connection } from './connection.ts';
import { addCounts, dataSpaceCounts } from './data-spaces.ts';
import { isoFromMs } from './timestamps.ts';

/** Item base field name → items column (the typed columns of a Goods Product). */
export const ITEM_COLUMNS: Readonly<Record<string, string>> = {
  id: 'id',
  name: 'name',
  category: 'category',
  price: 'price',
  imageUrl: 'image_url',
  url: 'url',
  brand: 'brand',
  inStock: 'in_stock',
  createdAt: 'created_at',
};

interface ItemRow {
  id: string;
  name: string;
  category: string;
  price: number;
  image_url: string;
  url: string;
  brand: string;
  in_stock: number;
  created_at: number;
  attributes: string;
}

const SELECT_ITEM =
  'SELECT id, name, category, price, image_url, url, brand, in_stock, created_at, attributes FROM items';

const toItem = (r: ItemRow): Item => ({
  id: r.id,
  name: r.name,
  category: r.category,
  price: r.price,
  imageUrl: r.image_url,
  url: r.url,
  brand: r.brand,
  inStock: r.in_stock === 1,
  createdAt: isoFromMs(r.created_at),
  attributes: JSON.parse(r.attributes) as Item['attributes'],
});

/** One item of a data space. */
export function getItem(c: Connection, spaceId: number, id: string): Item | undefined {
  const row = c.stmt(`${SELECT_ITEM} WHERE space_id = ? AND id = ?`).get(spaceId, id) as ItemRow | undefined;
  return row && toItem(row);
}

/** Every item of a data space, by id (the item catalog is loaded whole by the engine). */
export function loadItems(c: Connection, spaceId: number): Item[] {
  return (c.stmt(`${SELECT_ITEM} WHERE space_id = ? ORDER BY id`).all(spaceId) as ItemRow[]).map(toItem);
}

/** How many items a data space holds. */
export const countItems = (c: Connection, spaceId: number): number => dataSpaceCounts(c, spaceId).items;

/** Item id → surrogate key for a data space (catalogs are thousands of rows, not millions). */
export function itemPkMap(c: Connection, spaceId: number): Map<string, number> {
  const rows = c.stmt('SELECT id, pk FROM items WHERE space_id = ?').all(spaceId) as { id: string; pk: number }[];
  return new Map(rows.map((r) => [r.id, r.pk]));
}

/** An item ready to store: typed base columns, createdAt as epoch ms, attributes as JSON text. */
export interface StoredItem {
  id: string;
  name: string;
  category: string;
  price: number;
  imageUrl: string;
  url: string;
  brand: string;
  inStock: boolean;
  createdAtMs: number;
  attributesJson: string;
}

/** Inserts or updates items by id; reports which. Call inside a transaction. */
export class ItemWriter {
  private readonly insert;
  private readonly update;
  inserted = 0;
  updated = 0;

  constructor(
    private readonly c: Connection,
    private readonly spaceId: number,
  ) {
    this.insert = c.stmt(
      `INSERT INTO items (space_id, id, name, category, price, image_url, url, brand, in_stock, created_at, attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (space_id, id) DO NOTHING`,
    );
    this.update = c.stmt(
      `UPDATE items SET name = ?, category = ?, price = ?, image_url = ?, url = ?, brand = ?, in_stock = ?, created_at = ?, attributes = ?
       WHERE space_id = ? AND id = ?`,
    );
  }

  /** Writes one item; an existing id is replaced by the new values (attributes included). */
  write(r: StoredItem): void {
    const stock = r.inStock ? 1 : 0;
    if (
      this.insert.run(
        this.spaceId,
        r.id,
        r.name,
        r.category,
        r.price,
        r.imageUrl,
        r.url,
        r.brand,
        stock,
        r.createdAtMs,
        r.attributesJson,
      ).changes === 1
    ) {
      this.inserted++;
    } else {
      this.update.run(
        r.name,
        r.category,
        r.price,
        r.imageUrl,
        r.url,
        r.brand,
        stock,
        r.createdAtMs,
        r.attributesJson,
        this.spaceId,
        r.id,
      );
      this.updated++;
    }
  }

  /** Adds the inserted rows to the data space's count. */
  finish(): void {
    addCounts(this.c, this.spaceId, { items: this.inserted });
  }
}

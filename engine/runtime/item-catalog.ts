import type { Item } from '../model/index.ts';
import type { ItemCatalog } from '../model/sources.ts';
import type { WorkspaceStore } from '../store/index.ts';

/** The item data graph of a data space, loaded into memory once. */
export function storeItemCatalog(store: WorkspaceStore, spaceId: number): ItemCatalog {
  const items = new Map<string, Item>(store.loadItems(spaceId).map((i) => [i.id, i]));
  return { getItem: (id) => items.get(id), size: items.size };
}

import { describe, expect, it } from 'vitest';
import { item, newWorkspace } from './workspace-fixture.ts';

describe('items', () => {
  it('are written in bulk with typed columns and read back as domain objects', () => {
    const { store, space } = newWorkspace();
    const shoe = item(1, {
      inStock: false,
      createdAt: '2025-03-04T05:06:07.890Z',
      attributes: { color: 'red', weight: 1.5, vegan: true },
    });
    store.insertItems(space, [item(2), shoe]);
    expect(store.getItem(space, 'prod_1')).toEqual(shoe);
    expect(store.getItem(space, 'nope')).toBeUndefined();
    expect(store.loadItems(space).map((i) => i.id)).toEqual(['prod_1', 'prod_2']);
    expect(store.countItems(space)).toBe(2);
  });

  it('are upserted by id', () => {
    const { store, space } = newWorkspace();
    store.insertItems(space, [item(1)]);
    store.insertItems(space, [item(1, { price: 99, attributes: { sale: true } })]);
    expect(store.getItem(space, 'prod_1')).toMatchObject({ price: 99, attributes: { sale: true } });
    expect(store.countItems(space)).toBe(1);
  });

  it('throw (a bug) on a createdAt that is not a timestamp', () => {
    const { store, space } = newWorkspace();
    expect(() => store.insertItems(space, [item(1, { createdAt: 'yesterday' })])).toThrow(/not an ISO-8601 timestamp/);
    expect(store.countItems(space)).toBe(0);
  });
});

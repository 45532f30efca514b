import { describe, expect, it } from 'vitest';
import { event, individual, item, newWorkspace } from './workspace-fixture.ts';

const ms = (iso: string): number => Date.parse(iso);

function seeded() {
  const w = newWorkspace();
  const { store, space } = w;
  store.insertIndividuals(space, [individual(1), individual(2)]);
  store.insertItems(space, [
    item(1, { attributes: { color: 'red', vegan: true } }),
    item(2, { inStock: false }),
    item(3),
    item(4),
  ]);
  return w;
}

describe('events', () => {
  it('are appended in bulk, resolving ids to keys', () => {
    const { store, space } = seeded();
    const n = store.insertEvents(space, [
      event('ind_1', 'prod_1', 'browse', '2025-01-01T10:00:00.000Z'),
      event('ind_1', 'prod_2', 'order', '2025-01-02T10:00:00.000Z', 2, 19.5),
    ]);
    expect(n).toBe(2);
    expect(store.countEvents(space)).toBe(2);
  });

  it('throw (a bug) on an unknown individual or item, writing nothing', () => {
    const { store, space } = seeded();
    expect(() =>
      store.insertEvents(space, [
        event('ind_1', 'prod_1', 'browse', '2025-01-01T10:00:00.000Z'),
        event('ghost', 'prod_1', 'browse', '2025-01-01T10:00:00.000Z'),
      ]),
    ).toThrow(/unknown individual "ghost"/);
    expect(() => store.insertEvents(space, [event('ind_1', 'nope', 'browse', '2025-01-01T10:00:00.000Z')])).toThrow(
      /unknown item "nope"/,
    );
    expect(store.countEvents(space)).toBe(0);
  });

  describe('readEngagement', () => {
    it('returns one type, newest first, within fromMs < ts <= toMs, limited', () => {
      const { store, space } = seeded();
      store.insertEvents(space, [
        event('ind_1', 'prod_1', 'browse', '2025-01-01T00:00:00.000Z'),
        event('ind_1', 'prod_2', 'browse', '2025-01-02T00:00:00.000Z'),
        event('ind_1', 'prod_3', 'browse', '2025-01-03T00:00:00.000Z'),
        event('ind_1', 'prod_4', 'browse', '2025-01-04T00:00:00.000Z'),
        event('ind_1', 'prod_1', 'order', '2025-01-03T00:00:00.000Z', 1, 10),
        event('ind_2', 'prod_1', 'browse', '2025-01-03T00:00:00.000Z'),
      ]);
      const rows = store.readEngagement(space, 'ind_1', {
        type: 'browse',
        fromMs: ms('2025-01-01T00:00:00.000Z'),
        toMs: ms('2025-01-03T00:00:00.000Z'),
        limit: 10,
        itemFields: [],
      });
      expect(rows).toEqual([
        { itemId: 'prod_3', type: 'browse', timestamp: '2025-01-03T00:00:00.000Z', quantity: 1, price: null },
        { itemId: 'prod_2', type: 'browse', timestamp: '2025-01-02T00:00:00.000Z', quantity: 1, price: null },
      ]);
      expect(
        store
          .readEngagement(space, 'ind_1', {
            type: 'browse',
            fromMs: 0,
            toMs: ms('2030-01-01T00:00:00Z'),
            limit: 1,
            itemFields: [],
          })
          .map((r) => r.itemId),
      ).toEqual(['prod_4']);
      expect(
        store.readEngagement(space, 'nobody', {
          type: 'browse',
          fromMs: 0,
          toMs: ms('2030-01-01T00:00:00Z'),
          limit: 5,
          itemFields: [],
        }),
      ).toEqual([]);
    });

    it('copies base and attribute item fields; the event keeps its own price', () => {
      const { store, space } = seeded();
      store.insertEvents(space, [
        event('ind_1', 'prod_1', 'order', '2025-01-01T00:00:00.000Z', 2, 9.99),
        event('ind_1', 'prod_2', 'order', '2025-01-02T00:00:00.000Z', 1, 5),
      ]);
      const rows = store.readEngagement(space, 'ind_1', {
        type: 'order',
        fromMs: 0,
        toMs: ms('2030-01-01T00:00:00Z'),
        limit: 10,
        itemFields: ['category', 'inStock', 'createdAt', 'color', 'vegan', 'missing', 'price'],
      });
      expect(rows).toEqual([
        {
          itemId: 'prod_2',
          type: 'order',
          timestamp: '2025-01-02T00:00:00.000Z',
          quantity: 1,
          price: 5,
          category: 'Shoes',
          inStock: false,
          createdAt: '2025-01-01T00:00:00.000Z',
          color: null,
          vegan: null,
          missing: null,
        },
        {
          itemId: 'prod_1',
          type: 'order',
          timestamp: '2025-01-01T00:00:00.000Z',
          quantity: 2,
          price: 9.99,
          category: 'Shirts',
          inStock: true,
          createdAt: '2025-01-01T00:00:00.000Z',
          color: 'red',
          vegan: true,
          missing: null,
        },
      ]);
    });

    it('orders equal timestamps by arrival, newest arrival first', () => {
      const { store, space } = seeded();
      store.insertEvents(space, [
        event('ind_1', 'prod_1', 'cart', '2025-01-01T00:00:00.000Z'),
        event('ind_1', 'prod_2', 'cart', '2025-01-01T00:00:00.000Z'),
      ]);
      store.insertEvents(space, [event('ind_1', 'prod_3', 'cart', '2025-01-01T00:00:00.000Z')]);
      const rows = store.readEngagement(space, 'ind_1', {
        type: 'cart',
        fromMs: 0,
        toMs: ms('2030-01-01T00:00:00Z'),
        limit: 10,
        itemFields: [],
      });
      expect(rows.map((r) => r.itemId)).toEqual(['prod_3', 'prod_2', 'prod_1']);
    });
  });

  describe('topSellers', () => {
    it('sums order quantities in the window, ties broken by item id', () => {
      const { store, space } = seeded();
      store.insertEvents(space, [
        event('ind_1', 'prod_3', 'order', '2025-01-02T00:00:00.000Z', 2),
        event('ind_2', 'prod_3', 'order', '2025-01-03T00:00:00.000Z', 1),
        event('ind_1', 'prod_2', 'order', '2025-01-03T00:00:00.000Z', 3),
        event('ind_2', 'prod_1', 'order', '2025-01-04T00:00:00.000Z', 3),
        event('ind_2', 'prod_4', 'order', '2025-01-01T00:00:00.000Z', 50), // at fromMs: excluded
        event('ind_2', 'prod_4', 'order', '2025-01-05T00:00:00.001Z', 50), // after toMs: excluded
        event('ind_1', 'prod_4', 'browse', '2025-01-03T00:00:00.000Z', 99), // not an order
        event('ind_1', 'prod_4', 'order', '2025-01-03T00:00:00.000Z', 0), // sums to 0: left out
      ]);
      const q = { fromMs: ms('2025-01-01T00:00:00.000Z'), toMs: ms('2025-01-05T00:00:00.000Z') };
      expect(store.topSellers(space, q)).toEqual([
        { itemId: 'prod_1', score: 3 },
        { itemId: 'prod_2', score: 3 },
        { itemId: 'prod_3', score: 3 },
      ]);
      expect(store.topSellers(space, { ...q, limit: 2 }).map((t) => t.itemId)).toEqual(['prod_1', 'prod_2']);
      expect(store.topSellers(space, { fromMs: 0, toMs: 1 })).toEqual([]);
    });
  });

  describe('eventTimeRange', () => {
    it('is null without events, else the first and last event time', () => {
      const { store, space } = seeded();
      expect(store.eventTimeRange(space)).toBeNull();
      store.insertEvents(space, [
        event('ind_1', 'prod_1', 'cart', '2025-02-01T00:00:00.000Z'),
        event('ind_1', 'prod_1', 'browse', '2025-01-15T00:00:00.000Z'),
        event('ind_2', 'prod_1', 'order', '2025-03-01T12:00:00.000Z'),
      ]);
      expect(store.eventTimeRange(space)).toEqual({
        first: '2025-01-15T00:00:00.000Z',
        last: '2025-03-01T12:00:00.000Z',
      });
      expect(store.eventTimeRange(store.ensureDataSpace('empty', 'Empty'))).toBeNull();
    });
  });
});

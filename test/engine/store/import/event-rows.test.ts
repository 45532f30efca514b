import { describe, expect, it } from 'vitest';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

const HEADER = 'individualId,itemId,type,timestamp,quantity,price';

describe('event import', () => {
  it('appends events; quantity defaults to 1 and price to null', async () => {
    const { run, store, space } = importWorkspace();
    const csv = [
      HEADER,
      'ind_1,prod_1,browse,2025-01-01T10:00:00Z,,',
      'ind_1,prod_2,ORDER,2025-01-02T10:00:00+01:00,2,19.90',
      'ind_2,prod_1,cart,2025-01-03,3,',
    ].join('\r\n');
    const r = report(await run('events', 'events.csv', csv));
    expect(r).toMatchObject({ kind: 'events', rowsRead: 3, inserted: 3, updated: 0, inferredFields: [] });
    report(await run('events', 'again.csv', csv)); // events append: the same file twice is twice the events
    expectCounts(store, space, { individuals: 3, items: 3, events: 6 });
    const orders = store.readEngagement(space, 'ind_1', {
      type: 'order',
      fromMs: 0,
      toMs: Date.parse('2030-01-01T00:00:00Z'),
      limit: 10,
      itemFields: [],
    });
    expect(orders[0]).toEqual({
      itemId: 'prod_2',
      type: 'order',
      timestamp: '2025-01-02T09:00:00.000Z',
      quantity: 2,
      price: 19.9,
    });
    const browse = store.readEngagement(space, 'ind_1', {
      type: 'browse',
      fromMs: 0,
      toMs: Date.parse('2030-01-01T00:00:00Z'),
      limit: 1,
      itemFields: [],
    });
    expect(browse).toEqual([
      { itemId: 'prod_1', type: 'browse', timestamp: '2025-01-01T10:00:00.000Z', quantity: 1, price: null },
    ]);
  });

  it('reports events that reference unknown individuals or items, row by row', async () => {
    const { run, store, space } = importWorkspace();
    const csv = [
      HEADER,
      'ind_1,prod_1,browse,2025-01-01T00:00:00Z,1,',
      'ghost,prod_1,browse,2025-01-01T00:00:00Z,1,',
      'ind_2,nope,order,2025-01-01T00:00:00Z,1,',
      'ghost,nope,cart,2025-01-01T00:00:00Z,1,',
    ].join('\n');
    const f = fault(await run('events', 'e.csv', csv));
    expect(located(f)).toEqual([
      [
        3,
        'individualId',
        'individualId: "ghost" is not an individual of data space "default" (import the profiles first)',
      ],
      [4, 'itemId', 'itemId: "nope" is not an item of data space "default" (import the items first)'],
      [
        5,
        'individualId',
        'individualId: "ghost" is not an individual of data space "default" (import the profiles first)',
      ],
      [5, 'itemId', 'itemId: "nope" is not an item of data space "default" (import the items first)'],
    ]);
    expect(f.message).toMatch(/e\.csv: 3 bad rows; nothing was imported$/);
    expectCounts(store, space, { individuals: 3, items: 3, events: 0 });
  });

  it('refuses unknown types, negative or fractional quantities, negative prices and zoneless timestamps', async () => {
    const { run } = importWorkspace();
    const csv = [
      HEADER,
      'ind_1,prod_1,purchase,2025-01-01T00:00:00Z,1,',
      'ind_1,prod_1,order,2025-01-01T00:00:00Z,-2,',
      'ind_1,prod_1,order,2025-01-01T00:00:00Z,1.5,',
      'ind_1,prod_1,order,2025-01-01T00:00:00Z,1,-3',
      'ind_1,prod_1,order,2025-01-01 10:00:00,1,',
      'ind_1,prod_1,order,,1,',
    ].join('\n');
    expect(located(fault(await run('events', 'e.csv', csv)))).toEqual([
      [2, 'type', 'type: "purchase" is not an engagement type (browse, cart or order)'],
      [3, 'quantity', 'quantity: -2 is negative'],
      [4, 'quantity', 'quantity: 1.5 is not a whole number'],
      [5, 'price', 'price: -3 is negative'],
      [6, 'timestamp', 'timestamp: "2025-01-01 10:00:00" has no time zone; add Z (UTC) or an offset such as +02:00'],
      [7, 'timestamp', 'timestamp: empty (a value is required)'],
    ]);
  });

  it('needs individualId, itemId, type and timestamp; ignores other columns with a warning', async () => {
    const { run } = importWorkspace();
    const missing = fault(await run('events', 'm.csv', 'individualId,itemId,type\nind_1,prod_1,browse\n'));
    expect(located(missing)).toEqual([
      [1, 'timestamp', 'missing required column "timestamp" (events need individualId, itemId, type, timestamp)'],
    ]);
    const r = await run(
      'events',
      'x.csv',
      'individualId,itemId,type,timestamp,channel\nind_1,prod_1,browse,2025-01-01T00:00:00Z,web\n',
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings?.map((w) => w.message)).toEqual([
      'column "channel" is not an event column (individualId, itemId, type, timestamp, quantity, price); it was ignored',
    ]);
  });
});

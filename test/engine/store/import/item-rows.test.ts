import { describe, expect, it } from 'vitest';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

const HEADER = 'id,name,category,price,imageUrl,url,brand,inStock,createdAt';

describe('item import', () => {
  it('stores typed base columns and extra attributes (declared and inferred)', async () => {
    const { run, store, space } = importWorkspace(false);
    const csv = `${HEADER},color,weight\nshoe_1,Running Shoes Pro,Shoes,129.99,/i/1.png,/p/1,Acme,yes,2024-05-01T10:00:00+02:00,red,0.8\n`;
    const r = report(await run('items', 'items.csv', csv, { fields: [{ name: 'color', type: 'string' }] }));
    expect(r.inferredFields).toEqual([{ name: 'weight', type: 'number' }]);
    expect(store.getItem(space, 'shoe_1')).toEqual({
      id: 'shoe_1',
      name: 'Running Shoes Pro',
      category: 'Shoes',
      price: 129.99,
      imageUrl: '/i/1.png',
      url: '/p/1',
      brand: 'Acme',
      inStock: true,
      createdAt: '2024-05-01T08:00:00.000Z',
      attributes: { color: 'red', weight: 0.8 },
    });
  });

  it('needs id, name, price, inStock and createdAt; category, imageUrl, url and brand may be left out', async () => {
    const { run, store, space } = importWorkspace(false);
    report(await run('items', 'min.csv', 'id,name,price,inStock,createdAt\nx,X,1,0,2024-01-01\n'));
    expect(store.getItem(space, 'x')).toMatchObject({ category: '', imageUrl: '', url: '', brand: '', inStock: false });
    const f = fault(await run('items', 'bad.csv', 'id,name,category\nx,X,c\n'));
    expect(located(f)).toEqual([
      [1, 'price', 'missing required column "price" (items need id, name, price, inStock, createdAt)'],
      [1, 'inStock', 'missing required column "inStock" (items need id, name, price, inStock, createdAt)'],
      [1, 'createdAt', 'missing required column "createdAt" (items need id, name, price, inStock, createdAt)'],
    ]);
  });

  it('reports every bad value of every row', async () => {
    const { run, store, space } = importWorkspace(false);
    const csv = [
      HEADER,
      'a,A,c,abc,,,,true,2024-01-01T00:00:00Z',
      'b,,c,-5,,,,maybe,2024-01-01T00:00:00',
      'c,C,c,3,,,,true,2024-01-01T00:00:00Z',
    ].join('\n');
    const f = fault(await run('items', 'items.csv', csv));
    expect(f.message).toMatch(/items\.csv: 2 bad rows; nothing was imported$/);
    expect(f.problemCount).toBe(5);
    expect(located(f)).toEqual([
      [2, 'price', 'price: "abc" is not a number'],
      [3, 'name', 'name: empty (a value is required)'],
      [3, 'price', 'price: -5 is negative'],
      [3, 'inStock', 'inStock: "maybe" is not a boolean (true/false, 1/0 or yes/no)'],
      [3, 'createdAt', 'createdAt: "2024-01-01T00:00:00" has no time zone; add Z (UTC) or an offset such as +02:00'],
    ]);
    expectCounts(store, space, { individuals: 0, items: 0, events: 0 });
  });

  it('upserts by id', async () => {
    const { run, store, space } = importWorkspace();
    const r = report(
      await run(
        'items',
        'i.csv',
        `${HEADER}\nprod_1,Renamed,c,1,,,,true,2024-01-01Z\nprod_9,New,c,2,,,,false,2024-01-01\n`.replace(
          '2024-01-01Z',
          '2024-01-01T00:00:00Z',
        ),
      ),
    );
    expect([r.inserted, r.updated]).toEqual([1, 1]);
    expect(store.getItem(space, 'prod_1')?.name).toBe('Renamed');
    expectCounts(store, space, { individuals: 3, items: 4, events: 0 });
  });

  it('JSON: values of the right type, or strings that parse; other types are refused', async () => {
    const { run, store, space } = importWorkspace(false);
    const base = { category: 'c', imageUrl: '', url: '', brand: '', createdAt: '2024-01-01T00:00:00Z' };
    const good = [
      { ...base, id: 'a', name: 'A', price: 12.5, inStock: true },
      { ...base, id: 'b', name: 'B', price: '7', inStock: 'no' },
    ];
    report(await run('items', 'good.json', JSON.stringify(good)));
    expect(store.getItem(space, 'b')).toMatchObject({ price: 7, inStock: false });
    const bad = [
      { ...base, id: 'c', name: 42, price: 1, inStock: true },
      { ...base, id: 'd', name: 'D', price: 'abc', inStock: 1 },
      { ...base, id: 'e', name: 'E', price: 1, inStock: true, tags: ['x'] },
    ];
    const f = fault(await run('items', 'bad.json', JSON.stringify(bad, null, 2)));
    expect(located(f)).toEqual([
      ['$[0].name', 'name', 'name: 42 is a number, expected a string'],
      ['$[1].price', 'price', 'price: "abc" is not a number'],
      ['$[1].inStock', 'inStock', 'inStock: 1 is a number, expected a boolean'],
      ['$[2].tags', 'tags', 'tags: is an array; expected a single value (string)'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

describe('JSON import', () => {
  it('reads an array of objects', async () => {
    const { run, store, space } = importWorkspace(false);
    const r = report(
      await run(
        'profiles',
        'p.json',
        JSON.stringify([
          { id: 'p1', vip: true },
          { id: 'p2', vip: false, note: null },
        ]),
      ),
    );
    // `note` has no value anywhere: nothing to infer, nothing to declare.
    expect([r.format, r.inserted, r.inferredFields]).toEqual(['json', 2, [{ name: 'vip', type: 'boolean' }]]);
    expect(store.getIndividual(space, 'p2')).toEqual({ id: 'p2', attributes: { vip: false } });
  });

  it('reports invalid JSON with line and column', async () => {
    const { run } = importWorkspace(false);
    const f = fault(await run('profiles', 'p.json', '[\n  {"id": "p1"},\n  {"id": "p2" "x": 1}\n]'));
    expect(located(f)).toEqual([[3, undefined, `invalid JSON at line 3, column 15: expected ',' or '}', found "\\""`]]);
    expect(f.message).toMatch(/p\.json: invalid JSON at line 3, column 15: .*; nothing was imported$/);
  });

  it('reports a truncated file with line and column', async () => {
    const { run } = importWorkspace(false);
    const f = fault(await run('profiles', 'p.json', '[\n  {"id": "p1"},\n  {"id": "p'));
    expect(located(f)).toEqual([
      [3, undefined, 'invalid JSON at line 3, column 12: unterminated string (the file looks truncated)'],
    ]);
  });

  it('needs an array of objects, and locates rows by array index', async () => {
    const { run, store, space } = importWorkspace(false);
    expect(located(fault(await run('profiles', 'o.json', '{"id": "p1"}')))).toEqual([
      ['$', undefined, 'a .json import file must hold an array of objects, e.g. [{"id": "p1"}, ...]'],
    ]);
    const f = fault(await run('profiles', 'a.json', JSON.stringify([{ id: 'p1' }, 'p2', { id: '' }, { id: 'p1' }])));
    expect(located(f)).toEqual([
      ['$[1]', undefined, 'expected an object, found "p2"'],
      ['$[2].id', 'id', 'id: empty (a value is required)'],
      ['$[3].id', 'id', 'id: "p1" appears more than once in the file; first on $[0]'],
    ]);
    expectCounts(store, space, { individuals: 0, items: 0, events: 0 });
  });

  it('reports a bad value with its path, e.g. $[12].price', async () => {
    const { run } = importWorkspace(false);
    const rows = Array.from({ length: 13 }, (_, i) => ({
      id: `x${i}`,
      name: 'X',
      price: i === 12 ? 'abc' : i,
      inStock: true,
      createdAt: '2024-01-01T00:00:00Z',
    }));
    expect(located(fault(await run('items', 'i.json', JSON.stringify(rows))))).toEqual([
      ['$[12].price', 'price', 'price: "abc" is not a number'],
    ]);
  });
});

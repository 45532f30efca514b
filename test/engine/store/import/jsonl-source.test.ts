import { describe, expect, it } from 'vitest';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

describe('JSON Lines import', () => {
  it('reads one object per line, skipping blank lines', async () => {
    const { run, store, space } = importWorkspace(false);
    const r = report(await run('profiles', 'p.jsonl', '\ufeff{"id":"p1","age":3}\n\n{"id":"p2","age":"4"}\r\n'));
    expect([r.format, r.rowsRead, r.inferredFields]).toEqual(['jsonl', 2, [{ name: 'age', type: 'number' }]]);
    expect(store.getIndividual(space, 'p2')).toEqual({ id: 'p2', attributes: { age: 4 } });
  });

  it('reports invalid lines with line and column, keeps scanning, imports nothing', async () => {
    const { run, store, space } = importWorkspace(false);
    const text = ['{"id":"p1"}', '{"id":"p2",}', '[1,2]', '{"id":"p3"}', '{"id": "p4", "age": 4'].join('\n');
    const f = fault(await run('profiles', 'p.jsonl', text));
    expect(located(f)).toEqual([
      [2, undefined, 'invalid JSON at column 12: expected a property name in double quotes, found "}"'],
      [3, undefined, 'expected a JSON object, found an array'],
      [
        5,
        undefined,
        `invalid JSON at column 22: expected ',' or '}', found the end of the input (the file looks truncated)`,
      ],
    ]);
    expect(f.message).toMatch(/p\.jsonl: 3 bad rows; nothing was imported$/);
    expectCounts(store, space, { individuals: 0, items: 0, events: 0 });
  });

  it('reports bad values by line and field', async () => {
    const { run } = importWorkspace();
    const f = fault(
      await run(
        'events',
        'e.jsonl',
        '{"individualId":"ind_1","itemId":"prod_1","type":"order","timestamp":"2025-01-01T00:00:00Z","quantity":-1}\n',
      ),
    );
    expect(located(f)).toEqual([[1, 'quantity', 'quantity: -1 is negative']]);
  });
});

import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSource } from '../../../../engine/store/import/json-source.ts';
import { describe, expect, it } from 'vitest';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

function expectIntact(file: string): void {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  } finally {
    db.close();
  }
}

describe('hostile ids', () => {
  it('trims ids, so an untrimmed id names the same individual', async () => {
    const { run, store, space } = importWorkspace(false);
    report(await run('profiles', 'a.csv', 'id,tier\np1,gold\n'));
    const r = report(await run('profiles', 'b.jsonl', '{"id":"  p1 ","tier":"silver"}\n'));
    expect([r.inserted, r.updated]).toEqual([0, 1]);
    expect(store.getIndividual(space, 'p1')?.attributes).toEqual({ tier: 'silver' });
  });

  it('refuses blank and control-character ids, naming line and field, and changes nothing', async () => {
    const w = importWorkspace();
    const f = fault(await w.run('profiles', 'p.jsonl', '{"id":"   "}\n{"id":"p\\u0000x"}\n{"id":"p\\u001b[2Jx"}\n'));
    expect(located(f)).toEqual([
      [1, 'id', 'id: blank (a value is required)'],
      [2, 'id', 'id: "p\\u0000x" contains the control character U+0000'],
      [3, 'id', 'id: "p\\u001b[2Jx" contains the control character U+001B'],
    ]);
    const e = fault(
      await w.run('events', 'e.csv', 'individualId,itemId,type,timestamp\n" ",prod_1,browse,2026-01-01T00:00:00Z\n'),
    );
    expect(located(e)).toEqual([[2, 'individualId', 'individualId: blank (a value is required)']]);
    const i = fault(
      await w.run('items', 'i.csv', 'id,name,price,inStock,createdAt\n"a\u0085b",x,1,true,2026-01-01T00:00:00Z\n'),
    );
    expect(located(i)).toEqual([[2, 'id', 'id: "a\u0085b" contains the control character U+0085']]);
    expectCounts(w.store, w.space, { individuals: 3, items: 3, events: 0 });
    expectIntact(w.file);
  });
});

describe('hostile numbers', () => {
  it('names a JSON number too large for a double instead of calling it null', async () => {
    const w = importWorkspace();
    const f = fault(
      await w.run('profiles', 'p.jsonl', '{"id":"p9","age":1e309}\n', { fields: [{ name: 'age', type: 'number' }] }),
    );
    expect(located(f)).toEqual([[1, 'age', 'age: Infinity is not a finite number (too large for a double)']]);
    const g = fault(
      await w.run('profiles', 'q.jsonl', '{"id":"p9","tier":-1e309}\n', { fields: [{ name: 'tier', type: 'string' }] }),
    );
    expect(located(g)).toEqual([[1, 'tier', 'tier: -Infinity is a number, expected a string']]);
    expectCounts(w.store, w.space, { individuals: 3, items: 3, events: 0 });
    expectIntact(w.file);
  });
});

describe('file size limits', () => {
  it('refuses a .json file over the maximum size before parsing it, naming the limit', async () => {
    const w = importWorkspace();
    const path = join(w.dir, 'big.json');
    writeFileSync(path, `[${'{"id":"p"},'.repeat(20)}{"id":"q"}]`);
    const items = [];
    for await (const batch of jsonSource(path, { maxBytes: 64 }).batches()) items.push(...batch);
    expect(items).toEqual([expect.objectContaining({ kind: 'syntax', fileLevel: true })]);
    expect((items[0] as { message: string }).message).toContain('larger than 64 bytes');
  });

  it('reads a device with a byte limit instead of whole', async () => {
    const items = [];
    for await (const batch of jsonSource('/dev/zero', { maxBytes: 1024 }).batches()) items.push(...batch);
    expect((items[0] as { message: string }).message).toContain('larger than 1024 bytes');
  });
});

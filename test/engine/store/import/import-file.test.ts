import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../../engine/store/index.ts';
import { importFormatOf } from '../../../../engine/store/index.ts';
import { mustOpen, writeFixture } from '../workspace-fixture.ts';
import { expectCounts, fault, importWorkspace, located, report } from './import-fixture.ts';

const eventsCsv = (rows: number): string => {
  const lines = ['individualId,itemId,type,timestamp,quantity,price'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `ind_${1 + (i % 3)},prod_${1 + (i % 3)},order,${new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString()},1,2.5`,
    );
  return `${lines.join('\n')}\n`;
};

describe('importFile', () => {
  it('chooses the format by extension', () => {
    expect(['a.csv', 'a.CSV', 'a.jsonl', 'a.ndjson', 'a.json', 'a.txt', 'a'].map(importFormatOf)).toEqual([
      'csv',
      'csv',
      'jsonl',
      'jsonl',
      'json',
      undefined,
      undefined,
    ]);
  });

  it('imports the same rows alike from CSV, JSON Lines and JSON', async () => {
    const rows = [
      { id: 'p1', tier: 'gold', age: 31 },
      { id: 'p2', tier: 'silver', age: 40 },
    ];
    const texts = {
      'p.csv': 'id,tier,age\np1,gold,31\np2,silver,40\n',
      'p.jsonl': rows.map((r) => JSON.stringify(r)).join('\n'),
      'p.json': JSON.stringify(rows),
    };
    for (const [name, text] of Object.entries(texts)) {
      const { run, store, space } = importWorkspace(false);
      const r = report(await run('profiles', name, text));
      expect([r.rowsRead, r.inserted, r.inferredFields]).toEqual([
        2,
        2,
        [
          { name: 'tier', type: 'string' },
          { name: 'age', type: 'number' },
        ],
      ]);
      expect(store.listIndividuals(space, { offset: 0, limit: 10 }).rows).toEqual(
        rows.map(({ id, ...attributes }) => ({ id, attributes })),
      );
    }
  });

  it('fails on a file that does not exist, naming it', async () => {
    const { store, space, dir } = importWorkspace();
    const file = join(dir, 'nope.csv');
    const f = fault(await store.importFile(space, 'profiles', file, { fields: [] }));
    expect([f.code, f.message, f.file]).toEqual(['InvalidInput', `${file}: no such file`, file]);
  });

  it('fails on an unknown extension, a directory and an unknown kind', async () => {
    const { store, space, dir, run } = importWorkspace();
    expect(fault(await run('profiles', 'p.txt', 'id\np1\n')).message).toMatch(
      /unknown format "\.txt"; use \.csv, \.jsonl or \.json/,
    );
    mkdirSync(join(dir, 'folder.csv'));
    expect(fault(await store.importFile(space, 'profiles', join(dir, 'folder.csv'), { fields: [] })).message).toMatch(
      /folder\.csv: not a file$/,
    );
    expect(fault(await run('unknown' as never, 'p.csv', 'id\np1\n')).message).toMatch(/unknown import kind "unknown"/);
  });

  it.each([
    ['p.csv', '', 'the file is empty'],
    ['p.csv', '\n\n', 'the file is empty; nothing was imported'],
    ['p.csv', 'id,age\n', 'the file has a header but no data rows; nothing was imported'],
    ['p.jsonl', '\n', 'the file holds no rows; nothing was imported'],
    ['p.json', '[]', 'the file holds no rows; nothing was imported'],
  ])('fails on an empty file (%s %j)', async (name, text, why) => {
    const { run } = importWorkspace();
    const f = fault(await run('profiles', name, text));
    expect(f.code).toBe('InvalidInput');
    expect(f.message).toMatch(new RegExp(`${name.replace('.', '\\.')}: ${why.replace(/[()]/g, '\\$&')}$`));
  });

  it('is all or nothing: one bad row leaves the workspace exactly as it was', async () => {
    const { run, store, space } = importWorkspace();
    const before = store.getIndividual(space, 'ind_1');
    const f = fault(
      await run('profiles', 'p.csv', 'id,age\nind_1,99\nnew_1,1\nnew_2,2\nnew_3,x\n', {
        fields: [{ name: 'age', type: 'number' }],
      }),
    );
    expect(located(f)).toEqual([[5, 'age', 'age: "x" is not a number']]);
    expect(store.getIndividual(space, 'ind_1')).toEqual(before);
    expect(store.getIndividual(space, 'new_1')).toBeUndefined();
    expectCounts(store, space, { individuals: 3, items: 3, events: 0 });
    // The connection is usable afterwards (the transaction was rolled back, not left open).
    store.setMeta('after', 'ok');
    expect(report(await run('profiles', 'ok.csv', 'id\nnew_1\n')).inserted).toBe(1);
  });

  it('lists at most maxReported problems and counts them all', async () => {
    const { run } = importWorkspace();
    const csv = ['id,age', ...Array.from({ length: 250 }, (_, i) => `p${i},bad${i}`)].join('\n');
    const f = fault(await run('profiles', 'p.csv', csv, { fields: [{ name: 'age', type: 'number' }] }));
    expect([f.problems?.length, f.problemCount]).toEqual([100, 250]);
    expect(f.message).toMatch(/p\.csv: 250 bad rows; nothing was imported$/);
    expect(f.problems?.[0]).toEqual({
      file: expect.stringMatching(/p\.csv$/),
      line: 2,
      field: 'age',
      message: 'age: "bad0" is not a number',
    });
    const few = fault(
      await run('profiles', 'p.csv', csv, { fields: [{ name: 'age', type: 'number' }], maxReported: 3 }),
    );
    expect([few.problems?.length, few.problemCount]).toEqual([3, 250]);
  });

  it('reports progress about every 50,000 rows and at the end', async () => {
    const { run, store, space } = importWorkspace();
    const seen: ImportProgress[] = [];
    const r = report(await run('events', 'e.csv', eventsCsv(120_000), { onProgress: (p) => seen.push(p) }));
    expect(r.inserted).toBe(120_000);
    expect(seen.map((p) => Math.floor(p.rows / 50_000))).toEqual([1, 2, 2]);
    expect(seen.at(-1)).toEqual({ rows: 120_000, bytes: seen[0]!.totalBytes, totalBytes: seen[0]!.totalBytes });
    for (const p of seen) expect(p.bytes).toBeLessThanOrEqual(p.totalBytes);
    expect(store.countEvents(space)).toBe(120_000);
  });

  it('is cancelled by its signal: rolled back, code Cancelled', async () => {
    const { run, store, space } = importWorkspace();
    const controller = new AbortController();
    const f = fault(
      await run('events', 'e.csv', eventsCsv(120_000), {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    );
    expect([f.code, f.message]).toEqual([
      'Cancelled',
      expect.stringMatching(/e\.csv: import cancelled; nothing was imported$/),
    ]);
    expectCounts(store, space, { individuals: 3, items: 3, events: 0 });

    const already = AbortSignal.abort();
    expect(fault(await run('events', 'e2.csv', eventsCsv(10), { signal: already })).code).toBe('Cancelled');
  });

  it('refuses a second import and other writes on the same connection while one runs', async () => {
    const { run, store, space, dir } = importWorkspace();
    const first = run('events', 'e.csv', eventsCsv(20_000));
    const second = await store.importFile(space, 'events', writeFixture(dir, 'e2.csv', eventsCsv(5)), { fields: [] });
    expect(second.ok ? 'ok' : second.error.code).toBe('Conflict');
    expect(() => store.setMeta('k', 'v')).toThrow(/an import is in progress/);
    expect(report(await first).inserted).toBe(20_000);
    store.setMeta('k', 'v');
  });

  it('is invisible to other connections until it commits (WAL isolation)', async () => {
    const { run, store, space, file } = importWorkspace();
    const reader = mustOpen(file, { readonly: true });
    const window = { fromMs: 0, toMs: Date.parse('2030-01-01T00:00:00Z') };
    const seenDuring: number[] = [];
    report(
      await run('events', 'e.csv', eventsCsv(60_000), {
        onProgress: (p) => p.rows < 60_000 && seenDuring.push(reader.topSellers(space, window).length),
      }),
    );
    expect(seenDuring).toEqual([0]);
    expect(reader.topSellers(space, window).length).toBe(3);
    expect(store.countEvents(space)).toBe(60_000);
  });

  it('fails with Conflict when another connection holds the write lock', async () => {
    const { run, space, file, dir } = importWorkspace();
    const other = mustOpen(file, { busyTimeoutMs: 10 });
    // Runs while the first import is between batches (it still holds the write lock).
    let during: Promise<[string, unknown]> | undefined;
    const tryWrites = async (): Promise<[string, unknown]> => {
      const r = await other.importFile(space, 'profiles', writeFixture(dir, 'p.csv', 'id\nx\n'), { fields: [] });
      try {
        other.setMeta('k', 'v');
        return [r.ok ? 'ok' : r.error.code, undefined];
      } catch (e) {
        return [r.ok ? 'ok' : r.error.code, e];
      }
    };
    report(await run('events', 'e.csv', eventsCsv(120_000), { onProgress: () => void (during ??= tryWrites()) }));
    const [code, metaError] = await during!;
    expect(code).toBe('Conflict');
    expect(String(metaError)).toMatch(/database is locked/);
  });

  it('fails on an unknown data space', async () => {
    const { store, dir } = importWorkspace();
    const f = fault(await store.importFile(999, 'profiles', writeFixture(dir, 'p.csv', 'id\np1\n'), { fields: [] }));
    expect(f.code).toBe('DataSpaceNotFound');
  });
});

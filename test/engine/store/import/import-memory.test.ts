import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { newWorkspace } from '../workspace-fixture.ts';
import { report } from './import-fixture.ts';

// A full, synchronous GC makes heap figures mean "retained", not "allocated and not yet collected".
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retained = (): number => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** Heap retained while the whole file is held as a string (what a non-streaming import would hold). */
function retainedWhileHolding(file: string): number {
  const base = retained();
  const text = readFileSync(file, 'utf8');
  const held = retained() - base;
  return text.length > 0 ? held : 0;
}

const ROWS = 200_000;
const individualId = (i: number): string => `customer-${String(i % 1000).padStart(20, '0')}`;
const itemId = (i: number): string => `product-${String(i % 100).padStart(21, '0')}`;

async function writeEventsCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('individualId,itemId,type,timestamp,quantity,price\n');
  for (let start = 0; start < ROWS; start += 5000) {
    let chunk = '';
    for (let i = start; i < start + 5000; i++) {
      chunk += `${individualId(i)},${itemId(i)},${['browse', 'cart', 'order'][i % 3]},${new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString().replace('Z', '+00:00')},${1 + (i % 4)},${(i % 997) / 10}\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

describe('import memory', () => {
  it('streams: a 200,000-row events CSV is imported without holding the file in memory', async () => {
    const { store, space, dir } = newWorkspace();
    store.insertIndividuals(
      space,
      Array.from({ length: 1000 }, (_, i) => ({ id: individualId(i), attributes: {} })),
    );
    store.insertItems(
      space,
      Array.from({ length: 100 }, (_, i) => ({
        id: itemId(i),
        name: 'P',
        category: 'C',
        price: 1,
        imageUrl: '',
        url: '',
        brand: '',
        inStock: true,
        createdAt: '2025-01-01T00:00:00.000Z',
        attributes: {},
      })),
    );
    const file = join(dir, 'events.csv');
    await writeEventsCsv(file);
    const size = statSync(file).size;
    // Fair bound: the file is at least 4x what the import may retain.
    const allowance = size / 4;
    expect(size).toBeGreaterThan(16 * 2 ** 20);

    // The measure is sensitive: holding the file's text retains about its size.
    expect(retainedWhileHolding(file)).toBeGreaterThan(0.9 * size);

    const baseline = retained();
    const samples: number[] = [];
    const r = report(
      await store.importFile(space, 'events', file, {
        fields: [],
        onProgress: () => samples.push(retained() - baseline),
      }),
    );
    console.log(
      `memory: file ${(size / 2 ** 20).toFixed(1)} MiB, allowance ${(allowance / 2 ** 20).toFixed(1)} MiB, retained during import ${samples.map((s) => (s / 2 ** 20).toFixed(2)).join(', ')} MiB`,
    );
    expect(r.inserted).toBe(ROWS);
    expect(store.countEvents(space)).toBe(ROWS);
    expect(samples.length).toBeGreaterThanOrEqual(4); // ~50k, ~100k, ~150k rows, and the end
    expect(Math.max(...samples)).toBeLessThan(allowance);
  });
});

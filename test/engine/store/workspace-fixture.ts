import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Item } from '../../../engine/model/item.ts';
import type { EngagementEvent, Individual } from '../../../engine/model/profile.ts';
import { openWorkspace, type OpenWorkspaceOptions, type WorkspaceStore } from '../../../engine/store/index.ts';

const dirs: string[] = [];
const stores: WorkspaceStore[] = [];

// Every test gets its own directory, removed after it (stores are closed first).
afterEach(() => {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {
      /* already closed */
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test. */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bpw-store-'));
  dirs.push(d);
  return d;
}

/** Opens a workspace and fails the test on an error value; closed after the test. */
export function mustOpen(file: string, opts: OpenWorkspaceOptions = { create: true }): WorkspaceStore {
  const r = openWorkspace(file, opts);
  if (!r.ok) throw new Error(`openWorkspace failed: ${r.error.code}: ${r.error.message}`);
  stores.push(r.data);
  return r.data;
}

/** A new workspace in a temporary directory, with its default data space id. */
export function newWorkspace(): { store: WorkspaceStore; file: string; dir: string; space: number } {
  const dir = tempDir();
  const file = join(dir, 'ws.sqlite');
  const store = mustOpen(file, { create: true, createdAt: '2026-01-01T00:00:00.000Z' });
  return { store, file, dir, space: store.dataSpaceId('default')! };
}

/** Writes a file into a directory and returns its path. */
export function writeFixture(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Individual factory: ind_<n> with a few attributes. */
export const individual = (
  n: number,
  attributes: Individual['attributes'] = { firstName: `Name${n}` },
): Individual => ({ id: `ind_${n}`, attributes });

/** Item factory: prod_<n>. */
export const item = (n: number, over: Partial<Item> = {}): Item => ({
  id: `prod_${n}`,
  name: `Product ${n}`,
  category: n % 2 === 0 ? 'Shoes' : 'Shirts',
  price: 10 + n,
  imageUrl: `/img/${n}.png`,
  url: `/products/${n}`,
  brand: 'Acme',
  inStock: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  attributes: {},
  ...over,
});

/** Engagement event factory. */
export const event = (
  individualId: string,
  itemId: string,
  type: EngagementEvent['type'],
  timestamp: string,
  quantity = 1,
  price: number | null = null,
): EngagementEvent => ({
  individualId,
  itemId,
  type,
  timestamp,
  quantity,
  price,
});

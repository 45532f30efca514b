import Database from 'better-sqlite3';
import { join } from 'node:path';
import { validateConfig } from '../../../engine/config/validate.ts';
import type {
  DataSpaceConfigInput,
  EngagementEvent,
  Individual,
  Item,
  WorkspaceConfigInput,
} from '../../../engine/model/index.ts';
import { generateRetailSample } from '../../../engine/sample/index.ts';
import type { SpaceRuntime } from '../../../engine/runtime/space-runtime.ts';
import { WorkspaceSources } from '../../../engine/runtime/workspace-sources.ts';
import type { WorkspaceStore } from '../../../engine/store/index.ts';
import { mustOpen, tempDir } from '../store/workspace-fixture.ts';

/** End of the sample's event history in the batch tests. */
export const SAMPLE_END = '2026-11-28T00:00:00.000Z';

export interface TestWorkspace {
  store: WorkspaceStore;
  file: string;
  dir: string;
  spaceId: number;
  /** A fresh runtime of the default data space (config as saved now). */
  runtime: () => SpaceRuntime;
}

/** Saves a config (validated; a test bug throws) and returns a runtime factory over the store. */
function finish(store: WorkspaceStore, file: string, dir: string, config: unknown): TestWorkspace {
  const check = validateConfig(config);
  if (!check.config) throw new Error(`test config is invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);
  store.saveConfig(check.config, 'test', '2026-01-01T00:00:00.000Z');
  const spaceId = store.dataSpaceId('default')!;
  return {
    store,
    file,
    dir,
    spaceId,
    runtime: () => {
      const rt = new WorkspaceSources(store).space('default');
      if (!rt.ok) throw new Error(rt.error.message);
      return rt.data;
    },
  };
}

/** A workspace with the retail sample (small sizes by default), built with the store's bulk inserts. */
export function sampleWorkspace(
  opts: { individuals?: number; items?: number; seed?: number; configure?: (c: WorkspaceConfigInput) => void } = {},
): TestWorkspace {
  const dir = tempDir();
  const file = join(dir, 'ws.sqlite');
  const store = mustOpen(file, { create: true, createdAt: '2026-01-01T00:00:00.000Z' });
  const sample = generateRetailSample({
    individuals: opts.individuals ?? 300,
    items: opts.items ?? 120,
    seed: opts.seed ?? 7,
    now: SAMPLE_END,
  });
  const spaceId = store.dataSpaceId('default')!;
  store.insertItems(spaceId, sample.items);
  store.insertIndividuals(spaceId, sample.individuals());
  store.insertEvents(spaceId, sample.events());
  const config = structuredClone(sample.config);
  opts.configure?.(config);
  return finish(store, file, dir, config);
}

/** A hand-built workspace: the given data space config (default space), individuals, items and events. */
export function handWorkspace(
  space: Omit<DataSpaceConfigInput, 'apiName' | 'label'>,
  data: { individuals: Individual[]; items: Item[]; events: EngagementEvent[] },
): TestWorkspace {
  const dir = tempDir();
  const file = join(dir, 'ws.sqlite');
  const store = mustOpen(file, { create: true, createdAt: '2026-01-01T00:00:00.000Z' });
  const spaceId = store.dataSpaceId('default')!;
  store.insertItems(spaceId, data.items);
  store.insertIndividuals(spaceId, data.individuals);
  store.insertEvents(spaceId, data.events);
  return finish(store, file, dir, { version: 1, dataSpaces: [{ apiName: 'default', label: 'Default', ...space }] });
}

/** Raw row counts of the refresh tables (to check that nothing of an interrupted refresh remains). */
export function refreshTableCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const t of [
      'data_graph_refreshes',
      'data_graph_refresh_segments',
      'data_graph_documents',
      'data_graph_segment_members',
    ])
      out[t] = db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return out;
  } finally {
    db.close();
  }
}

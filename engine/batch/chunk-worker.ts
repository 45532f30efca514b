import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ProfileDocument } from '../model/index.ts';
import { openWorkspace, type WorkspaceStore } from '../store/index.ts';
import type { ChunkMessage, ChunkTask, ChunkWorkerInit } from './chunk-worker-types.ts';
import { decideChunk, type ChunkEnv } from './decide-chunk.ts';
import { spaceRuntimeAt } from './space-runtime-at.ts';

/**
 * The chunk worker (a worker thread of the run's pool): on its first task it opens its own
 * read-only connection and builds the data space's runtime for the run's config revision; then
 * each task reads the chunk's documents from the run's refreshes and decides them on the fast path.
 */
let state: { store: WorkspaceStore; env: ChunkEnv; refreshes: [string, number][] } | undefined;

function setUp(init: ChunkWorkerInit): NonNullable<typeof state> {
  const opened = openWorkspace(init.file, { readonly: true });
  if (!opened.ok) throw new Error(`chunk worker: ${opened.error.message}`);
  const store = opened.data;
  const rt = spaceRuntimeAt(store, init.configRevision, init.dataSpace);
  if (!rt.ok) throw new Error(`chunk worker: ${rt.error.code}: ${rt.error.message}`);
  const s = rt.data;
  return {
    store,
    refreshes: Object.entries(init.refreshes),
    env: {
      decide: { dataSpace: s.apiName, space: s.compiled, catalog: s.catalog, strategies: s.strategies },
      runId: init.runId,
      points: init.points,
      asOf: init.asOf,
      encoding: init.encoding,
    },
  };
}

const utf8 = new TextEncoder();

/** Decides one chunk (piscina calls this for each task). */
export default function decideChunkTask(task: ChunkTask): ChunkMessage {
  state ??= setUp(workerData as ChunkWorkerInit);
  const docs = new Map<string, Map<string, ProfileDocument>>();
  for (const [graph, refreshId] of state.refreshes) {
    const byId = new Map<string, ProfileDocument>();
    for (const d of state.store.dataGraphs.readDocuments(refreshId, task.ids)) byId.set(d.individualId, d);
    docs.set(graph, byId);
  }
  const { text, ...result } = decideChunk(state.env, task.index, task.ids, docs);
  if (text === undefined) return result;
  // The file text leaves as bytes whose buffer is transferred (TextEncoder gives a buffer of its own, never a pooled one).
  const message: ChunkMessage = { ...result, bytes: utf8.encode(text) };
  return Piscina.move({ [Piscina.transferableSymbol]: [message.bytes!.buffer], [Piscina.valueSymbol]: message } as never) as unknown as ChunkMessage;
}

import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ProfileDataGraph, ProfileDocument } from '../model/index.ts';
import { parseIsoTime } from '../model/time.ts';
import { StoreInsights } from '../runtime/insight-source.ts';
import { openWorkspace, type WorkspaceStore } from '../store/index.ts';
import type { ChunkMessage, ChunkTask, ChunkWorkerInit } from './chunk-worker-types.ts';
import { decideChunk, type ChunkEnv } from './decide-chunk.ts';
import { encodeLines } from './output-encoding.ts';
import { spaceRuntimeAt } from '../runtime/space-runtime-at.ts';
import { recommendersOf } from './run-watermarks.ts';
import { historyNeeds } from '../recommenders/engagement-window.ts';
import { StoreEngagementHistory } from '../runtime/engagement-history.ts';

/**
 * The chunk worker (a worker thread of the run's pool): on its first task it opens its own
 * read-only connection and builds the data space's runtime for the run's config revision; then
 * each task reads the chunk's documents from the run's refreshes and decides them on the fast path.
 */
/** Page cache and mmap of a worker's connection (MiB). */
const WORKER_MEMORY = { cacheMiB: 16, mmapMiB: 64 };

let state:
  | {
      store: WorkspaceStore;
      env: ChunkEnv;
      refreshes: [string, number][];
      insights: StoreInsights | undefined;
      /** The event history, with what exclusions and fold-ins read beyond the documents of the run's graph. */
      history:
        | {
            source: StoreEngagementHistory;
            graph: string;
            engagement: ProfileDataGraph['engagement'];
            needs: ReturnType<typeof historyNeeds>;
          }
        | undefined;
      asOfMs: number;
    }
  | undefined;

function setUp(init: ChunkWorkerInit): NonNullable<typeof state> {
  // A chunk reads its 200 documents once: a small page cache per worker keeps a run's memory flat.
  const opened = openWorkspace(init.file, { readonly: true, memory: WORKER_MEMORY });
  if (!opened.ok) throw new Error(`chunk worker: ${opened.error.message}`);
  const store = opened.data;
  const rt = spaceRuntimeAt(store, init.configRevision, init.dataSpace);
  if (!rt.ok) throw new Error(`chunk worker: ${rt.error.code}: ${rt.error.message}`);
  const s = rt.data;
  const asOfMs = parseIsoTime(init.asOf)!;
  // The points' profile data graph (a campaign's points share one in practice) and the windows its
  // recommenders' exclusions and fold-ins read.
  const graphName = s.config.personalizationPoints.find((p) => p.apiName === init.points[0])?.profileDataGraph;
  const graph = s.config.profileDataGraphs.find((g) => g.apiName === graphName);
  const needs = graph ? historyNeeds(recommendersOf(s, init.points), graph.engagement, asOfMs) : {};
  const history =
    graph && s.strategies.history instanceof StoreEngagementHistory && Object.keys(needs).length > 0
      ? { source: s.strategies.history, graph: graph.apiName, engagement: graph.engagement, needs }
      : undefined;
  return {
    store,
    refreshes: Object.entries(init.refreshes),
    insights: s.insights instanceof StoreInsights ? s.insights : undefined,
    history,
    asOfMs,
    env: {
      decide: { dataSpace: s.apiName, space: s.compiled, catalog: s.catalog, strategies: s.strategies },
      runId: init.runId,
      points: init.points,
      asOf: init.asOf,
      encoding: init.encoding,
    },
  };
}

/** Decides one chunk (piscina calls this for each task). */
export default function decideChunkTask(task: ChunkTask): ChunkMessage {
  state ??= setUp(workerData as ChunkWorkerInit);
  const docs = new Map<string, Map<string, ProfileDocument>>();
  for (const [graph, refreshId] of state.refreshes) {
    const byId = new Map<string, ProfileDocument>();
    for (const d of state.store.dataGraphs.readDocuments(refreshId, task.ids)) byId.set(d.individualId, d);
    docs.set(graph, byId);
  }
  state.insights?.prefetchIndividuals(task.ids, state.asOfMs);
  const h = state.history;
  const graphDocs = h && docs.get(h.graph);
  if (h && graphDocs)
    h.source.prefetch(new Map([...graphDocs].map(([id, d]) => [id, d.data])), h.engagement, h.needs, state.asOfMs);
  const { lines, ...result } = decideChunk(state.env, task.index, task.ids, docs);
  if (lines === undefined) return result;
  // The file text leaves as bytes whose buffer is transferred (a buffer of its own, never a pooled one).
  const message: ChunkMessage = { ...result, bytes: encodeLines(lines) };
  return Piscina.move({
    [Piscina.transferableSymbol]: [message.bytes!.buffer],
    [Piscina.valueSymbol]: message,
  } as never) as unknown as ChunkMessage;
}

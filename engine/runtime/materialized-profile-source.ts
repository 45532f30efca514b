import type { DataSpaceConfig, ProfileDocument } from '../model/index.ts';
import { dataGraphWatermark } from '../model/time.ts';
import type { CompiledSpace } from '../pipeline/compile-space.ts';
import type { InsightSource, ProfileSource } from '../model/sources.ts';
import type { SpaceRuntime } from './space-runtime.ts';
import type { WorkspaceStore } from '../store/index.ts';
import { graphDefinition } from './refresh-definition.ts';
import { sameInsightRefreshes, type RefreshInfo } from './refresh-lookup.ts';

/** A profile source over refresh documents, with a chunk prefetch for batch workers. */
export interface MaterializedProfileSource extends ProfileSource {
  /** Reads these individuals' documents in one pass and keeps them until the next prefetch; returns how many exist. */
  prefetch(ids: readonly string[]): number;
}

/**
 * A ProfileSource over the documents of one refresh per graph (what a run's workers read). A
 * request for a graph without a refresh here, or as of a time whose watermark is not the refresh's,
 * is answered by the runtime's own source (built on the fly, same documents).
 */
export function materializedProfileSource(
  store: WorkspaceStore,
  spaceId: number,
  runtime: SpaceRuntime,
  refresh: RefreshInfo | readonly RefreshInfo[],
): MaterializedProfileSource {
  const byGraph = new Map<string, RefreshInfo>();
  for (const r of Array.isArray(refresh) ? (refresh as readonly RefreshInfo[]) : [refresh as RefreshInfo]) {
    if (r.spaceId !== spaceId) throw new Error(`refresh ${r.id} belongs to data space ${r.spaceId}, not ${spaceId}`);
    byGraph.set(r.graph, r);
  }
  let cached = new Map<string, ProfileDocument>();
  let cachedGraph: string | undefined;
  return {
    prefetch(ids) {
      // Prefetch serves the first graph (a campaign's points share one profile graph in practice).
      const first = byGraph.values().next().value as RefreshInfo | undefined;
      if (!first) return 0;
      cachedGraph = first.graph;
      cached = new Map(store.dataGraphs.readDocuments(first.id, ids).map((d) => [d.individualId, d]));
      return cached.size;
    },
    getProfile(individualId, graph, asOfMs) {
      const r = byGraph.get(graph);
      if (!r || dataGraphWatermark(asOfMs) !== r.refreshedAtMs)
        return runtime.profiles.getProfile(individualId, graph, asOfMs);
      if (graph === cachedGraph) {
        const hit = cached.get(individualId);
        if (hit) return hit;
      }
      return store.dataGraphs.readDocument(r.id, individualId);
    },
  };
}

/**
 * For the single-request path: the stored document of an individual when a current refresh (same
 * graph definition, same data) exists at the watermark; null when there is none, so the caller
 * builds the document on the fly — both give the same document.
 */
export type StoredDocumentLookup = (individualId: string, graph: string, refreshMs: number) => ProfileDocument | null;

/** The lookup for one data space's config (graph digests computed once); `insights`: the CI source the documents' values come from. */
export function storedDocumentLookup(
  store: WorkspaceStore,
  spaceId: number,
  config: DataSpaceConfig,
  compiled: CompiledSpace,
  insights?: InsightSource,
): StoredDocumentLookup {
  const graphs = new Map<string, { hash: string; insights: string[] }>();
  for (const g of config.profileDataGraphs) {
    const d = graphDefinition({ apiName: config.apiName, config, compiled }, g.apiName);
    if (d.ok) graphs.set(g.apiName, { hash: d.data.hash, insights: g.calculatedInsights });
  }
  return (individualId, graph, refreshMs) => {
    const g = graphs.get(graph);
    if (g === undefined) return null;
    const r = store.dataGraphs.findRefresh(spaceId, graph, refreshMs, {
      definitionHash: g.hash,
      dataStamp: store.dataGraphs.dataStamp(spaceId),
    });
    if (!r || !sameInsightRefreshes(r, insights, g.insights)) return null;
    return store.dataGraphs.readDocument(r.id, individualId) ?? null;
  };
}

/** A profile source that serves the stored document when a current refresh holds it, and asks `onTheFly` otherwise. */
export function preferStoredDocuments(onTheFly: ProfileSource, stored: StoredDocumentLookup): ProfileSource {
  return {
    getProfile(individualId, graph, asOfMs) {
      return (
        stored(individualId, graph, dataGraphWatermark(asOfMs)) ?? onTheFly.getProfile(individualId, graph, asOfMs)
      );
    },
  };
}

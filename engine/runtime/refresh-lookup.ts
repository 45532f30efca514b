import { ok, type Result } from '../model/errors.ts';
import { dataGraphWatermark } from '../model/time.ts';
import type { InsightSource } from '../model/sources.ts';
import type { RefreshRecord, WorkspaceStore } from '../store/index.ts';
import { graphDefinition, type GraphDefinition } from './refresh-definition.ts';
import type { SpaceRuntime } from './space-runtime.ts';

/**
 * A complete data-graph refresh: the documents of one profile data graph at one 30-minute
 * watermark. Immutable once complete.
 */
export type RefreshInfo = RefreshRecord;

/** The current refresh at exactly this watermark (same definition, same data, same CI refreshes), if one exists. */
export function currentRefresh(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  def: GraphDefinition,
  watermark: number,
): RefreshInfo | undefined {
  const found = store.dataGraphs.findRefresh(runtime.spaceId, def.graph.apiName, watermark, {
    definitionHash: def.hash,
    dataStamp: store.dataGraphs.dataStamp(runtime.spaceId),
  });
  return found && sameInsightRefreshes(found, runtime.insights, def.graph.calculatedInsights) ? found : undefined;
}

/**
 * True when the CIs a refresh's documents hold are still as of the same CI refreshes (a manual CI
 * refresh at or before the watermark, made after the data-graph refresh, changes the values).
 */
export function sameInsightRefreshes(
  refresh: RefreshInfo,
  source: InsightSource | undefined,
  names: readonly string[],
): boolean {
  if (names.length === 0) return true;
  const now = source ? source.at(names, refresh.refreshedAtMs).refreshedAt : {};
  return names.every((n) => (now[n] ?? null) === (refresh.insightsRefreshedAt[n] ?? null));
}

/** The current refresh of a graph at the watermark of asOfMs, without building one. */
export function findCurrentRefresh(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  graph: string,
  asOfMs: number,
): Result<RefreshInfo | undefined> {
  const def = graphDefinition(runtime, graph);
  if (!def.ok) return def;
  return ok(currentRefresh(store, runtime, def.data, dataGraphWatermark(asOfMs)));
}

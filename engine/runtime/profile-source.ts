import type { DataSpaceConfig, EngagementRow, EngagementType, ProfileDocument } from '../model/index.ts';
import { DAY_MS, dataGraphWatermark } from '../model/time.ts';
import type { CompiledSpace } from '../pipeline/compile-space.ts';
import type { InsightSource, ProfileSource } from '../model/sources.ts';
import { buildProfileDocument } from '../profiles/build-document.ts';
import type { WorkspaceStore } from '../store/index.ts';

const ENGAGEMENT_TYPES: EngagementType[] = ['browse', 'cart', 'order'];

/**
 * Profile documents for single requests, built from the store as the last 30-minute data-graph
 * refresh at or before the as-of time would have built them.
 */
export function storeProfileSource(
  store: WorkspaceStore,
  spaceId: number,
  config: DataSpaceConfig,
  compiled: CompiledSpace,
  insights?: InsightSource,
): ProfileSource {
  const graphs = new Map(config.profileDataGraphs.map((g) => [g.apiName, g]));
  return {
    getProfile(individualId: string, graphName: string, asOfMs: number): ProfileDocument | undefined {
      const graph = graphs.get(graphName);
      const individual = store.getIndividual(spaceId, individualId);
      if (!graph || !individual) return undefined;
      const refreshMs = dataGraphWatermark(asOfMs);
      const engagement = {} as Record<EngagementType, EngagementRow[]>;
      for (const type of ENGAGEMENT_TYPES) {
        const inc = graph.engagement[type];
        engagement[type] = inc.include
          ? store.readEngagement(spaceId, individualId, {
              type,
              fromMs: refreshMs - inc.lookbackDays * DAY_MS,
              toMs: refreshMs,
              limit: inc.maxRows,
              itemFields: graph.engagement.itemFields,
            })
          : [];
      }
      // Per-individual CI values as of the data-graph refresh (their last refresh at or before it).
      const ci =
        insights && graph.calculatedInsights.length > 0
          ? insights.at(graph.calculatedInsights, refreshMs).forIndividual(individualId)
          : {};
      return buildProfileDocument({ individual, engagement, ci }, graph, compiled.segments, refreshMs);
    },
  };
}

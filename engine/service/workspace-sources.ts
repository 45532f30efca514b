import type { DataSpaceConfig, EngagementRow, EngagementType, Item, ProfileDocument, Result, WorkspaceConfig } from '../model/index.ts';
import { fail, ok } from '../model/errors.ts';
import { DAY_MS, dataGraphWatermark, isoOf } from '../model/time.ts';
import { compileSpace, type CompiledSpace } from '../pipeline/compile-space.ts';
import type { ItemCatalog, ProfileSource, ScoredItems, StrategyData } from '../pipeline/sources.ts';
import { buildProfileDocument } from '../profiles/build-document.ts';
import { validateConfig } from '../config/validate.ts';
import type { WorkspaceStore } from '../store/index.ts';

/** A data space ready for decisions: compiled config plus the sources the pipeline reads. */
export interface SpaceRuntime {
  apiName: string;
  spaceId: number;
  config: DataSpaceConfig;
  compiled: CompiledSpace;
  profiles: ProfileSource;
  catalog: ItemCatalog;
  strategies: StrategyData;
}

const ENGAGEMENT_TYPES: EngagementType[] = ['browse', 'cart', 'order'];

/**
 * Caches over one open workspace: the current config (validated and compiled once per revision),
 * each data space's item catalog, and strategy results per watermark. Imports invalidate them.
 */
export class WorkspaceSources {
  private configCache?: { revision: number; config: WorkspaceConfig };
  private spaces = new Map<string, SpaceRuntime>();

  constructor(private readonly store: WorkspaceStore) {}

  /** Forgets everything derived from the config or the data (after a save or an import). */
  invalidate(): void {
    this.configCache = undefined;
    this.spaces.clear();
  }

  /** The current config, validated. */
  config(): Result<{ revision: number; config: WorkspaceConfig }> {
    const stored = this.store.getConfig();
    if (!stored) return fail('ConfigurationMissing', 'the workspace has no configuration yet; import one with `workbench import <ws> config file.json`');
    if (this.configCache?.revision === stored.revision) return ok(this.configCache);
    const check = validateConfig(stored.config);
    if (!check.config) {
      const first = check.errors[0]!;
      return fail('ConfigurationMissing', `the stored configuration (revision ${stored.revision}) is not valid: ${first.path ?? ''} ${first.message}`, { problems: check.errors });
    }
    this.configCache = { revision: stored.revision, config: check.config };
    this.spaces.clear();
    return ok(this.configCache);
  }

  /** The runtime of one data space. */
  space(apiName: string): Result<SpaceRuntime> {
    const cfg = this.config();
    if (!cfg.ok) return cfg;
    const cached = this.spaces.get(apiName);
    if (cached) return ok(cached);
    const config = cfg.data.config.dataSpaces.find((s) => s.apiName === apiName);
    const spaceId = this.store.dataSpaceId(apiName);
    if (!config || spaceId === undefined) {
      const known = cfg.data.config.dataSpaces.map((s) => s.apiName).join(', ');
      return fail('DataSpaceNotFound', `data space "${apiName}" does not exist (known: ${known})`, { path: '$.dataSpace' });
    }
    const compiled = compileSpace(config);
    const runtime: SpaceRuntime = {
      apiName,
      spaceId,
      config,
      compiled,
      profiles: this.profileSource(spaceId, config, compiled),
      catalog: this.catalog(spaceId),
      strategies: this.strategies(spaceId),
    };
    this.spaces.set(apiName, runtime);
    return ok(runtime);
  }

  private profileSource(spaceId: number, config: DataSpaceConfig, compiled: CompiledSpace): ProfileSource {
    const graphs = new Map(config.profileDataGraphs.map((g) => [g.apiName, g]));
    const store = this.store;
    return {
      getProfile(individualId: string, graphName: string, asOfMs: number): ProfileDocument | undefined {
        const graph = graphs.get(graphName);
        const individual = store.getIndividual(spaceId, individualId);
        if (!graph || !individual) return undefined;
        // The document as the last 30-minute data-graph refresh at or before asOf built it.
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
        return buildProfileDocument({ individual, engagement, ci: {} }, graph, compiled.segments, refreshMs);
      },
    };
  }

  private catalog(spaceId: number): ItemCatalog {
    const items = new Map<string, Item>(this.store.loadItems(spaceId).map((i) => [i.id, i]));
    return { getItem: (id) => items.get(id), size: items.size };
  }

  private strategies(spaceId: number): StrategyData {
    const memo = new Map<string, ScoredItems>();
    const store = this.store;
    return {
      topSellers(windowDays: number, asOfMs: number): ScoredItems {
        const toMs = dataGraphWatermark(asOfMs);
        const key = `${windowDays}@${toMs}`;
        let r = memo.get(key);
        if (!r) {
          r = {
            source: `top sellers: units ordered in the ${windowDays} days before ${isoOf(toMs)}`,
            refreshedAt: isoOf(toMs),
            items: store.topSellers(spaceId, { fromMs: toMs - windowDays * DAY_MS, toMs }),
          };
          memo.set(key, r);
        }
        return r;
      },
    };
  }
}

import type { Result, WorkspaceConfig } from '../model/index.ts';
import type { SpaceRuntime } from './space-runtime.ts';
import { fail, ok } from '../model/errors.ts';
import { compileSpace } from '../pipeline/compile-space.ts';
import { validateConfig } from '../config/validate.ts';
import type { WorkspaceStore } from '../store/index.ts';
import { storeProfileSource } from './profile-source.ts';
import { preferStoredDocuments, storedDocumentLookup } from './materialized-profile-source.ts';
import { storeItemCatalog } from './item-catalog.ts';
import { storeStrategyData } from './strategy-data.ts';
import { storeInsightSource } from './insight-source.ts';

/**
 * Caches over one open workspace: the current config (validated and compiled once per revision),
 * each data space's item catalog, and strategy results per watermark. Imports invalidate them.
 */
export class WorkspaceSources {
  private configCache?: { revision: number; config: WorkspaceConfig };
  private spaces = new Map<string, SpaceRuntime>();

  /**
   * `revision`: pin the sources to one saved configuration revision (how a run decides, whatever
   * was saved since); without it they follow the current configuration.
   */
  constructor(
    private readonly store: WorkspaceStore,
    private readonly revision?: number,
  ) {}

  /** Forgets everything derived from the config or the data (after a save or an import). */
  invalidate(): void {
    this.configCache = undefined;
    this.spaces.clear();
  }

  /** The current (or pinned) config, validated. */
  config(): Result<{ revision: number; config: WorkspaceConfig }> {
    const stored = this.revision === undefined ? this.store.getConfig() : this.store.getConfigRevision(this.revision);
    if (!stored)
      return fail(
        'ConfigurationMissing',
        'the workspace has no configuration yet; import one with `workbench import <ws> config file.json`',
      );
    if (this.configCache?.revision === stored.revision) return ok(this.configCache);
    const check = validateConfig(stored.config);
    if (!check.config) {
      const first = check.errors[0]!;
      return fail(
        'ConfigurationMissing',
        `the stored configuration (revision ${stored.revision}) is not valid: ${first.path ?? ''} ${first.message}`,
        { problems: check.errors },
      );
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
      return fail('DataSpaceNotFound', `data space "${apiName}" does not exist (known: ${known})`, {
        path: '$.dataSpace',
      });
    }
    const compiled = compileSpace(config);
    const insights = storeInsightSource(this.store, spaceId, config);
    const runtime: SpaceRuntime = {
      apiName,
      spaceId,
      configRevision: cfg.data.revision,
      config,
      compiled,
      profiles: preferStoredDocuments(
        storeProfileSource(this.store, spaceId, config, compiled, insights),
        storedDocumentLookup(this.store, spaceId, config, compiled, insights),
      ),
      catalog: storeItemCatalog(this.store, spaceId),
      strategies: storeStrategyData(this.store, spaceId, insights),
      insights,
    };
    this.spaces.set(apiName, runtime);
    return ok(runtime);
  }
}

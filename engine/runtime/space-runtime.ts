import type { DataSpaceConfig } from '../model/index.ts';
import type { CompiledSpace } from '../pipeline/compile-space.ts';
import type { InsightSource, ItemCatalog, ProfileSource, StrategyData } from '../model/sources.ts';

/** A data space ready for decisions: compiled config plus the sources the pipeline reads. */
export interface SpaceRuntime {
  apiName: string;
  spaceId: number;
  /** The saved configuration revision this runtime decides with. */
  configRevision: number;
  config: DataSpaceConfig;
  compiled: CompiledSpace;
  profiles: ProfileSource;
  catalog: ItemCatalog;
  strategies: StrategyData;
  /** Calculated-insight values as of a time (their last refresh at or before it); profile documents read per-individual CIs through it. */
  insights: InsightSource;
}

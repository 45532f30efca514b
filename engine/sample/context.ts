import type { Catalog } from './items.ts';

/** Everything generation reads: the seed, the end of the data set, its window and the catalog. */
export interface SampleContext {
  seed: number;
  /** The data set ends here: every timestamp is at or before it. */
  nowMs: number;
  days: number;
  /** nowMs - days: every event is strictly after it. */
  windowStartMs: number;
  individualCount: number;
  catalog: Catalog;
}

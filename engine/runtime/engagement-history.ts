import type { EngagementRow, EngagementType, ProfileDataGraph } from '../model/index.ts';
import { dataGraphWatermark } from '../model/time.ts';
import type { EngagementHistory, TimedItem } from '../model/sources.ts';
import { documentGap } from '../recommenders/engagement-window.ts';
import type { WorkspaceStore } from '../store/index.ts';

const TYPES: readonly EngagementType[] = ['browse', 'cart', 'order'];

/**
 * The event history of one data space for exclusions and fold-ins whose window the profile document
 * does not cover. A batch worker prefetches, per chunk, one statement per engagement type for the
 * chunk's individuals whose documents fall short; a single request (or anything not prefetched)
 * reads its own rows.
 */
export class StoreEngagementHistory implements EngagementHistory {
  /** Prefetched rows per type: the window read and each individual's rows (newest first). */
  private prefetched = new Map<EngagementType, { fromMs: number; toMs: number; rows: Map<string, TimedItem[]> }>();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly spaceId: number,
  ) {}

  /**
   * Reads, for the individuals of a chunk whose documents do not cover `needs` (the earliest window
   * start per type, engagement-window.ts `historyNeeds`), every row of that window. Replaces the
   * previous chunk's rows. Returns the individuals read per type.
   */
  prefetch(
    docs: ReadonlyMap<string, { engagement: Readonly<Record<EngagementType, readonly EngagementRow[]>> }>,
    graph: ProfileDataGraph['engagement'],
    needs: Partial<Record<EngagementType, number>>,
    asOfMs: number,
  ): Partial<Record<EngagementType, number>> {
    this.prefetched.clear();
    const toMs = dataGraphWatermark(asOfMs);
    const counts: Partial<Record<EngagementType, number>> = {};
    for (const type of TYPES) {
      const fromMs = needs[type];
      if (fromMs === undefined) continue;
      const ids: string[] = [];
      for (const [id, data] of docs)
        if (documentGap(data.engagement[type] ?? [], graph[type], type, toMs, fromMs) !== undefined) ids.push(id);
      const rows = new Map<string, TimedItem[]>(ids.map((id) => [id, []]));
      for (const r of this.store.readEngagementHistory(this.spaceId, { individualIds: ids, type, fromMs, toMs }))
        rows.get(r.individualId)!.push({ itemId: r.itemId, tsMs: r.tsMs });
      this.prefetched.set(type, { fromMs, toMs, rows });
      counts[type] = ids.length;
    }
    return counts;
  }

  rows(individualId: string, type: EngagementType, fromMs: number, toMs: number): readonly TimedItem[] {
    const p = this.prefetched.get(type);
    const mine = p && p.fromMs <= fromMs && p.toMs === toMs ? p.rows.get(individualId) : undefined;
    if (mine) return p!.fromMs === fromMs ? mine : mine.filter((r) => r.tsMs > fromMs);
    return this.store
      .readEngagementHistory(this.spaceId, { individualIds: [individualId], type, fromMs, toMs })
      .map((r) => ({ itemId: r.itemId, tsMs: r.tsMs }));
  }
}

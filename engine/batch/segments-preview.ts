import { fail, ok, type Result } from '../model/errors.ts';
import { isoOf } from '../model/time.ts';
import type { InsightSource } from '../model/sources.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { WorkspaceStore } from '../store/index.ts';
import type { GraphDefinition } from '../runtime/refresh-definition.ts';
import { contextAt, documentAt } from './segments-eval.ts';

/** Segment counts of one profile data graph at a watermark, computed without materializing a refresh. */
export interface SegmentPreview {
  graph: string;
  /** The watermark the documents were built at. */
  refreshedAt: string;
  individuals: number;
  segmentCounts: Record<string, number>;
}

/** Individuals built between two turns of the event loop (a cancel can arrive). */
const PAGE = 500;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * What a refresh at `watermark` would count, built in memory on a read-only connection: the
 * documents of materialize() (engine/batch/refresh.ts) — same scan, same buildProfileDocument,
 * same segment evaluation — counted instead of written. The overview's segment counts use it so
 * that opening the workbench writes nothing; `insights` must not store what it computes either.
 */
export async function previewSegmentCounts(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  def: GraphDefinition,
  watermark: number,
  insights: InsightSource | undefined,
  signal?: AbortSignal,
): Promise<Result<SegmentPreview>> {
  const { graph } = def;
  // 1. CI values as a refresh at the watermark would see them (computed, not stored).
  const values =
    insights && graph.calculatedInsights.length > 0 ? insights.at(graph.calculatedInsights, watermark) : undefined;
  // 2. Scan, build, count — page by page on a read-only snapshot.
  const session = store.dataGraphs.openScan({
    spaceId: runtime.spaceId,
    refreshedAtMs: watermark,
    itemFields: graph.engagement.itemFields,
    engagement: { browse: graph.engagement.browse, cart: graph.engagement.cart, order: graph.engagement.order },
  });
  try {
    const ctx = contextAt(watermark);
    const counts: Record<string, number> = Object.fromEntries(def.segments.map((s) => [s.segment.apiName, 0]));
    let individuals = 0;
    for (;;) {
      if (signal?.aborted) return fail('Cancelled', `the segment count of ${graph.apiName} was cancelled`);
      const page = session.scan.nextPage(PAGE);
      if (page.length === 0) break;
      for (const scanned of page) {
        const { memberships } = documentAt(scanned, def, runtime, values, watermark, ctx);
        for (const s of memberships) if (s in counts) counts[s]!++;
        individuals++;
      }
      await nextTurn();
    }
    return ok({ graph: graph.apiName, refreshedAt: isoOf(watermark), individuals, segmentCounts: counts });
  } finally {
    session.close();
  }
}

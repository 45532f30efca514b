import { didYouMean } from '../model/suggest.ts';
import { fail, ok, type Result } from '../model/errors.ts';
import type { Segment } from '../model/index.ts';
import { dataGraphWatermark, isoOf } from '../model/time.ts';
import type { InsightSource } from '../model/sources.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { WorkspaceStore } from '../store/index.ts';
import { graphDefinition } from '../runtime/refresh-definition.ts';
import { ensureDataGraphRefresh, type RefreshOptions } from './refresh.ts';
import { currentRefresh, type RefreshInfo } from '../runtime/refresh-lookup.ts';
import { previewSegmentCounts } from './segments-preview.ts';
import { contextAt, segmentDependsOnTime, segmentMembershipsAt } from './segments-eval.ts';

/** A segment with its membership at a refresh. */
export interface SegmentCount {
  apiName: string;
  label: string;
  description: string;
  profileDataGraph: string;
  /** Members at the refresh (the segment rule evaluated at its watermark). */
  members: number;
  /** Individuals in the refresh, for the share. */
  individuals: number;
  /** The materialized refresh counted; null when counted in memory (no refresh at the watermark yet). */
  refreshId: number | null;
  /** The data-graph watermark of the count. */
  refreshedAt: string;
}

/** The segment of a data space by API name; NotFound (with the known names) otherwise. */
export function findSegment(runtime: SpaceRuntime, name: string): Result<Segment> {
  const segment = runtime.config.segments.find((s) => s.apiName === name);
  if (segment) return ok(segment);
  const known = runtime.config.segments.map((s) => s.apiName);
  return fail(
    'NotFound',
    `segment "${name}" does not exist in data space ${runtime.apiName}${didYouMean(name, known)} (known: ${known.join(', ') || 'none'})`,
    { field: 'segment' },
  );
}

/** The refresh a segment is counted at as of a time (its graph's, materialized on demand). */
export async function segmentRefresh(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  name: string,
  asOfMs: number,
  opts: RefreshOptions = {},
): Promise<Result<{ segment: Segment; refresh: RefreshInfo }>> {
  const segment = findSegment(runtime, name);
  if (!segment.ok) return segment;
  const refresh = await ensureDataGraphRefresh(store, runtime, segment.data.profileDataGraph, asOfMs, opts);
  if (!refresh.ok) return refresh;
  return ok({ segment: segment.data, refresh: refresh.data });
}

/**
 * Every segment of a data space with its count as of asOfMs, writing nothing: at the current
 * refresh of its graph at the watermark when one is materialized, otherwise counted over documents
 * built in memory (previewSegmentCounts) — the same numbers the refresh would hold. `insights` is
 * the CI reader of the in-memory path; it must not store scheduled CI refreshes either.
 */
export async function segmentCounts(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  asOfMs: number,
  opts: { signal?: AbortSignal; insights?: InsightSource } = {},
): Promise<Result<{ asOf: string; segments: SegmentCount[]; refreshes: RefreshInfo[] }>> {
  const watermark = dataGraphWatermark(asOfMs);
  const counted = new Map<
    string,
    { refreshId: number | null; refreshedAt: string; individuals: number; counts: Record<string, number> }
  >();
  const refreshes: RefreshInfo[] = [];
  for (const graph of new Set(runtime.config.segments.map((s) => s.profileDataGraph))) {
    const def = graphDefinition(runtime, graph);
    if (!def.ok) return def;
    const found = currentRefresh(store, runtime, def.data, watermark);
    if (found) {
      refreshes.push(found);
      counted.set(graph, {
        refreshId: found.id,
        refreshedAt: found.refreshedAt,
        individuals: found.individuals,
        counts: found.segmentCounts,
      });
      continue;
    }
    const p = await previewSegmentCounts(store, runtime, def.data, watermark, opts.insights, opts.signal);
    if (!p.ok) return p;
    counted.set(graph, {
      refreshId: null,
      refreshedAt: p.data.refreshedAt,
      individuals: p.data.individuals,
      counts: p.data.segmentCounts,
    });
  }
  const segments = runtime.config.segments.map((s): SegmentCount => {
    const c = counted.get(s.profileDataGraph)!;
    return {
      apiName: s.apiName,
      label: s.label,
      description: s.description,
      profileDataGraph: s.profileDataGraph,
      members: c.counts[s.apiName] ?? 0,
      individuals: c.individuals,
      refreshId: c.refreshId,
      refreshedAt: c.refreshedAt,
    };
  });
  return ok({ asOf: isoOf(asOfMs), segments, refreshes });
}

/**
 * Members of a segment with its rule evaluated at `atMs` over the documents of `refresh` — data as
 * of the refresh, time operators (within_last...) as of `atMs`. This is the estimator's count for a
 * future scheduled run: the data cannot come from the future, the rule's clock can. When the rule
 * (and every segment it uses) reads no time, or `atMs` is the watermark, the refresh's count holds
 * and no document is decoded.
 */
export function countSegmentAt(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  refresh: RefreshInfo,
  segment: string,
  atMs: number,
): Result<number> {
  const def = graphDefinition(runtime, refresh.graph);
  if (!def.ok) return def;
  const position = def.data.segments.findIndex((s) => s.segment.apiName === segment);
  if (position < 0)
    return fail('NotFound', `segment "${segment}" is not a segment of profile data graph ${refresh.graph}`, {
      field: 'segment',
    });
  if (atMs === refresh.refreshedAtMs || !segmentDependsOnTime(segment, def.data.segments))
    return ok(store.dataGraphs.countSegmentMembers(refresh.id, segment));
  // Only the segments up to this one matter (a segment sees the ones defined before it).
  const upTo = def.data.segments.slice(0, position + 1);
  const ctx = contextAt(atMs);
  let n = 0;
  for (const doc of store.dataGraphs.iterateDocuments(refresh.id)) {
    const members = segmentMembershipsAt(doc.data, upTo, ctx);
    if (members[members.length - 1] === segment) n++;
  }
  return ok(n);
}

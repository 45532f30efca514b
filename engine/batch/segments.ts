import { didYouMean } from '../model/suggest.ts';
import { fail, ok, type Result } from '../model/errors.ts';
import type { Segment } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { WorkspaceStore } from '../store/index.ts';
import { graphDefinition } from '../runtime/refresh-definition.ts';
import { ensureDataGraphRefresh, type RefreshOptions } from './refresh.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';
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
  refreshId: number;
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

/** Every segment of a data space with its count at the latest refresh at or before asOfMs (one refresh per profile graph). */
export async function segmentCounts(
  store: WorkspaceStore,
  runtime: SpaceRuntime,
  asOfMs: number,
  opts: RefreshOptions = {},
): Promise<Result<{ asOf: string; segments: SegmentCount[]; refreshes: RefreshInfo[] }>> {
  const refreshes = new Map<string, RefreshInfo>();
  for (const graph of new Set(runtime.config.segments.map((s) => s.profileDataGraph))) {
    const r = await ensureDataGraphRefresh(store, runtime, graph, asOfMs, opts);
    if (!r.ok) return r;
    refreshes.set(graph, r.data);
  }
  const segments = runtime.config.segments.map((s): SegmentCount => {
    const r = refreshes.get(s.profileDataGraph)!;
    return {
      apiName: s.apiName,
      label: s.label,
      description: s.description,
      profileDataGraph: s.profileDataGraph,
      members: r.segmentCounts[s.apiName] ?? 0,
      individuals: r.individuals,
      refreshId: r.id,
      refreshedAt: r.refreshedAt,
    };
  });
  return ok({ asOf: isoOf(asOfMs), segments, refreshes: [...refreshes.values()] });
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

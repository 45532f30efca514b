import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import { dataGraphWatermark, isoOf, parseIsoTime } from '../../model/time.ts';
import { ensureDataGraphRefresh } from '../../batch/refresh.ts';
import { findCurrentRefresh, type RefreshInfo } from '../../runtime/refresh-lookup.ts';
import { freshnessOf, type Freshness } from '../../batch/refresh-freshness.ts';
import { graphDefinition } from '../../runtime/refresh-definition.ts';
import type { JobProgress, JobType } from '../jobs.ts';
import { defineOperation, jobIdOutput, shape } from '../operation.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import type { SpaceRuntime } from '../../runtime/space-runtime.ts';

/** The as-of time of a request: the given ISO time, or now; InvalidRequest naming `asOf` otherwise. */
export function asOfOf(ctx: ServiceContext, asOf: string | undefined): Result<number> {
  if (asOf === undefined) return ok(ctx.clock());
  const ms = parseIsoTime(asOf);
  return ms === undefined
    ? fail('InvalidRequest', `asOf "${asOf}" is not an ISO-8601 time with a time zone (e.g. 2026-11-28T20:00:00Z)`, {
        path: '$.asOf',
        field: 'as-of',
      })
    : ok(ms);
}

/** The profile data graph a request names, or the data space's first one. */
export function graphOf(rt: SpaceRuntime, graph: string | undefined): Result<string> {
  const name = graph ?? rt.config.profileDataGraphs[0]?.apiName;
  if (name === undefined) return fail('ConfigurationMissing', `data space ${rt.apiName} has no profile data graph`);
  const def = graphDefinition(rt, name);
  return def.ok ? ok(name) : def;
}

/** A refresh as listed: whether it is the one requests at its watermark read now. */
export interface RefreshListing extends RefreshInfo {
  /** Built from the current graph definition and data: requests and runs at its watermark use it. */
  current: boolean;
}

/** What a refresh job returns. */
export interface RefreshOutcome {
  refresh: RefreshInfo;
  /** True when a current refresh already existed (nothing was built). */
  reused: boolean;
  freshness: Freshness;
}

/** The jobs this module starts: a data-graph refresh counts individuals and ends with the refresh. */
export interface RefreshJobs {
  refresh: JobType<JobProgress<never>, RefreshOutcome>;
}

const RefreshInput = z.object({
  dataSpace: z.string().default('default'),
  /** Profile data graph; defaults to the data space's first. */
  graph: z.string().optional(),
  /** ISO-8601 time; the refresh is at the last 30-minute boundary at or before it (default: the workspace clock). */
  asOf: z.string().optional(),
});

export const refreshOps = {
  'refreshes.list': defineOperation({
    summary:
      'Data-graph refreshes of a data space (newest watermark first): individuals, segment counts, CI watermarks, size, and whether each is current.',
    input: z.object({ dataSpace: z.string().default('default'), graph: z.string().optional() }),
    output: z.array(shape<RefreshListing>('RefreshListing')),
    handler: (ctx, { dataSpace, graph }) => {
      const rt = ctx.sources.space(dataSpace);
      if (!rt.ok) return rt;
      const stamp = ctx.store.dataGraphs.dataStamp(rt.data.spaceId);
      const hashes = new Map<string, string>();
      for (const g of rt.data.config.profileDataGraphs) {
        const d = graphDefinition(rt.data, g.apiName);
        if (d.ok) hashes.set(g.apiName, d.data.hash);
      }
      return ok(
        ctx.store.dataGraphs
          .listRefreshes(rt.data.spaceId, graph === undefined ? {} : { graph })
          .map((r) => ({ ...r, current: r.dataStamp === stamp && hashes.get(r.graph) === r.definitionHash })),
      );
    },
  }),
  'refreshes.get': defineOperation({
    summary: 'One data-graph refresh by id, with its watermarks seen from its own time.',
    input: z.object({ id: z.number().int() }),
    output: z.object({ refresh: shape<RefreshInfo>('RefreshInfo'), freshness: shape<Freshness>('Freshness') }),
    handler: (ctx, { id }) => {
      const r = ctx.store.dataGraphs.getRefresh(id);
      return r
        ? ok({ refresh: r, freshness: freshnessOf(r, r.refreshedAtMs) })
        : fail('NotFound', `no data-graph refresh with id ${id}`, { field: 'id' });
    },
  }),
  'refreshes.find': defineOperation({
    summary: 'The current refresh a request as of a time would read, if it has been materialized (nothing is built).',
    input: RefreshInput,
    output: z.object({ watermark: z.string(), refresh: shape<RefreshInfo>('RefreshInfo').nullable() }),
    handler: (ctx, input) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      const graph = graphOf(rt.data, input.graph);
      if (!graph.ok) return graph;
      const r = findCurrentRefresh(ctx.store, rt.data, graph.data, asOfMs.data);
      if (!r.ok) return r;
      return ok({ watermark: isoOf(dataGraphWatermark(asOfMs.data)), refresh: r.data ?? null });
    },
  }),
  'refreshes.start': defineOperation({
    summary:
      'Materializes the data-graph refresh at the last 30-minute boundary at or before a time (reused when current), as a job with progress.',
    input: RefreshInput,
    output: z.object({ jobId: jobIdOutput('refresh'), watermark: z.string() }),
    handler: (ctx, input) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      const graph = graphOf(rt.data, input.graph);
      if (!graph.ok) return graph;
      const runtime = rt.data;
      const watermark = isoOf(dataGraphWatermark(asOfMs.data));
      const busy = writeConflict(ctx, 'job');
      if (busy) return fail('Conflict', busy);
      const job = ctx.jobs.start('refresh', `data-graph refresh ${graph.data} at ${watermark}`, async (control) => {
        const before = findCurrentRefresh(ctx.store, runtime, graph.data, asOfMs.data);
        const started = ctx.monotonic();
        const r = await ensureDataGraphRefresh(ctx.store, runtime, graph.data, asOfMs.data, {
          signal: control.signal,
          now: ctx.now,
          onProgress: (p) => {
            const seconds = (ctx.monotonic() - started) / 1000;
            const rate = seconds > 0 ? p.done / seconds : 0;
            control.progress({
              done: p.done,
              total: p.total,
              rate,
              etaSeconds: rate > 0 ? (p.total - p.done) / rate : null,
              message: `refreshing data graph ${graph.data}`,
            });
          },
        });
        if (!r.ok) return r;
        return ok({
          refresh: r.data,
          reused: before.ok && before.data?.id === r.data.id,
          freshness: freshnessOf(r.data, asOfMs.data),
        });
      });
      return ok({ jobId: job.id, watermark });
    },
  }),
};

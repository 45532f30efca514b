import { z } from 'zod';
import { fail, ok, type Problem, type Result } from '../../model/errors.ts';
import { JsonValue } from '../../model/index.ts';
import { validateConfig } from '../../config/validate.ts';
import { compileSpace, type CompiledPoint } from '../../pipeline/compile-space.ts';
import { compile, RuleCompileError, type CompiledRule } from '../../rules/index.ts';
import { ensureDataGraphRefresh } from '../../batch/refresh.ts';
import type { RefreshInfo } from '../../runtime/refresh-lookup.ts';
import { findSegment, segmentCounts, segmentRefresh, type SegmentCount } from '../../batch/segments.ts';
import { pointAudience, ruleAudience, type PointAudience, type RuleAudience } from '../../batch/audience.ts';
import { defineOperation, shape } from '../operation.ts';
import { StoreInsights } from '../../runtime/insight-source.ts';
import type { ServiceContext } from '../context.ts';
import type { SpaceRuntime } from '../../runtime/space-runtime.ts';
import { configWithDraftPoint } from './points-test.ts';
import { asOfOf, graphOf } from './refresh.ts';

const refreshRef = (r: RefreshInfo) => ({
  id: r.id,
  graph: r.graph,
  refreshedAt: r.refreshedAt,
  individuals: r.individuals,
});
const RefreshRef = z.object({ id: z.number(), graph: z.string(), refreshedAt: z.string(), individuals: z.number() });

/** The compiled point an audience preview runs: a saved one by name, or a draft validated like config. */
function pointFor(
  ctx: ServiceContext,
  rt: SpaceRuntime,
  point: unknown,
  replaces: string | undefined,
): Result<{ cp: CompiledPoint; warnings: Problem[] }> {
  if (typeof point === 'string') {
    const cp = rt.compiled.points.get(point);
    if (cp) return ok({ cp, warnings: [] });
    const known = [...rt.compiled.points.keys()].join(', ') || 'none';
    return fail(
      'PersonalizationPointNotFound',
      `personalization point "${point}" does not exist in data space ${rt.apiName} (known: ${known})`,
      { path: '$.point' },
    );
  }
  const cfg = ctx.sources.config();
  if (!cfg.ok) return cfg;
  const placed = configWithDraftPoint(cfg.data.config, rt.apiName, point, replaces);
  if (!placed) return fail('DataSpaceNotFound', `data space "${rt.apiName}" does not exist`, { path: '$.dataSpace' });
  const pointPath = `$.dataSpaces[${placed.spaceIndex}].personalizationPoints[${placed.pointIndex}]`;
  const individualsBySpace = Object.fromEntries(ctx.store.listDataSpaces().map((s) => [s.apiName, s.individuals]));
  const check = validateConfig(placed.config, { individualsBySpace });
  if (!check.config) {
    // Problems of the draft itself are located relative to it ($.point...); others keep their config path.
    const problems = check.errors.map((p) =>
      p.path?.startsWith(pointPath) ? { ...p, path: `$.point${p.path.slice(pointPath.length)}` } : p,
    );
    return fail(
      'InvalidInput',
      `the draft point has ${problems.length} problem(s); first: ${problems[0]!.path ?? ''} ${problems[0]!.message}`,
      { path: problems[0]!.path ?? '$.point', problems, problemCount: problems.length },
    );
  }
  const space = check.config.dataSpaces[placed.spaceIndex]!;
  const compiled = compileSpace(space);
  return ok({
    cp: compiled.points.get(space.personalizationPoints[placed.pointIndex]!.apiName)!,
    warnings: check.warnings,
  });
}

/** The segment filter of an audience preview: it must be over the graph the audience is counted on. */
function segmentFilter(rt: SpaceRuntime, segment: string | undefined, graph: string): Result<string | undefined> {
  if (segment === undefined) return ok(undefined);
  const s = findSegment(rt, segment);
  if (!s.ok) return fail(s.error.code, s.error.message, { path: '$.segment' });
  if (s.data.profileDataGraph !== graph)
    return fail(
      'InvalidInput',
      `segment ${segment} is over profile data graph ${s.data.profileDataGraph}, not ${graph}`,
      { path: '$.segment' },
    );
  return ok(segment);
}

export const segmentOps = {
  'segments.list': defineOperation({
    summary:
      'Segments of a data space, each with its member count at the data-graph refresh at or before a time (default: the workspace clock): the materialized one, else counted in memory — it writes nothing.',
    input: z.object({ dataSpace: z.string().default('default'), asOf: z.string().optional() }),
    output: z.object({
      asOf: z.string(),
      segments: z.array(shape<SegmentCount>('SegmentCount')),
      refreshes: z.array(shape<RefreshInfo>('RefreshInfo')),
    }),
    handler: async (ctx, { dataSpace, asOf }, signal) => {
      const rt = ctx.sources.space(dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, asOf);
      if (!asOfMs.ok) return asOfMs;
      // CI values of the in-memory path are computed, never stored: reading never writes.
      const insights = new StoreInsights(ctx.store, rt.data.spaceId, rt.data.config, ctx.now, { write: false });
      return segmentCounts(ctx.store, rt.data, asOfMs.data, { ...(signal ? { signal } : {}), insights });
    },
  }),
  'segments.count': defineOperation({
    summary: "A segment's member count as of a time (at the latest data-graph refresh at or before it).",
    input: z.object({
      dataSpace: z.string().default('default'),
      segment: z.string().min(1),
      asOf: z.string().optional(),
    }),
    output: z.object({
      segment: z.string(),
      members: z.number(),
      individuals: z.number(),
      refresh: shape<RefreshInfo>('RefreshInfo'),
    }),
    handler: async (ctx, input, signal) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      const r = await segmentRefresh(ctx.store, rt.data, input.segment, asOfMs.data, {
        ...(signal ? { signal } : {}),
        now: ctx.now,
      });
      if (!r.ok) return r;
      return ok({
        segment: input.segment,
        members: ctx.store.dataGraphs.countSegmentMembers(r.data.refresh.id, input.segment),
        individuals: r.data.refresh.individuals,
        refresh: r.data.refresh,
      });
    },
  }),
  'segments.members': defineOperation({
    summary: "A page of a segment's members (id order) as of a time.",
    input: z.object({
      dataSpace: z.string().default('default'),
      segment: z.string().min(1),
      asOf: z.string().optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(100),
    }),
    output: z.object({ segment: z.string(), total: z.number(), ids: z.array(z.string()), refresh: RefreshRef }),
    handler: async (ctx, input, signal) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      const r = await segmentRefresh(ctx.store, rt.data, input.segment, asOfMs.data, {
        ...(signal ? { signal } : {}),
        now: ctx.now,
      });
      if (!r.ok) return r;
      const id = r.data.refresh.id;
      return ok({
        segment: input.segment,
        total: ctx.store.dataGraphs.countSegmentMembers(id, input.segment),
        ids: ctx.store.dataGraphs.segmentMembersPage(id, input.segment, { offset: input.offset, limit: input.limit }),
        refresh: refreshRef(r.data.refresh),
      });
    },
  }),
  'points.audience': defineOperation({
    summary:
      'Audience preview of a personalization point (saved, or a draft validated like config): how many individuals each decision, experiment cohort, the fallback and no-decision get, over a data-graph refresh — optionally only a segment.',
    input: z.object({
      dataSpace: z.string().default('default'),
      /** A saved point's apiName, or a draft PersonalizationPoint. */
      point: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
      /** For a draft: the saved point it replaces (default: its own apiName; a new name is added). */
      replaces: z.string().optional(),
      segment: z.string().optional(),
      asOf: z.string().optional(),
    }),
    output: shape<PointAudience & { warnings: Problem[] }>('PointAudience'),
    handler: async (ctx, input, signal) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      const p = pointFor(ctx, rt.data, input.point, input.replaces);
      if (!p.ok) return p;
      const graph = p.data.cp.point.profileDataGraph;
      const segment = segmentFilter(rt.data, input.segment, graph);
      if (!segment.ok) return segment;
      const refresh = await ensureDataGraphRefresh(ctx.store, rt.data, graph, asOfMs.data, {
        ...(signal ? { signal } : {}),
        now: ctx.now,
      });
      if (!refresh.ok) return refresh;
      const a = await pointAudience(ctx.store, refresh.data, p.data.cp, {
        asOfMs: asOfMs.data,
        ...(segment.data ? { segment: segment.data } : {}),
        ...(signal ? { signal } : {}),
      });
      if (!a.ok) return a;
      return ok({ ...a.data, warnings: p.data.warnings }, p.data.warnings);
    },
  }),
  'rules.audience': defineOperation({
    summary:
      'How many individuals one targeting or segment rule holds for as of a time, over a data-graph refresh — optionally only a segment — for "edit a rule, see the audience change".',
    input: z.object({
      dataSpace: z.string().default('default'),
      rule: JsonValue,
      /** Profile data graph; defaults to the segment's, else the data space's first. */
      graph: z.string().optional(),
      segment: z.string().optional(),
      asOf: z.string().optional(),
    }),
    output: shape<RuleAudience>('RuleAudience'),
    handler: async (ctx, input, signal) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      let rule: CompiledRule;
      try {
        rule = compile(input.rule);
      } catch (e) {
        if (e instanceof RuleCompileError)
          return fail('InvalidInput', `rule: ${e.message}`, { path: `$.rule${e.path.slice(1)}` });
        throw e;
      }
      const segGraph =
        input.segment === undefined
          ? undefined
          : rt.data.config.segments.find((s) => s.apiName === input.segment)?.profileDataGraph;
      const graph = graphOf(rt.data, input.graph ?? segGraph);
      if (!graph.ok) return fail(graph.error.code, graph.error.message, { path: '$.graph' });
      const segment = segmentFilter(rt.data, input.segment, graph.data);
      if (!segment.ok) return segment;
      const refresh = await ensureDataGraphRefresh(ctx.store, rt.data, graph.data, asOfMs.data, {
        ...(signal ? { signal } : {}),
        now: ctx.now,
      });
      if (!refresh.ok) return refresh;
      return ruleAudience(ctx.store, refresh.data, rule, {
        asOfMs: asOfMs.data,
        ...(segment.data ? { segment: segment.data } : {}),
        ...(signal ? { signal } : {}),
      });
    },
  }),
};

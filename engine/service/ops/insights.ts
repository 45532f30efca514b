import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import { InsightSubject, type CalculatedInsight, type InsightSchedule } from '../../model/index.ts';
import { isoOf, parseIsoTime } from '../../model/time.ts';
import {
  checkInsightSql,
  insightColumns,
  insightDefinitionHash,
  type InsightRefresh,
  type InsightRow,
} from '../../store/index.ts';
import { didYouMean } from '../../model/suggest.ts';
import type { JobProgress, JobType } from '../jobs.ts';
import { defineOperation, jobIdOutput, shape } from '../operation.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import { storeInsightSource } from '../../runtime/insight-source.ts';

/** One refresh of a CI, as the history lists it. */
export interface InsightRefreshSummary {
  id: number;
  refreshedAt: string;
  kind: 'scheduled' | 'manual';
  rows: number;
  durationMs: number;
  createdAt: string;
  /** false when it was made from an earlier SQL definition (never read again). */
  current: boolean;
}

/** What a manual refresh of a calculated insight (an `insights.refresh` job) ends with. */
export interface InsightRefreshOutcome extends InsightRefreshSummary {
  insight: string;
  subject: InsightSubject;
}

/** The jobs this module starts: a manual CI refresh counts rows and ends with the refresh. */
export interface InsightJobs {
  'insight-refresh': JobType<JobProgress<never>, InsightRefreshOutcome>;
}

/** A calculated insight with its schedule and refresh history. */
export interface InsightSummary {
  apiName: string;
  label: string;
  description: string;
  subject: InsightSubject;
  columns: string[];
  sql: string;
  schedule: InsightSchedule;
  /** "every 6 hours" / "No Schedule (manual refresh)". */
  scheduleText: string;
  /** The refreshes made so far, newest refresh time first (capped by `history`). */
  refreshes: InsightRefreshSummary[];
  refreshCount: number;
}

/** The values of a CI as of a time. */
export interface InsightValuesPage {
  insight: string;
  subject: InsightSubject;
  asOf: string;
  columns: string[];
  /** The refresh read; null when never refreshed by then. */
  refreshedAt: string | null;
  refreshKind: 'scheduled' | 'manual' | null;
  /** Why there are no values. */
  problem?: string;
  /** Values in the refresh (or under the key asked for). */
  total: number;
  rows: Record<string, string | number>[];
}

const scheduleText = (s: InsightSchedule): string =>
  s.kind === 'none' ? 'No Schedule (manual refresh)' : `every ${s.everyHours} hour${s.everyHours === 1 ? '' : 's'}`;

const summaryOf = (r: InsightRefresh, definition: string): InsightRefreshSummary => ({
  id: r.id,
  refreshedAt: r.refreshedAt,
  kind: r.kind,
  rows: r.rows,
  durationMs: r.durationMs,
  createdAt: r.createdAt,
  current: r.definition === definition,
});

/** A row of values under its subject's column names. */
function rowOf(subject: InsightSubject, r: InsightRow): Record<string, string | number> {
  const [k1, k2] = insightColumns(subject);
  return subject === 'item' || subject === 'individual'
    ? { [k1!]: r.key1, value: r.value }
    : { [k1!]: r.key1, [k2!]: r.key2, value: r.value };
}

/** The data space's id, config and the named CI. */
function insightOf(
  ctx: ServiceContext,
  dataSpace: string,
  name: string,
): Result<{ spaceId: number; ci: CalculatedInsight; all: CalculatedInsight[] }> {
  const rt = ctx.sources.space(dataSpace);
  if (!rt.ok) return rt;
  const all = rt.data.config.calculatedInsights;
  const ci = all.find((c) => c.apiName === name);
  if (!ci) {
    const known = all.map((c) => c.apiName);
    return fail(
      'NotFound',
      `calculated insight "${name}" is not configured in data space ${dataSpace}${didYouMean(name, known)}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`,
      { field: 'insight' },
    );
  }
  return ok({ spaceId: rt.data.spaceId, ci, all });
}

function asOfOf(ctx: ServiceContext, asOf: string | undefined): Result<number> {
  if (asOf === undefined) return ok(ctx.clock());
  const ms = parseIsoTime(asOf);
  return ms === undefined
    ? fail('InvalidRequest', `asOf "${asOf}" is not an ISO-8601 time with a time zone`, {
        path: '$.asOf',
        field: 'as-of',
      })
    : ok(ms);
}

export const insightsOps = {
  'insights.list': defineOperation({
    summary:
      'The calculated insights of a data space: SQL, subject and columns, refresh schedule, and refresh history (newest first).',
    input: z.object({
      dataSpace: z.string().default('default'),
      history: z.number().int().min(0).max(1000).default(10),
    }),
    output: z.object({ insights: z.array(shape<InsightSummary>('InsightSummary')) }),
    handler: (ctx, { dataSpace, history }) => {
      const rt = ctx.sources.space(dataSpace);
      if (!rt.ok) return rt;
      const insights = rt.data.config.calculatedInsights.map((ci): InsightSummary => {
        const definition = insightDefinitionHash(ci);
        const all = ctx.store.insights.list(rt.data.spaceId, { insight: ci.apiName });
        return {
          apiName: ci.apiName,
          label: ci.label,
          description: ci.description,
          subject: ci.subject,
          columns: insightColumns(ci.subject),
          sql: ci.sql,
          schedule: ci.schedule,
          scheduleText: scheduleText(ci.schedule),
          refreshes: all.slice(0, history).map((r) => summaryOf(r, definition)),
          refreshCount: all.length,
        };
      });
      return ok({ insights });
    },
  }),
  'insights.refresh': defineOperation({
    summary:
      'Refreshes a calculated insight by hand as of a time (default: the workspace clock), as a job: runs its SQL read-only and stores the values; requests as of that time or later see them.',
    input: z.object({
      dataSpace: z.string().default('default'),
      insight: z.string().min(1),
      asOf: z.string().optional(),
    }),
    output: z.object({ jobId: jobIdOutput('insight-refresh'), insight: z.string(), asOf: z.string() }),
    handler: (ctx, input) => {
      const found = insightOf(ctx, input.dataSpace, input.insight);
      if (!found.ok) return found;
      const at = asOfOf(ctx, input.asOf);
      if (!at.ok) return at;
      if (ctx.store.readonly)
        return fail(
          'InvalidRequest',
          `${ctx.store.file} is open read-only; cannot refresh calculated insight ${input.insight}`,
        );
      const { spaceId, ci } = found.data;
      const asOfMs = at.data;
      const busy = writeConflict(ctx, 'job');
      if (busy) return fail('Conflict', busy);
      const job = ctx.jobs.start(
        'insight-refresh',
        `refreshing ${ci.apiName} as of ${isoOf(asOfMs)}`,
        async (control) => {
          control.progress({ done: 0, total: null, message: 'running the SQL' });
          // The SQL runs in its own process (within the CI's budget): the server stays responsive.
          const r = await ctx.store.insights.refreshAsync(spaceId, ci, asOfMs, {
            kind: 'manual',
            createdAt: isoOf(ctx.now()),
            signal: control.signal,
            onProgress: (rows) =>
              control.progress({ done: rows, total: null, message: `${rows.toLocaleString('en-US')} rows` }),
          });
          if (!r.ok) return r;
          ctx.sources.invalidate();
          return ok({ insight: ci.apiName, subject: ci.subject, ...summaryOf(r.data, r.data.definition) });
        },
      );
      return ok({ jobId: job.id, insight: ci.apiName, asOf: isoOf(asOfMs) });
    },
  }),
  'insights.values': defineOperation({
    summary:
      'The values of a calculated insight as a request at a time sees them (its last refresh at or before then, materialized on its schedule), best first; optionally one key (an item of an item-pair CI, an individual of an individual × category CI).',
    input: z.object({
      dataSpace: z.string().default('default'),
      insight: z.string().min(1),
      asOf: z.string().optional(),
      key: z.string().optional(),
      limit: z.number().int().min(1).max(5000).default(20),
    }),
    output: shape<InsightValuesPage>('InsightValuesPage'),
    handler: (ctx, input) => {
      const found = insightOf(ctx, input.dataSpace, input.insight);
      if (!found.ok) return found;
      const at = asOfOf(ctx, input.asOf);
      if (!at.ok) return at;
      const { spaceId, ci, all } = found.data;
      const base = {
        insight: ci.apiName,
        subject: ci.subject,
        asOf: isoOf(at.data),
        columns: insightColumns(ci.subject),
      };
      const single = ci.subject === 'item' || ci.subject === 'individual';
      const r = storeInsightSource(ctx.store, spaceId, { calculatedInsights: all }).resolve(ci.apiName, at.data);
      if (!r.snapshot)
        return ok({ ...base, refreshedAt: null, refreshKind: null, problem: r.problem, total: 0, rows: [] });
      const rows =
        input.key === undefined
          ? r.snapshot.all()
          : single
            ? r.snapshot.all().filter((x) => x.key1 === input.key)
            : r.snapshot.forKey(input.key);
      return ok({
        ...base,
        refreshedAt: r.snapshot.refreshedAt,
        refreshKind: r.snapshot.kind,
        total: rows.length,
        rows: rows.slice(0, input.limit).map((x) => rowOf(ci.subject, x)),
      });
    },
  }),
  'insights.validate': defineOperation({
    summary:
      "Checks a calculated insight's SQL without saving it: one read-only SELECT over the views individuals, items and engagement, preparing in SQLite (never running it), with the subject's columns; optionally previews its first rows on the workspace as of a time, running the SQL in its own process within a time limit (default 30 s).",
    input: z.object({
      sql: z.string(),
      subject: InsightSubject,
      preview: z.boolean().default(false),
      dataSpace: z.string().default('default'),
      asOf: z.string().optional(),
      limit: z.number().int().min(1).max(1000).default(20),
      /** The preview's time limit (default 30 s, as a refresh). */
      timeLimitSeconds: z.number().positive().max(3600).optional(),
    }),
    output: z.object({
      valid: z.boolean(),
      problem: z.string().optional(),
      columns: z.array(z.string()),
      preview: z
        .object({
          asOf: z.string(),
          total: z.number(),
          rows: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
        })
        .optional(),
    }),
    handler: async (ctx, input, signal) => {
      const columns = insightColumns(input.subject);
      const problem = checkInsightSql(input.sql, input.subject);
      if (problem) return ok({ valid: false, problem, columns });
      if (!input.preview) return ok({ valid: true, columns });
      const spaceId = ctx.store.dataSpaceId(input.dataSpace);
      if (spaceId === undefined)
        return fail('DataSpaceNotFound', `data space "${input.dataSpace}" does not exist`, { path: '$.dataSpace' });
      const at = asOfOf(ctx, input.asOf);
      if (!at.ok) return at;
      // In its own process, within its time limit: a runaway preview neither freezes the server nor writes.
      const rows = await ctx.store.insights.computeAsync(
        spaceId,
        { apiName: 'preview', subject: input.subject, sql: input.sql, timeLimitSeconds: input.timeLimitSeconds },
        at.data,
        signal ? { signal } : {},
      );
      if (!rows.ok) return ok({ valid: false, problem: rows.error.message, columns });
      return ok({
        valid: true,
        columns,
        preview: {
          asOf: isoOf(at.data),
          total: rows.data.length,
          rows: rows.data.slice(0, input.limit).map((x) => rowOf(input.subject, x)),
        },
      });
    },
  }),
};

import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import { parseIsoTime } from '../../model/time.ts';
import { pipelineReport, type PipelineReport } from '../../batch/analytics/report.ts';
import { REPORT_BUCKETS } from '../../batch/analytics/periods.ts';
import type { ServiceContext } from '../context.ts';
import { defineOperation, shape } from '../operation.ts';

const RunId = z.number().int().min(1);

/** Parses an optional ISO time of the input, naming the field when it is not one. */
function timeOf(text: string | undefined, field: string): Result<number | undefined> {
  if (text === undefined) return ok(undefined);
  const ms = parseIsoTime(text);
  return ms === undefined
    ? fail('InvalidInput', `${field} "${text}" is not an ISO-8601 time with a time zone`, { field })
    : ok(ms);
}

/** The space id of an optional data space name. */
function spaceOf(ctx: ServiceContext, dataSpace: string | undefined): Result<number | undefined> {
  if (dataSpace === undefined) return ok(undefined);
  const id = ctx.store.dataSpaceId(dataSpace);
  return id === undefined
    ? fail('DataSpaceNotFound', `data space "${dataSpace}" does not exist`, { field: 'dataSpace' })
    : ok(id);
}

export const analyticsOps = {
  'analytics.report': defineOperation({
    summary:
      'Pipeline Intelligence over one run or the runs whose as-of time is in [from, to): requests, unique individuals, credits per request and per personalization against budgets, distribution across points and decisions, fallback/blank/error rates, experiment cohorts with a sample-ratio check, a series by day, week or month.',
    input: z.object({
      runId: RunId.optional(),
      from: z.string().optional().describe('runs with an as-of time at or after this (ISO-8601)'),
      to: z.string().optional().describe('runs with an as-of time before this (ISO-8601)'),
      by: z.enum(REPORT_BUCKETS).default('day'),
      dataSpace: z.string().optional(),
    }),
    output: shape<PipelineReport>('PipelineReport'),
    handler: (ctx, input) => {
      const from = timeOf(input.from, 'from');
      if (!from.ok) return from;
      const to = timeOf(input.to, 'to');
      if (!to.ok) return to;
      if (from.data !== undefined && to.data !== undefined && from.data >= to.data)
        return fail('InvalidInput', `to (${input.to}) must be after from (${input.from})`, { field: 'to' });
      const space = spaceOf(ctx, input.dataSpace);
      if (!space.ok) return space;
      if (input.runId !== undefined && !ctx.store.runs.get(input.runId))
        return fail('NotFound', `run ${input.runId} does not exist`, { field: 'runId' });
      const window = {
        ...(space.data !== undefined ? { spaceId: space.data } : {}),
        ...(input.runId !== undefined ? { runId: input.runId } : {}),
        ...(from.data !== undefined ? { fromMs: from.data } : {}),
        ...(to.data !== undefined ? { toMs: to.data } : {}),
      };
      const runIds = ctx.store.analytics.runIdsInWindow(window);
      return ok(pipelineReport(ctx.store, runIds, { by: input.by, ...window }));
    },
  }),
};

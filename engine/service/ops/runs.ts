import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import { parseIsoTime } from '../../model/time.ts';
import { exportRun, type ExportReport } from '../../batch/export-run.ts';
import { readIndividualsFile } from '../../batch/individuals-file.ts';
import { runLiveness } from '../../batch/run-liveness.ts';
import { prepareResume, prepareRun, type PreparedRun } from '../../batch/run-prepare.ts';
import { runSummary, type RunSummary } from '../../batch/run-summary.ts';
import { executeRun, type RunProgress } from '../../batch/runner.ts';
import { refreshesSettled } from '../../batch/refresh.ts';
import { dataSpaceName } from '../../runtime/space-runtime-at.ts';
import { traceRunIndividual, type RunTrace } from '../../batch/trace-run.ts';
import type { DecisionLogRow, OutputRow, OutputTarget, PointDistribution, RunRecord } from '../../store/index.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import type { JobId, JobProgress, JobType } from '../jobs.ts';
import { defineOperation, jobIdOutput, shape } from '../operation.ts';

/** A run job's counters, beside done/total individuals. */
export type RunJobCounters = { runId: number; requests: number; decisions: number; errors: number; credits: number };
export type RunJobProgress = JobProgress<RunJobCounters>;

/** The jobs this module starts: a run reports its counters and ends with its summary. */
export interface RunJobs {
  run: JobType<RunJobProgress, RunSummary>;
}
import { trainAndStore } from '../../batch/training.ts';

/** Run id → job id of the runs started or resumed in each session. */
const runJobs = new WeakMap<ServiceContext, Map<number, JobId<'run'>>>();
const jobsOf = (ctx: ServiceContext): Map<number, JobId<'run'>> => {
  let m = runJobs.get(ctx);
  if (!m) runJobs.set(ctx, (m = new Map()));
  return m;
};

/** A run's progress as a job's progress (what the CLI bar and the UI's job view show). */
export function jobProgressOf(p: RunProgress): RunJobProgress {
  return {
    done: p.done,
    total: p.total,
    ...(p.rate !== null ? { rate: p.rate } : {}),
    etaSeconds: p.etaSeconds,
    message: p.phase,
    counters: { runId: p.runId, requests: p.requests, decisions: p.decisions, errors: p.errors, credits: p.credits },
  };
}

/** Starts a prepared run as a job of this session. */
function startJob(
  ctx: ServiceContext,
  prepared: PreparedRun,
): { runId: number; jobId: JobId<'run'>; recovered?: string } {
  const label = `run ${prepared.runId}: ${prepared.campaign.name}`;
  const job = ctx.jobs.start('run', label, (control) =>
    executeRun(ctx.store, prepared, {
      signal: control.signal,
      onProgress: (p) => control.progress(jobProgressOf(p)),
      now: ctx.now,
      trainModel: async (rec, atMs, o) => {
        const t = await trainAndStore(ctx.store, prepared.runtime.spaceId, rec, atMs, {
          signal: o.signal,
          onProgress: (p) => o.onProgress({ step: p.step, steps: p.steps }),
          now: ctx.now,
        });
        return t.ok ? ok({ trained: t.data.trained }) : t;
      },
    }),
  );
  jobsOf(ctx).set(prepared.runId, job.id);
  return { runId: prepared.runId, jobId: job.id, ...(prepared.recovered ? { recovered: prepared.recovered } : {}) };
}

function getRun(ctx: ServiceContext, runId: number): Result<RunRecord> {
  const run = ctx.store.runs.get(runId);
  return run ? ok(run) : fail('NotFound', `run ${runId} does not exist`, { field: 'runId' });
}

/** The summary of a stored run, saying when a `running` run has no live process. */
export function summaryOf(ctx: ServiceContext, run: RunRecord): RunSummary {
  const live = run.status === 'running' ? runLiveness(ctx.store.file, run, ctx.now()) : undefined;
  return runSummary(
    run,
    dataSpaceName(ctx.store, run.spaceId) ?? '?',
    live && !live.live ? `${live.why}; resume it with \`workbench run --resume ${run.id}\`` : undefined,
  );
}

const RunId = z.number().int().min(1);
const StartOutput = z.object({ runId: z.number(), jobId: jobIdOutput('run'), recovered: z.string().optional() });

export const runOps = {
  'runs.start': defineOperation({
    summary:
      'Starts a dry run of a campaign as of a time (default: the workspace clock) as a job; returns the run id and the job id. Progress comes through the job.',
    input: z.object({
      dataSpace: z.string().default('default'),
      campaign: z.string().min(1),
      asOf: z.string().optional(),
      out: z.string().min(1).optional().describe('write a JSONL or CSV file instead of the campaign output'),
      workers: z.number().optional(),
      individuals: z
        .array(z.string().min(1))
        .optional()
        .describe('decide these individuals instead of the segment members'),
      individualsFile: z.string().min(1).optional().describe('a file of individual ids, one per line'),
      force: z.boolean().default(false).describe('run a Paused campaign'),
      overwrite: z
        .boolean()
        .default(false)
        .describe('replace an existing output file (the UI asks first); never the workspace or an SQLite file'),
    }),
    output: StartOutput,
    handler: async (ctx, input) => {
      const asOfMs = input.asOf === undefined ? ctx.clock() : parseIsoTime(input.asOf);
      if (asOfMs === undefined)
        return fail('InvalidInput', `--as-of "${input.asOf}" is not an ISO-8601 time with a time zone`, {
          field: 'asOf',
        });
      let individuals = input.individuals;
      if (input.individualsFile !== undefined) {
        if (individuals !== undefined)
          return fail('InvalidInput', 'give individuals or individualsFile, not both', { field: 'individuals' });
        const read = await readIndividualsFile(input.individualsFile);
        if (!read.ok) return read;
        individuals = read.data;
      }
      const busy = writeConflict(ctx, 'job');
      if (busy) return fail('Conflict', busy);
      // A refresh being built (e.g. by an estimate) holds the write lock: let it finish first.
      await refreshesSettled(ctx.store.file);
      const prepared = prepareRun(
        ctx.store,
        {
          dataSpace: input.dataSpace,
          campaign: input.campaign,
          asOfMs,
          ...(input.out !== undefined ? { out: input.out } : {}),
          ...(input.workers !== undefined ? { workers: input.workers } : {}),
          ...(individuals !== undefined ? { individuals } : {}),
          force: input.force,
          overwrite: input.overwrite,
        },
        ctx.now(),
      );
      if (!prepared.ok) return prepared;
      return ok(startJob(ctx, prepared.data));
    },
  }),
  'runs.resume': defineOperation({
    summary:
      "Resumes a cancelled, failed or abandoned run from its last committed chunk, with the run's own as-of time, config revision, refreshes and output.",
    input: z.object({
      runId: RunId,
      workers: z.number().optional(),
      overwrite: z.boolean().default(false).describe('replace an existing file at the output path when the run ends'),
    }),
    output: StartOutput,
    handler: async (ctx, { runId, workers, overwrite }) => {
      const busy = writeConflict(ctx, 'job');
      if (busy) return fail('Conflict', busy);
      await refreshesSettled(ctx.store.file);
      const prepared = prepareResume(ctx.store, runId, {
        ...(workers !== undefined ? { workers } : {}),
        nowMs: ctx.now(),
        overwrite,
      });
      if (!prepared.ok) return prepared;
      return ok(startJob(ctx, prepared.data));
    },
  }),
  'runs.cancel': defineOperation({
    summary:
      'Cancels a run running in this session (through its job); it stops after its last committed chunk and stays resumable.',
    input: z.object({ runId: RunId }),
    output: z.object({ cancelled: z.boolean(), jobId: jobIdOutput('run') }),
    handler: (ctx, { runId }) => {
      const run = getRun(ctx, runId);
      if (!run.ok) return run;
      const jobId = jobsOf(ctx).get(runId);
      if (jobId !== undefined && ctx.jobs.get(jobId)?.status === 'running')
        return ok({ cancelled: ctx.jobs.cancel(jobId), jobId });
      if (run.data.status !== 'running')
        return fail('Conflict', `run ${runId} is not running (${run.data.status})`, { field: 'runId' });
      const live = runLiveness(ctx.store.file, run.data, ctx.now());
      return fail(
        'Conflict',
        live.live
          ? `${live.why}, not in this session; stop it there (Ctrl-C)`
          : `${live.why}; nothing to cancel — resume it with \`workbench run --resume ${runId}\``,
        { field: 'runId' },
      );
    },
  }),
  'runs.list': defineOperation({
    summary: 'Runs, newest first: id, campaign, status, as-of, counts, credits, wall time.',
    input: z.object({
      dataSpace: z.string().optional(),
      campaign: z.string().optional(),
      status: z.enum(['running', 'succeeded', 'failed', 'cancelled']).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(50),
    }),
    output: z.object({ total: z.number(), rows: z.array(shape<RunSummary>('RunSummary')) }),
    handler: (ctx, q) => {
      let spaceId: number | undefined;
      if (q.dataSpace !== undefined) {
        spaceId = ctx.store.dataSpaceId(q.dataSpace);
        if (spaceId === undefined)
          return fail('DataSpaceNotFound', `data space "${q.dataSpace}" does not exist`, { field: 'dataSpace' });
      }
      const page = ctx.store.runs.list({
        ...(spaceId !== undefined ? { spaceId } : {}),
        ...(q.campaign ? { campaign: q.campaign } : {}),
        ...(q.status ? { status: q.status } : {}),
        offset: q.offset,
        limit: q.limit,
      });
      return ok({ total: page.total, rows: page.rows.map((r) => summaryOf(ctx, r)) });
    },
  }),
  'runs.get': defineOperation({
    summary:
      "One run's summary: individuals, decisions, fallbacks, none, errors by code, credits estimated vs actual, watermarks and what was stale, wall time, decisions/s.",
    input: z.object({ runId: RunId }),
    output: shape<RunSummary>('RunSummary'),
    handler: (ctx, { runId }) => {
      const run = getRun(ctx, runId);
      return run.ok ? ok(summaryOf(ctx, run.data)) : run;
    },
  }),
  'runs.decisions': defineOperation({
    summary:
      "A page of a run's decision log, filtered by point, outcome, decision, error code or individual id (substring).",
    input: z.object({
      runId: RunId,
      point: z.string().optional(),
      outcome: z.enum(['decision', 'fallback', 'none', 'error']).optional(),
      decision: z.string().optional(),
      errorCode: z.string().optional(),
      individual: z.string().optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({ total: z.number(), rows: z.array(shape<DecisionLogRow>('DecisionLogRow')) }),
    handler: (ctx, { runId, ...q }) => {
      const run = getRun(ctx, runId);
      return run.ok ? ok(ctx.store.runs.decisions(runId, q)) : run;
    },
  }),
  'runs.distribution': defineOperation({
    summary: 'Per point: requests by decision and outcome, credits, errors by code; with the totals of the run.',
    input: z.object({ runId: RunId }),
    output: z.object({
      runId: z.number(),
      points: z.array(shape<PointDistribution>('PointDistribution')),
      outcomes: z.record(z.string(), z.number()),
      errorsByCode: z.record(z.string(), z.number()),
    }),
    handler: (ctx, { runId }) => {
      const run = getRun(ctx, runId);
      if (!run.ok) return run;
      const points = ctx.store.runs.distribution(runId);
      const errorsByCode: Record<string, number> = {};
      for (const p of points)
        for (const [code, n] of Object.entries(p.errorsByCode)) errorsByCode[code] = (errorsByCode[code] ?? 0) + n;
      return ok({ runId, points, outcomes: ctx.store.runs.outcomes(runId), errorsByCode });
    },
  }),
  'runs.trace': defineOperation({
    summary:
      "Reproduces one individual's request of a run with the trace on (the run's config revision, as-of time and refresh documents) and checks it against the logged decision.",
    input: z.object({ runId: RunId, individualId: z.string().min(1) }),
    output: shape<RunTrace>('RunTrace'),
    handler: (ctx, { runId, individualId }) => traceRunIndividual(ctx.store, runId, individualId, ctx.monotonic),
  }),
  'runs.export': defineOperation({
    summary:
      "Writes a run's decision log or output to a JSONL or CSV file: a relative name goes into the workspace's outputs folder; an existing file is replaced only with overwrite, never the workspace or an SQLite file.",
    input: z.object({
      runId: RunId,
      what: z.enum(['log', 'output']).default('log'),
      format: z.enum(['jsonl', 'csv']).default('jsonl'),
      file: z.string().min(1),
      overwrite: z.boolean().default(false).describe('replace an existing file (the UI asks first)'),
    }),
    output: shape<ExportReport>('ExportReport'),
    handler: (ctx, { runId, what, format, file, overwrite }) =>
      exportRun(ctx.store, runId, what, format, file, overwrite),
  }),
  'runs.delete': defineOperation({
    summary:
      'Deletes a run that is not running, with its decision log and its rows in records tables and event streams (output files stay).',
    input: z.object({ runId: RunId }),
    output: z.object({ runId: z.number(), decisions: z.number() }),
    handler: (ctx, { runId }) => {
      const run = getRun(ctx, runId);
      if (!run.ok) return run;
      const busy = writeConflict(ctx, 'write');
      if (busy) return fail('Conflict', `run ${runId} was not deleted — ${busy}`, { field: 'runId' });
      if (run.data.status === 'running') {
        const live = runLiveness(ctx.store.file, run.data, ctx.now());
        if (live.live) return fail('Conflict', `${live.why}; cancel it before deleting it`, { field: 'runId' });
        // An abandoned run (its process died) is ended first, so the store accepts the delete.
        ctx.store.runs.finish(runId, {
          status: 'cancelled',
          endedAt: new Date(ctx.now()).toISOString(),
          wallMs: run.data.wallMs,
        });
      }
      return ok({ runId, decisions: ctx.store.runs.delete(runId) });
    },
  }),
  'outputs.list': defineOperation({
    summary: 'The records tables and event streams campaign runs have written, with row counts.',
    input: z.object({}).default({}),
    output: z.array(shape<OutputTarget>('OutputTarget')),
    handler: (ctx) => ok(ctx.store.runs.listOutputs()),
  }),
  'outputs.rows': defineOperation({
    summary:
      'A page of a records table (e.g. Personalized_Email_Content__c) or an event stream, optionally of one run.',
    input: z
      .object({
        table: z.string().min(1).optional(),
        stream: z.string().min(1).optional(),
        runId: RunId.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .refine((q) => (q.table === undefined) !== (q.stream === undefined), {
        message: 'give a records table or an event stream',
      }),
    output: z.object({ total: z.number(), rows: z.array(shape<OutputRow>('OutputRow')) }),
    handler: (ctx, q) => {
      const page = { ...(q.runId !== undefined ? { runId: q.runId } : {}), offset: q.offset, limit: q.limit };
      return ok(q.table !== undefined ? ctx.store.runs.records(q.table, page) : ctx.store.runs.events(q.stream!, page));
    },
  }),
};

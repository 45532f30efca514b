import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import type { ObjectiveBasedRecommender } from '../../model/index.ts';
import { DAY_MS, isoOf, parseIsoTime } from '../../model/time.ts';
import { didYouMean } from '../../model/suggest.ts';
import {
  EVALUATION_METHODS,
  type EvaluationMethod,
  type EvaluationResult,
} from '../../recommenders/evaluation/evaluate.ts';
import { OBJECTIVE_EVENT } from '../../recommenders/objective/objective-weights.ts';
import { trainingBoundary } from '../../recommenders/objective/training-cycle.ts';
import type { TrainingProgress } from '../../recommenders/objective/training-hooks.ts';
import type { ModelHeader } from '../../store/index.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import type { JobControl, JobProgress, JobType } from '../jobs.ts';
import { defineOperation, jobIdOutput, shape } from '../operation.ts';
import { evaluateInWorker, trainAndStore, type TrainOutcome } from '../../batch/training.ts';

/** What `models.evaluate`'s job returns: the split, what was counted and every method's metrics. */
export interface EvaluationReport extends EvaluationResult {
  dataSpace: string;
  recommender: string;
  objective: string;
  /** The engagement type whose events after the split are the targets. */
  targetEvent: string;
  splitAt: string;
  trainingWindow: { from: string; to: string; days: number };
  /** to: null = every event after the split. */
  testPeriod: { from: string; to: string | null };
  /** Items the models could recommend (known at the split). */
  items: number;
  /** Target events on items created after the split (no method could know them; left out). */
  unknownItemTargets: number;
}

/** The jobs this module starts: training and evaluation report their steps and end with the model or the report. */
export interface ModelJobs {
  train: JobType<JobProgress<never>, TrainOutcome>;
  evaluate: JobType<JobProgress<never>, EvaluationReport>;
}

/** An objective-based recommender's status as of a time: the model a request then would use. */
export interface ModelStatus {
  recommender: string;
  objective: string;
  /** The model a request as of the time uses (its last training at or before it); null: untrained. */
  model: ModelHeader | null;
  /** The 24-hour training boundary at or before the time: when the current model should be from. */
  dueAt: string;
  /** The model is from that boundary (false: stale or missing; `workbench train` brings it up to date). */
  current: boolean;
}

const asOfOf = (ctx: ServiceContext, asOf: string | undefined, field: string): Result<number> => {
  if (asOf === undefined) return ok(ctx.clock());
  const ms = parseIsoTime(asOf);
  return ms === undefined
    ? fail('InvalidInput', `${field} "${asOf}" is not an ISO-8601 time with a time zone`, { field })
    : ok(ms);
};

/** The data space's objective-based recommender by name, or a located fault. */
function objectiveRecommender(
  ctx: ServiceContext,
  dataSpace: string,
  name: string,
): Result<{ rec: ObjectiveBasedRecommender; spaceId: number }> {
  const rt = ctx.sources.space(dataSpace);
  if (!rt.ok) return rt;
  const recs = rt.data.config.recommenders;
  const rec = recs.find((r) => r.apiName === name);
  if (!rec) {
    const known = recs.filter((r) => r.type === 'objective-based').map((r) => r.apiName);
    return fail(
      'NotFound',
      `data space ${dataSpace} has no recommender "${name}"${didYouMean(
        name,
        recs.map((r) => r.apiName),
      )}${known.length > 0 ? `; objective-based ones: ${known.join(', ')}` : '; it has no objective-based recommender'}`,
      { field: 'recommender' },
    );
  }
  if (rec.type !== 'objective-based')
    return fail(
      'InvalidInput',
      `recommender ${name} is rules-based (${rec.strategy}); only objective-based recommenders are trained and evaluated`,
      { field: 'recommender' },
    );
  return ok({ rec, spaceId: rt.data.spaceId });
}

/** A trainer's progress as a job's progress. */
const jobProgress = (control: JobControl<JobProgress<never>>) => (p: TrainingProgress) =>
  control.progress({ done: p.step, total: p.steps, message: p.message });

export const modelOps = {
  'models.list': defineOperation({
    summary: 'Trained models of the objective-based recommenders (one, or all of a data space), newest training first.',
    input: z.object({ dataSpace: z.string().default('default'), recommender: z.string().optional() }),
    output: z.object({ models: z.array(shape<ModelHeader>('ModelHeader')) }),
    handler: (ctx, { dataSpace, recommender }) => {
      const spaceId = ctx.store.dataSpaceId(dataSpace);
      if (spaceId === undefined)
        return fail('DataSpaceNotFound', `data space "${dataSpace}" does not exist`, { field: 'dataSpace' });
      return ok({ models: ctx.store.models.list(spaceId, recommender) });
    },
  }),
  'models.status': defineOperation({
    summary:
      'For each objective-based recommender: the model a request as of a time (default: the workspace clock) uses, and whether it is from the last 24-hour training boundary.',
    input: z.object({ dataSpace: z.string().default('default'), asOf: z.string().optional() }),
    output: z.object({ asOf: z.string(), recommenders: z.array(shape<ModelStatus>('ModelStatus')) }),
    handler: (ctx, { dataSpace, asOf }) => {
      const rt = ctx.sources.space(dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOfOf(ctx, asOf, 'asOf');
      if (!asOfMs.ok) return asOfMs;
      const due = trainingBoundary(asOfMs.data);
      const recommenders: ModelStatus[] = [];
      for (const r of rt.data.config.recommenders) {
        if (r.type !== 'objective-based') continue;
        const model = ctx.store.models.latestAt(rt.data.spaceId, r.apiName, asOfMs.data) ?? null;
        recommenders.push({
          recommender: r.apiName,
          objective: r.objective,
          model,
          dueAt: isoOf(due),
          current: model !== null && model.trainedAtMs === due && model.objective === r.objective,
        });
      }
      return ok({ asOf: isoOf(asOfMs.data), recommenders });
    },
  }),
  'models.train': defineOperation({
    summary:
      'Trains an objective-based recommender at the last 24-hour boundary (midnight UTC) at or before a time, in a worker thread, as a job; an existing model of that time is kept unless forced.',
    input: z.object({
      dataSpace: z.string().default('default'),
      recommender: z.string().min(1),
      asOf: z.string().optional(),
      force: z.boolean().default(false),
    }),
    output: z.object({ jobId: jobIdOutput('train'), trainedAt: z.string() }),
    handler: (ctx, input) => {
      const r = objectiveRecommender(ctx, input.dataSpace, input.recommender);
      if (!r.ok) return r;
      const asOfMs = asOfOf(ctx, input.asOf, 'asOf');
      if (!asOfMs.ok) return asOfMs;
      if (ctx.store.readonly)
        return fail('InvalidRequest', `${ctx.store.file} is open read-only; cannot store a model`);
      const atMs = trainingBoundary(asOfMs.data);
      const { rec, spaceId } = r.data;
      const busy = writeConflict(ctx, 'job');
      if (busy) return fail('Conflict', busy);
      const job = ctx.jobs.start('train', `training ${rec.apiName} as of ${isoOf(atMs)}`, (control) =>
        trainAndStore(ctx.store, spaceId, rec, atMs, {
          signal: control.signal,
          onProgress: jobProgress(control),
          force: input.force,
          now: ctx.now,
        }),
      );
      return ok({ jobId: job.id, trainedAt: isoOf(atMs) });
    },
  }),
  'models.evaluate': defineOperation({
    summary:
      'Offline evaluation on a time split, as a job: trains on the events before the split, scores each individual against their objective events after it; hit-rate, recall, NDCG and coverage at k for the model and the baselines.',
    input: z.object({
      dataSpace: z.string().default('default'),
      recommender: z.string().min(1),
      splitAt: z.string().min(1),
      k: z.number().int().min(1).max(100).default(10),
      testDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .optional()
        .describe('length of the test period after the split (default: every later event)'),
      methods: z
        .array(z.enum(EVALUATION_METHODS))
        .min(1)
        .optional()
        .describe('methods side by side (default: ials, popularity, item-knn)'),
    }),
    output: z.object({ jobId: jobIdOutput('evaluate') }),
    handler: (ctx, input) => {
      const r = objectiveRecommender(ctx, input.dataSpace, input.recommender);
      if (!r.ok) return r;
      const splitAtMs = parseIsoTime(input.splitAt);
      if (splitAtMs === undefined)
        return fail('InvalidInput', `splitAt "${input.splitAt}" is not an ISO-8601 time with a time zone`, {
          field: 'splitAt',
        });
      const { rec, spaceId } = r.data;
      const methods: EvaluationMethod[] = [
        ...new Set<EvaluationMethod>(input.methods ?? ['ials', 'popularity', 'item-knn']),
      ];
      const testUntilMs = input.testDays === undefined ? Number.MAX_SAFE_INTEGER : splitAtMs + input.testDays * DAY_MS;
      const job = ctx.jobs.start(
        'evaluate',
        `evaluating ${rec.apiName} split at ${isoOf(splitAtMs)}`,
        async (control) => {
          const e = await evaluateInWorker(
            ctx.store,
            spaceId,
            rec,
            { splitAtMs, testUntilMs, k: input.k, methods },
            { signal: control.signal, onProgress: jobProgress(control) },
          );
          if (!e.ok) return e;
          return ok({
            dataSpace: input.dataSpace,
            recommender: rec.apiName,
            objective: rec.objective,
            targetEvent: OBJECTIVE_EVENT[rec.objective],
            splitAt: isoOf(splitAtMs),
            trainingWindow: {
              from: isoOf(splitAtMs - rec.trainingWindowDays * DAY_MS),
              to: isoOf(splitAtMs),
              days: rec.trainingWindowDays,
            },
            testPeriod: { from: isoOf(splitAtMs), to: input.testDays === undefined ? null : isoOf(testUntilMs) },
            items: e.data.items,
            unknownItemTargets: e.data.unknownItemTargets,
            ...e.data.result,
          });
        },
      );
      return ok({ jobId: job.id });
    },
  }),
};

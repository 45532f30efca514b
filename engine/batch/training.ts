import { Worker } from 'node:worker_threads';
import { fail, ok, type Result } from '../model/errors.ts';
import type { ObjectiveBasedRecommender } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { EvaluationMethod, EvaluationResult } from '../recommenders/evaluation/evaluate.ts';
import { OBJECTIVE_ALGORITHM } from '../recommenders/objective/train-model.ts';
import type { TrainingProgress } from '../recommenders/objective/training-hooks.ts';
import { trainingBoundary } from '../recommenders/objective/training-cycle.ts';
import type { ModelHeader, WorkspaceStore } from '../store/index.ts';
import type { TrainedModelMessage, WorkerMessage, WorkerTask } from './training-protocol.ts';

/** How long work in a worker is watched: cancel and progress. */
export interface WorkerOptions {
  signal?: AbortSignal;
  onProgress?: (p: TrainingProgress) => void;
}

type Ending = Exclude<WorkerMessage, { type: 'progress' }>;
/** A task without its cancel flag (distributes over the task kinds). */
type TaskRequest = WorkerTask extends infer T ? (T extends WorkerTask ? Omit<T, 'cancel'> : never) : never;

const WORKER_URL = new URL('./training-worker.js', import.meta.url);

/**
 * Runs one task in a worker thread and resolves with its ending message. Cancelling sets a shared
 * flag the algorithms poll (they stop within about a thousand rows); the worker then reports
 * `cancelled`. A worker that dies without a message is an Internal fault.
 */
export function runTrainingWorker(task: TaskRequest, opts: WorkerOptions = {}): Promise<Result<Ending>> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  return new Promise((resolve) => {
    let ended = false;
    let ending: Result<Ending> | undefined;
    const worker = new Worker(WORKER_URL, { workerData: { ...task, cancel } });
    const abort = () => Atomics.store(flag, 0, 1);
    if (opts.signal?.aborted) abort();
    opts.signal?.addEventListener('abort', abort, { once: true });
    const finish = (r: Result<Ending>) => {
      if (ended) return;
      ended = true;
      opts.signal?.removeEventListener('abort', abort);
      resolve(r);
    };
    // The worker closes its workspace connection before it sends its ending (the caller may close or
    // rename the workspace at once); the thread is then stopped.
    // Resolve only once the thread has exited: then its connection is certainly gone, and the
    // caller may close or rename the workspace (init does) without leaving a write-ahead log behind.
    let error: Result<Ending> | undefined;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') return opts.onProgress?.(m.progress);
      if (m.type === 'cancelled')
        ending = fail(
          'Cancelled',
          `${task.kind === 'train' ? 'training' : 'evaluation'} of ${task.recommender.apiName} was cancelled`,
        );
      else if (m.type === 'failed') ending = fail(m.code, m.message);
      else ending = ok(m);
      void worker.terminate();
    });
    worker.on('error', (e) => (error = fail('Internal', `training worker failed: ${e.stack ?? String(e)}`)));
    worker.on('exit', (code) =>
      finish(ending ?? error ?? fail('Internal', `training worker exited (code ${code}) without a result`)),
    );
  });
}

/** The outcome of a training request. */
export interface TrainOutcome {
  model: ModelHeader;
  /** False when a model for that training time already existed and was kept. */
  trained: boolean;
}

/**
 * Trains an objective-based recommender as of `atMs` (a 24-hour boundary) in a worker thread and
 * stores the snapshot. With `force` false, an existing model of that training time is kept.
 */
export async function trainAndStore(
  store: WorkspaceStore,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  atMs: number,
  opts: WorkerOptions & { force?: boolean; now?: () => number } = {},
): Promise<Result<TrainOutcome>> {
  if (store.readonly) return fail('InvalidRequest', `${store.file} is open read-only; cannot store a model`);
  if (!opts.force) {
    const existing = store.models.latestAt(spaceId, rec.apiName, atMs);
    if (existing && existing.trainedAtMs === atMs && existing.objective === rec.objective)
      return ok({ model: existing, trained: false });
  }
  const started = (opts.now ?? Date.now)();
  const r = await runTrainingWorker({ kind: 'train', file: store.file, spaceId, recommender: rec, atMs }, opts);
  if (!r.ok) return r;
  if (r.data.type !== 'trained') return fail('Internal', `training worker answered ${r.data.type}`);
  const m: TrainedModelMessage = r.data;
  const ended = (opts.now ?? Date.now)();
  const header = store.models.save(spaceId, {
    recommender: rec.apiName,
    trainedAtMs: atMs,
    objective: rec.objective,
    algorithm: OBJECTIVE_ALGORITHM,
    windowDays: rec.trainingWindowDays,
    seed: rec.seed,
    factors: m.factors,
    items: m.itemIds.length,
    users: m.users,
    interactions: m.interactions,
    hyperparameters: m.hyperparameters,
    metrics: m.metrics,
    durationMs: ended - started,
    createdAt: isoOf(ended),
    itemIds: m.itemIds,
    itemFactors: m.itemFactors,
    popularity: m.popularity,
    ivfIndex: m.ivfIndex,
  });
  return ok({ model: header, trained: true });
}

/** Offline evaluation of a recommender on a time split, run in a worker thread. */
export async function evaluateInWorker(
  store: WorkspaceStore,
  spaceId: number,
  rec: ObjectiveBasedRecommender,
  q: { splitAtMs: number; testUntilMs: number; k: number; methods: EvaluationMethod[] },
  opts: WorkerOptions = {},
): Promise<Result<{ result: EvaluationResult; items: number; unknownItemTargets: number }>> {
  const r = await runTrainingWorker({ kind: 'evaluate', file: store.file, spaceId, recommender: rec, ...q }, opts);
  if (!r.ok) return r;
  if (r.data.type !== 'evaluated') return fail('Internal', `evaluation worker answered ${r.data.type}`);
  return ok({ result: r.data.result, items: r.data.items, unknownItemTargets: r.data.unknownItemTargets });
}

/**
 * Trains every objective-based recommender of a data space config once, at the 24-hour boundary
 * at or before `asOfMs` (what the sample's `init` does at the sample's end time). A failure is a
 * bug here (the built-in sample always has interactions): it throws.
 */
export async function trainAllObjective(
  store: WorkspaceStore,
  spaceId: number,
  recommenders: readonly { type: string }[],
  asOfMs: number,
  onProgress?: (p: { phase: string; done: number; total: number }) => void,
): Promise<ModelHeader[]> {
  const out: ModelHeader[] = [];
  for (const rec of recommenders) {
    if (rec.type !== 'objective-based') continue;
    const r = rec as ObjectiveBasedRecommender;
    const phase = `training ${r.apiName}`;
    const t = await trainAndStore(store, spaceId, r, trainingBoundary(asOfMs), {
      onProgress: (p) => onProgress?.({ phase, done: p.step, total: p.steps }),
    });
    if (!t.ok) throw new Error(`${phase}: ${t.error.code}: ${t.error.message}`);
    out.push(t.data.model);
  }
  return out;
}

import { parentPort, workerData } from 'node:worker_threads';
import { evaluateOffline } from '../recommenders/evaluation/evaluate.ts';
import { encodeIvf } from '../recommenders/objective/ivf-index.ts';
import { trainObjectiveModel } from '../recommenders/objective/train-model.ts';
import type { TrainingProgress } from '../recommenders/objective/training-hooks.ts';
import { openModelReader } from '../store/models-reader.ts';
import { loadEvaluationSet, loadTrainingSet } from './training-data.ts';
import type { TrainedModelMessage, WorkerMessage, WorkerTask } from './training-protocol.ts';

/**
 * Runs one training or evaluation task off the main thread: opens the workspace read-only (its own
 * connection), reads the events, computes, posts progress and one final message. Cancellation is a
 * shared flag the main thread sets; the algorithms poll it.
 */
function run(task: WorkerTask, postNow: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): void {
  // The ending message waits until the connection is closed: the main thread may close (and, in
  // init, rename) the workspace as soon as it has the result, and must then be its last connection.
  let ending: { m: WorkerMessage; transfer?: ArrayBuffer[] } | undefined;
  const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => {
    if (m.type === 'progress') postNow(m);
    else ending = { m, ...(transfer ? { transfer } : {}) };
  };
  try {
    compute(task, post);
  } finally {
    if (ending) postNow(ending.m, ending.transfer);
  }
}

function compute(task: WorkerTask, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): void {
  const flag = new Int32Array(task.cancel);
  const isCancelled = () => Atomics.load(flag, 0) !== 0;
  const onProgress = (p: TrainingProgress) => post({ type: 'progress', progress: p });
  let reader: ReturnType<typeof openModelReader>;
  try {
    reader = openModelReader(task.file);
  } catch (e) {
    return post({
      type: 'failed',
      code: 'WorkspaceNotFound',
      message: `${task.file}: cannot open for reading (${(e as Error).message})`,
    });
  }
  const store = reader.reads;
  try {
    if (task.kind === 'train') {
      // 1. Read, 2. train, 3. hand the arrays back (transferred, not copied).
      const t0 = performance.now();
      onProgress({ step: 0, steps: 1, message: 'reading events' });
      const set = loadTrainingSet(store, task.spaceId, task.recommender, task.atMs);
      if (set.matrix.nnz === 0)
        return post({
          type: 'failed',
          code: 'ModelValidation',
          message: `recommender ${task.recommender.apiName}: no interactions in the ${task.recommender.trainingWindowDays} days before ${new Date(task.atMs).toISOString()}; nothing to train on`,
        });
      const t1 = performance.now();
      const r = trainObjectiveModel(set.matrix, set.popularity, set.hyperparameters, task.recommender.seed, {
        onProgress,
        isCancelled,
      });
      if (!r.ok) return post({ type: 'cancelled' });
      const t2 = performance.now();
      const ivf = r.model.ivf ? encodeIvf(r.model.ivf) : null;
      const msg: TrainedModelMessage = {
        type: 'trained',
        itemIds: set.itemIds,
        factors: r.model.factors,
        itemFactors: r.model.itemFactors,
        popularity: set.popularity,
        ivfIndex: ivf,
        users: set.matrix.users,
        interactions: set.interactions,
        hyperparameters: {
          ...set.hyperparameters,
          browseWeight: set.weights.browse,
          cartWeight: set.weights.cart,
          orderWeight: set.weights.order,
        },
        metrics: { ...r.model.metrics, readSeconds: (t1 - t0) / 1000, trainSeconds: (t2 - t1) / 1000 },
      };
      const transfer = [msg.itemFactors.buffer as ArrayBuffer, msg.popularity.buffer as ArrayBuffer];
      if (ivf) transfer.push(ivf.buffer as ArrayBuffer);
      return post(msg, transfer);
    }
    onProgress({ step: 0, steps: 1, message: 'reading events' });
    const set = loadEvaluationSet(store, task.spaceId, task.recommender, task);
    const r = evaluateOffline(set.input, { onProgress, isCancelled, clock: () => performance.now() });
    if (!r) return post({ type: 'cancelled' });
    return post({
      type: 'evaluated',
      result: r,
      items: set.itemIds.length,
      unknownItemTargets: set.unknownItemTargets,
    });
  } finally {
    reader.close();
  }
}

const port = parentPort;
if (port) {
  try {
    run(workerData as WorkerTask, (m, transfer) => port.postMessage(m, transfer ?? []));
  } catch (e) {
    port.postMessage({
      type: 'failed',
      code: 'Internal',
      message: (e as Error).stack ?? String(e),
    } satisfies WorkerMessage);
  }
}

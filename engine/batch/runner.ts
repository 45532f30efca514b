import { existsSync } from 'node:fs';
import { fail, ok, type Fault, type Result } from '../model/errors.ts';
import { isoOf } from '../model/time.ts';
import type { RunOutputSpec, RunRecord, WorkspaceStore } from '../store/index.ts';
import { nextCampaignState } from './campaign-status.ts';
import type { ChunkMessage, ChunkTask, ChunkWorkerInit } from './chunk-worker-types.ts';
import { addCounts, type ChunkCounts } from './decide-chunk.ts';
import { FileOutput, partialOutputPath } from './file-output.ts';
import { publishOutput } from './output-target.ts';
import { runInOrder } from './ordered-scheduler.ts';
import { ensureDataGraphRefresh } from './refresh.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';
import type { PreparedRun } from './run-prepare.ts';
import { runSummary, type RunSummary, type RunWatermarks } from './run-summary.ts';
import { recommendersOf, runWatermarks, estimatedCredits } from './run-watermarks.ts';
import type { ObjectiveBasedRecommender } from '../model/index.ts';
import { trainingBoundary } from '../recommenders/objective/training-cycle.ts';
import { holdHook } from './test-hooks.ts';
import { createChunkPool, type ChunkPool } from './worker-pool.ts';

/** A progress event of a run: what the CLI's progress bar and the UI's job view render. */
export interface RunProgress {
  runId: number;
  phase: 'refreshing data graph' | 'training model' | 'estimating credits' | 'deciding' | 'finishing';
  /** Individuals done (deciding) or materialized (refreshing). */
  done: number;
  total: number | null;
  /** Individuals per second in this attempt. */
  rate: number | null;
  etaSeconds: number | null;
  requests: number;
  decisions: number;
  errors: number;
  credits: number;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Wall clock (ISO timestamps, heartbeats); tests inject one. */
  now?: () => number;
  /** Chunks dispatched and not yet committed, per worker (default 4). */
  inFlightPerWorker?: number;
  /**
   * Trains an objective-based recommender's model at a training-cycle boundary when it is missing
   * (the service's worker-thread training, deterministic and seeded). Without it a run uses the
   * models it finds, and its summary says how old they are.
   */
  trainModel?: ModelTrainer;
}

/** Trains (or keeps) the model of `rec` at the training-cycle boundary `atMs`; progress in steps. */
export type ModelTrainer = (
  rec: ObjectiveBasedRecommender,
  atMs: number,
  opts: { signal: AbortSignal; onProgress: (p: { step: number; steps: number }) => void },
) => Promise<Result<{ trained: boolean }>>;

/** Profile data graphs a run reads: the segment's, then each point's, once each. */
function graphsOf(prepared: PreparedRun, segment: string | null): string[] {
  const { config } = prepared.runtime;
  const graphs: string[] = [];
  const add = (g: string | undefined) => {
    if (g !== undefined && !graphs.includes(g)) graphs.push(g);
  };
  if (segment !== null) add(config.segments.find((s) => s.apiName === segment)?.profileDataGraph);
  for (const p of prepared.campaign.points)
    add(config.personalizationPoints.find((x) => x.apiName === p)?.profileDataGraph);
  return graphs;
}

/** The run's committed counters, as running totals to add chunks to (errorsByCode copied, not shared). */
const countsOf = (run: RunRecord): ChunkCounts => ({
  ...run.counters,
  errorsByCode: { ...run.counters.errorsByCode },
  caps: { ...run.counters.caps },
});

/**
 * Executes a prepared run (a first attempt or a resume) to its end:
 * 1. ensure the data-graph refresh of each graph the run reads at the as-of watermark (a resume
 *    reads the refreshes its first attempt recorded), and the model of each objective-based
 *    recommender at the training cycle of the as-of time (trained on demand, before any worker);
 * 2. record the plan (members, estimated credits, watermarks) and open the output;
 * 3. cut the members (id order, after the last committed chunk) into chunks, decide them on
 *    worker threads, and commit each chunk — decision log, outputs, completion record — in one
 *    transaction, in chunk order (a reorder buffer bounds the chunks in flight);
 * 4. end the attempt: succeeded, cancelled (after the last committed chunk) or failed, and update
 *    the campaign's status.
 * Individual faults are error records; only run-level faults (workspace, config, refresh, a
 * crashed worker) fail the run.
 */
export async function executeRun(
  store: WorkspaceStore,
  prepared: PreparedRun,
  opts: ExecuteOptions = {},
): Promise<Result<RunSummary>> {
  const now = opts.now ?? Date.now;
  const signal = opts.signal ?? new AbortController().signal;
  const started = performance.now();
  const { runId } = prepared;
  const first = store.runs.get(runId)!;
  const priorWallMs = first.wallMs;
  const wallMs = () => priorWallMs + Math.round(performance.now() - started);
  let file: FileOutput | undefined;
  let pool: ChunkPool | undefined;

  const end = (status: 'succeeded' | 'failed' | 'cancelled', fault?: Fault): RunRecord => {
    store.runs.finish(runId, { status, endedAt: isoOf(now()), wallMs: wallMs(), ...(fault ? { fault } : {}) });
    const run = store.runs.get(runId)!;
    store.runs.setCampaignState(
      run.spaceId,
      nextCampaignState(store.runs.campaignState(run.spaceId, run.campaign), run, isoOf(now())),
    );
    return run;
  };
  const failed = (fault: Fault): Result<RunSummary> => {
    end('failed', fault);
    return { ok: false, error: fault };
  };
  const cancelled = (): Result<RunSummary> => {
    const run = end('cancelled');
    return fail(
      'Cancelled',
      `run ${runId} was cancelled after ${run.chunks} committed chunk(s) (${run.counters.individuals} individuals); resume it with \`workbench run --resume ${runId}\``,
    );
  };

  try {
    // 1. The refreshes the run reads.
    const graphs = graphsOf(prepared, first.segment);
    const refreshes: Record<string, RefreshInfo> = {};
    const recorded = (first.watermarks as Partial<RunWatermarks>).refreshes;
    for (const graph of graphs) {
      if (!prepared.fresh && recorded?.[graph]) {
        const r = store.dataGraphs.getRefresh(recorded[graph].id);
        if (!r)
          return failed({
            code: 'NotFound',
            message: `the data-graph refresh run ${runId} read (${graph}, id ${recorded[graph].id}) no longer exists; the run cannot be resumed with the same data`,
          });
        refreshes[graph] = r;
        continue;
      }
      const r = await ensureDataGraphRefresh(store, prepared.runtime, graph, first.asOfMs, {
        signal,
        now,
        onProgress: (p) =>
          opts.onProgress?.({
            runId,
            phase: 'refreshing data graph',
            done: p.done,
            total: p.total,
            rate: null,
            etaSeconds: null,
            requests: 0,
            decisions: 0,
            errors: 0,
            credits: 0,
          }),
      });
      if (!r.ok)
        return r.error.code === 'Cancelled'
          ? cancelled()
          : failed({ ...r.error, message: `data-graph refresh of ${graph}: ${r.error.message}` });
      refreshes[graph] = r.data;
    }
    if (signal.aborted) return cancelled();

    // 1b. The models of the training cycle at the as-of time, trained on demand like the refreshes
    // (a resume finds them; a pinned recommender uses its pinned model).
    if (opts.trainModel && prepared.fresh) {
      const cycle = trainingBoundary(first.asOfMs);
      for (const rec of recommendersOf(prepared.runtime, first.points)) {
        if (rec.type !== 'objective-based' || rec.pinnedModelAt !== undefined) continue;
        const have = store.models.latestAt(prepared.runtime.spaceId, rec.apiName, first.asOfMs);
        if (have && have.trainedAtMs === cycle && have.objective === rec.objective) continue;
        const t = await opts.trainModel(rec, cycle, {
          signal,
          onProgress: (p) =>
            opts.onProgress?.({
              runId,
              phase: 'training model',
              done: p.step,
              total: p.steps,
              rate: null,
              etaSeconds: null,
              requests: 0,
              decisions: 0,
              errors: 0,
              credits: 0,
            }),
        });
        if (!t.ok) {
          if (t.error.code === 'Cancelled') return cancelled();
          // An untrainable model (no interactions yet…) is the ModelValidation fault of each request, not a failed run.
          if (t.error.code !== 'ModelValidation')
            return failed({ ...t.error, message: `training ${rec.apiName} at ${isoOf(cycle)}: ${t.error.message}` });
        }
      }
      if (signal.aborted) return cancelled();
    }

    // 2. The plan, and the output.
    const segment = first.segment;
    const segmentGraph = graphs[0]!;
    const total =
      segment !== null
        ? store.dataGraphs.countSegmentMembers(refreshes[segmentGraph]!.id, segment)
        : store.runs.countIndividuals(runId);
    const output = first.output;
    let outputBase = first.outputBase;
    if (output.kind === 'file') {
      const partial = partialOutputPath(output.path, runId);
      if (prepared.fresh || first.chunks === 0) {
        const created = FileOutput.create(partial, output.format);
        if (!created.ok) return failed(created.error);
        file = created.data.file;
        outputBase = created.data.base;
      } else {
        // A run begun before outputs went through a partial file appends to its path itself.
        const inPlace = !existsSync(partial) && existsSync(output.path);
        const reopened = FileOutput.reopen(inPlace ? output.path : partial, first.outputBytes);
        if (!reopened.ok) return failed(reopened.error);
        file = reopened.data;
      }
    }
    if (prepared.fresh || first.totalIndividuals === null) {
      // The estimator evaluates a time-dependent segment rule at the as-of time itself: off a
      // refresh boundary that reads every document once, so say so.
      opts.onProgress?.({
        runId,
        phase: 'estimating credits',
        done: 0,
        total,
        rate: null,
        etaSeconds: null,
        requests: 0,
        decisions: 0,
        errors: 0,
        credits: 0,
      });
      const estimate =
        segment !== null
          ? await estimatedCredits(store, prepared.runtime, prepared.campaign, first.asOfMs, signal)
          : total * first.points.length;
      store.runs.setPlan(runId, {
        watermarks: { ...runWatermarks(store, prepared.runtime, first.points, refreshes, first.asOfMs) },
        totalIndividuals: total,
        estimatedCredits: estimate,
        outputBase,
      });
    }

    // 3. Chunks: members after the last committed chunk, decided on workers, committed in order.
    const last = store.runs.lastChunk(runId);
    let afterId = last?.lastId;
    let nextIndex = first.chunks;
    const chunkSize = first.chunkSize;
    const nextIds = (): string[] =>
      segment !== null
        ? store.dataGraphs.segmentMemberIds(refreshes[segmentGraph]!.id, segment, {
            ...(afterId !== undefined ? { afterId } : {}),
            limit: chunkSize,
          })
        : store.runs.individualIds(runId, { ...(afterId !== undefined ? { afterId } : {}), limit: chunkSize });
    const init: ChunkWorkerInit = {
      file: store.file,
      dataSpace: prepared.dataSpace,
      configRevision: first.configRevision,
      refreshes: Object.fromEntries(Object.entries(refreshes).map(([g, r]) => [g, r.id])),
      runId,
      points: first.points,
      asOf: first.asOf,
      encoding: output.kind === 'file' ? output.format : 'rows',
    };
    pool = createChunkPool(init, prepared.workers);
    const counts = countsOf(first);
    const doneBefore = counts.individuals;
    const decideStarted = performance.now();
    const hold = holdHook();
    const progress = (phase: RunProgress['phase']) => {
      const secs = (performance.now() - decideStarted) / 1000;
      const doneNow = counts.individuals - doneBefore;
      const rate = secs > 0 ? doneNow / secs : null;
      const left = total - counts.individuals;
      opts.onProgress?.({
        runId,
        phase,
        done: counts.individuals,
        total,
        rate: rate === null ? null : Math.round(rate),
        etaSeconds: rate && rate > 0 ? Math.round(left / rate) : null,
        requests: counts.requests,
        decisions: counts.decisions,
        errors: counts.errors,
        credits: counts.credits,
      });
    };
    progress('deciding');
    const activePool = pool;
    const outcome = await runInOrder<ChunkTask, ChunkMessage>({
      next: () => {
        const ids = nextIds();
        if (ids.length === 0) return undefined;
        afterId = ids[ids.length - 1];
        return { index: nextIndex++, ids };
      },
      run: (task) => activePool.run(task),
      commit: async (result) => {
        if (hold) {
          // The test hold comes after the chunk's lines reach the file, as a crash mid-commit would.
          if (file && result.bytes) file.append(result.bytes);
          await hold(result.index, signal);
          if (signal.aborted) throw new CommitAborted();
          commitChunk(store, runId, output, result, counts, file, wallMs(), now(), true);
        } else {
          commitChunk(store, runId, output, result, counts, file, wallMs(), now(), false);
        }
        progress('deciding');
      },
      maxInFlight: prepared.workers * (opts.inFlightPerWorker ?? 4),
      signal,
    });

    // 4. The end of the attempt.
    progress('finishing');
    const written = file?.path;
    file?.close();
    file = undefined;
    if (outcome.status === 'aborted' || (outcome.status === 'failed' && outcome.error instanceof CommitAborted))
      return cancelled();
    if (outcome.status === 'failed') {
      const e = outcome.error as Error;
      return failed({
        code: 'Internal',
        message: `run ${runId} stopped after chunk ${store.runs.get(runId)!.chunks}: ${e?.message ?? String(e)}`,
      });
    }
    if (output.kind === 'file' && written !== undefined && written !== output.path) {
      const published = publishOutput(store.file, written, output.path, {
        overwrite: prepared.overwrite,
        field: 'out',
        flag: '--overwrite',
      });
      if (!published.ok)
        return failed({
          ...published.error,
          message: `${published.error.message}; every chunk is committed: resume the run (with --overwrite to replace the file) to finish it`,
        });
    }
    const run = end('succeeded');
    return ok(runSummary(run, prepared.dataSpace));
  } catch (e) {
    // A bug (or the workspace failing under us): still leave a consistent, resumable run.
    return failed({ code: 'Internal', message: `run ${runId} failed: ${(e as Error).stack ?? String(e)}` });
  } finally {
    try {
      file?.close();
    } catch {
      // The run's state is in the workspace; a failing close changes nothing committed.
    }
    await pool?.close();
    prepared.release();
  }
}

/** Thrown by a held commit when the run is cancelled meanwhile (test hold only). */
class CommitAborted extends Error {}

/** Writes a chunk's file lines, then commits its rows and completion record in one transaction. */
function commitChunk(
  store: WorkspaceStore,
  runId: number,
  output: RunOutputSpec,
  result: ChunkMessage,
  counts: ChunkCounts,
  file: FileOutput | undefined,
  wallMs: number,
  nowMs: number,
  textWritten: boolean,
): void {
  if (file && result.bytes && !textWritten) file.append(result.bytes);
  addCounts(counts, result.counts);
  store.runs.commitChunk(runId, {
    index: result.index,
    firstId: result.firstId,
    lastId: result.lastId,
    individuals: result.counts.individuals,
    log: result.log,
    output:
      output.kind === 'file'
        ? { kind: 'file', endOffset: file!.bytes }
        : output.kind === 'records'
          ? { kind: 'records', table: output.table, rows: result.rows ?? [] }
          : { kind: 'stream', stream: output.stream, rows: result.rows ?? [] },
    counters: counts,
    wallMs,
    committedMs: nowMs,
  });
}

import { hostname } from 'node:os';
import { fail, ok, type Result } from '../model/errors.ts';
import type { Campaign } from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import type { SpaceRuntime } from '../runtime/space-runtime.ts';
import type { RunRecord, WorkspaceStore } from '../store/index.ts';
import { resolveRunOutput } from './run-output.ts';
import { markActive, runLiveness } from './run-liveness.ts';
import { dataSpaceName, spaceRuntimeAt } from '../runtime/space-runtime-at.ts';
import { defaultWorkers } from './worker-pool.ts';

/** The most chunk workers a run may ask for. */
export const MAX_WORKERS = 64;

/** What starting a run asks for. */
export interface StartRunInput {
  dataSpace: string;
  campaign: string;
  asOfMs: number;
  /** Write a JSONL or CSV file here instead of the campaign's output. */
  out?: string;
  workers?: number;
  /** Decide these individuals instead of the segment's members (unknown ids become error records). */
  individuals?: readonly string[];
  /** Run a Paused campaign anyway. */
  force?: boolean;
  /** Replace an existing output file when the run succeeds. */
  overwrite?: boolean;
}

/** A run ready to execute: its row exists (status running) and it is marked live in this process. */
export interface PreparedRun {
  runId: number;
  dataSpace: string;
  runtime: SpaceRuntime;
  campaign: Campaign;
  workers: number;
  /** True for the first attempt, false for a resume. */
  fresh: boolean;
  /** Why a run left `running` by a dead process may be resumed (for the resume message). */
  recovered?: string;
  /** Whether the output file may replace an existing file at its path. */
  overwrite: boolean;
  /** Releases the in-process liveness mark; the runner calls it when the attempt ends. */
  release: () => void;
}

function checkWorkers(workers: number | undefined): Result<number> {
  if (workers === undefined) return ok(defaultWorkers());
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    return fail('InvalidInput', `--workers must be a whole number from 1 to ${MAX_WORKERS} (got ${workers})`, {
      field: 'workers',
    });
  return ok(workers);
}

function findCampaign(runtime: SpaceRuntime, name: string): Result<Campaign> {
  const campaign = runtime.config.campaigns.find((c) => c.name === name);
  if (campaign) return ok(campaign);
  const known = runtime.config.campaigns.map((c) => `"${c.name}"`).join(', ') || 'none';
  return fail('NotFound', `campaign "${name}" does not exist in data space ${runtime.apiName} (known: ${known})`, {
    field: 'campaign',
  });
}

/** Why a new run must wait: another run of the workspace is live (here, in another process or host). */
function liveRun(file: string, running: readonly RunRecord[], nowMs: number): string | undefined {
  for (const r of running) {
    const live = runLiveness(file, r, nowMs);
    if (live.live)
      return `${live.why} (campaign "${r.campaign}"); one run at a time per workspace: wait for it to end or cancel it`;
  }
  return undefined;
}

/**
 * Checks a new run's request and records the run (status running): the campaign exists and is not
 * Paused (unless forced), the worker count and output are valid. Nothing is recorded on bad input.
 */
export function prepareRun(store: WorkspaceStore, input: StartRunInput, nowMs: number): Result<PreparedRun> {
  // 1. The current configuration, the data space and the campaign.
  const revision = store.getConfig()?.revision;
  if (revision === undefined)
    return fail(
      'ConfigurationMissing',
      'the workspace has no configuration yet; import one with `workbench import <ws> config file.json`',
    );
  const rt = spaceRuntimeAt(store, revision, input.dataSpace);
  if (!rt.ok) return rt;
  const runtime = rt.data;
  const campaign = findCampaign(runtime, input.campaign);
  if (!campaign.ok) return campaign;
  const c = campaign.data;
  if (c.status === 'Paused' && input.force !== true)
    return fail('Conflict', `campaign "${c.name}" is Paused; run it anyway with --force`, { field: 'campaign' });
  // 2. Workers, as-of time, output, explicit individuals.
  const workers = checkWorkers(input.workers);
  if (!workers.ok) return workers;
  if (!Number.isFinite(input.asOfMs)) return fail('InvalidInput', 'the as-of time is not a time', { field: 'asOf' });
  const output = resolveRunOutput(c, store.file, input.asOfMs, input.out, input.overwrite === true);
  if (!output.ok) return output;
  if (input.individuals !== undefined && input.individuals.length === 0)
    return fail('InvalidInput', 'the list of individuals is empty', { field: 'individuals' });
  // 3. The run row (unless another run of this workspace is live: one writer at a time, checked
  // under the write lock), then the explicit list (a run without its list is never executed).
  const created = store.runs.exclusive((running) => {
    const busy = liveRun(store.file, running, nowMs);
    if (busy) return busy;
    return store.runs.create({
      spaceId: runtime.spaceId,
      campaign: c.name,
      asOfMs: input.asOfMs,
      configRevision: revision,
      segment: input.individuals === undefined ? c.segment : null,
      points: c.points,
      chunkSize: c.chunkSize,
      workers: workers.data,
      output: output.data,
      startedAt: isoOf(nowMs),
      pid: process.pid,
      host: hostname(),
      heartbeatMs: nowMs,
    });
  });
  if (typeof created === 'string') return fail('Conflict', created, { field: 'campaign' });
  const runId = created;
  if (input.individuals !== undefined) store.runs.setIndividuals(runId, input.individuals);
  return ok({
    runId,
    dataSpace: runtime.apiName,
    runtime,
    campaign: c,
    workers: workers.data,
    fresh: true,
    overwrite: input.overwrite === true,
    release: markActive(store.file, runId),
  });
}

/**
 * Checks that a run can be resumed and starts its next attempt: with the run's recorded config
 * revision, as-of time, refreshes, campaign and output. A completed run, or one still executing
 * (in this or another process), is refused; a run left `running` by a dead process is accepted.
 */
export function prepareResume(
  store: WorkspaceStore,
  runId: number,
  opts: { workers?: number; nowMs: number; overwrite?: boolean },
): Result<PreparedRun> {
  // 1. The run and whether it may be resumed.
  const run: RunRecord | undefined = store.runs.get(runId);
  if (!run) return fail('NotFound', `run ${runId} does not exist`, { field: 'resume' });
  if (run.status === 'succeeded')
    return fail(
      'Conflict',
      `run ${runId} already completed (${run.counters.individuals} individuals); nothing to resume`,
      { field: 'resume' },
    );
  let recovered: string | undefined;
  if (run.status === 'running') {
    const live = runLiveness(store.file, run, opts.nowMs);
    if (live.live) return fail('Conflict', `${live.why}; cancel it before resuming`, { field: 'resume' });
    recovered = live.why;
  }
  // 2. The run's own configuration revision and campaign.
  const dataSpace = dataSpaceName(store, run.spaceId);
  if (!dataSpace) return fail('DataSpaceNotFound', `the data space of run ${runId} no longer exists`);
  const rt = spaceRuntimeAt(store, run.configRevision, dataSpace);
  if (!rt.ok)
    return fail(
      rt.error.code,
      `run ${runId} cannot be resumed with its configuration (revision ${run.configRevision}): ${rt.error.message}`,
    );
  const campaign = findCampaign(rt.data, run.campaign);
  if (!campaign.ok) return campaign;
  const workers = checkWorkers(opts.workers);
  if (!workers.ok) return workers;
  // 3. The next attempt, unless another run of this workspace is live (checked under the write lock).
  const busy = store.runs.exclusive((running) => {
    const other = liveRun(
      store.file,
      running.filter((r) => r.id !== runId),
      opts.nowMs,
    );
    if (other) return other;
    store.runs.beginAttempt(runId, {
      pid: process.pid,
      host: hostname(),
      heartbeatMs: opts.nowMs,
      workers: workers.data,
    });
    return undefined;
  });
  if (busy) return fail('Conflict', busy, { field: 'resume' });
  return ok({
    runId,
    dataSpace,
    runtime: rt.data,
    campaign: campaign.data,
    workers: workers.data,
    fresh: false,
    overwrite: opts.overwrite === true,
    ...(recovered ? { recovered } : {}),
    release: markActive(store.file, runId),
  });
}

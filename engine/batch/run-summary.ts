import type { Fault } from '../model/errors.ts';
import type { RunOutputSpec, RunRecord, RunStatus } from '../store/index.ts';

/** The data a run read, recorded at its start (RunRecord.watermarks). */
export interface RunWatermarks {
  /** The data-graph refresh each profile data graph's documents came from. */
  refreshes: Record<string, { id: number; refreshedAt: string; refreshedAtMs: number; individuals: number }>;
  /** Each calculated insight's last refresh at or before the data-graph watermark (null: never refreshed). */
  insightsRefreshedAt: Record<string, string | null>;
  /** Objective-based recommender models: when the model the run used was trained (null: untrained). */
  modelsTrainedAt: Record<string, string | null>;
  /** Objective-based recommender models: the model's age at the as-of time and why it is that one (docs/freshness.md). */
  models?: Record<string, ModelWatermark>;
  /** What the run saw that was older than its as-of time, in words. */
  stale: string[];
}

/** The model an objective-based recommender used in a run. */
export interface ModelWatermark {
  trainedAt: string | null;
  /** Hours between the training and the run's as-of time (null: untrained). */
  ageHours: number | null;
  /** The training cycle at the as-of time (midnight UTC at or before it). */
  cycle: string;
  /** Pinned in the config (pinnedModelAt) rather than the cycle's model. */
  pinned: boolean;
}

/** A run's summary: what `workbench run` prints at the end, `workbench runs RUN` and `runs.get` return. */
export interface RunSummary {
  runId: number;
  campaign: string;
  dataSpace: string;
  status: RunStatus;
  /** A `running` run whose process is gone (resumable); absent otherwise. */
  abandoned?: string;
  asOf: string;
  configRevision: number;
  segment: string | null;
  points: string[];
  chunkSize: number;
  workers: number;
  individuals: number;
  totalIndividuals: number | null;
  chunks: number;
  requests: number;
  decisions: number;
  fallbacks: number;
  none: number;
  errors: number;
  errorsByCode: { code: string; count: number }[];
  credits: { estimated: number | null; actual: number; erroredRequests: number };
  watermarks: RunWatermarks;
  /** Individuals each cap applied to (a document at its row cap, a window read beyond the document), most first (docs/caps.md). */
  caps: { cap: string; individuals: number }[];
  output: RunOutputSpec & { rows: number; bytes?: number };
  wallMs: number;
  /** individual × point requests per second of wall time (all attempts). */
  decisionsPerSecond: number;
  attempts: number;
  startedAt: string;
  endedAt: string | null;
  fault?: Fault;
}

const emptyWatermarks = (): RunWatermarks => ({
  refreshes: {},
  insightsRefreshedAt: {},
  modelsTrainedAt: {},
  stale: [],
});

/** Builds the summary of a stored run. */
export function runSummary(run: RunRecord, dataSpace: string, abandoned?: string): RunSummary {
  const n = run.counters;
  const watermarks = { ...emptyWatermarks(), ...(run.watermarks as Partial<RunWatermarks>) };
  return {
    runId: run.id,
    campaign: run.campaign,
    dataSpace,
    status: run.status,
    ...(abandoned ? { abandoned } : {}),
    asOf: run.asOf,
    configRevision: run.configRevision,
    segment: run.segment,
    points: run.points,
    chunkSize: run.chunkSize,
    workers: run.workers,
    individuals: n.individuals,
    totalIndividuals: run.totalIndividuals,
    chunks: run.chunks,
    requests: n.requests,
    decisions: n.decisions,
    fallbacks: n.fallbacks,
    none: n.nones,
    errors: n.errors,
    errorsByCode: Object.entries(n.errorsByCode)
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    credits: { estimated: run.estimatedCredits, actual: n.credits, erroredRequests: n.errors },
    watermarks,
    caps: Object.entries(n.caps ?? {})
      .map(([cap, individuals]) => ({ cap, individuals }))
      .sort((a, b) => b.individuals - a.individuals || (a.cap < b.cap ? -1 : a.cap > b.cap ? 1 : 0)),
    output: { ...run.output, rows: run.outputRows, ...(run.output.kind === 'file' ? { bytes: run.outputBytes } : {}) },
    wallMs: run.wallMs,
    decisionsPerSecond: run.wallMs > 0 ? Math.round((n.requests / run.wallMs) * 1000) : 0,
    attempts: run.attempts,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    ...(run.fault ? { fault: run.fault } : {}),
  };
}

import type { Fault } from '../model/errors.ts';
import type { Outcome } from '../model/trace.ts';
import type { Connection } from './connection.ts';
import * as log from './decision-log.ts';
import {
  LOG_ENTRY_WIDTH,
  type DecisionLogQuery,
  type DecisionLogRow,
  type PackedLog,
  type PointDistribution,
} from './decision-log.ts';
import * as outputs from './outputs.ts';
import { OUTPUT_ENTRY_WIDTH, type OutputRow, type OutputTarget, type PackedOutput } from './outputs.ts';
import { isoFromMs } from './timestamps.ts';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Where a run writes its outputs (the campaign's output, with `--out` applied and paths resolved). */
export type RunOutputSpec =
  | { kind: 'records'; table: string }
  | { kind: 'file'; format: 'jsonl' | 'csv'; path: string }
  | { kind: 'stream'; stream: string };

/** Running counters of a run (what was committed so far). */
export interface RunCounters {
  individuals: number;
  /** individual × point requests, = decision log rows. */
  requests: number;
  decisions: number;
  fallbacks: number;
  nones: number;
  errors: number;
  credits: number;
  errorsByCode: Record<string, number>;
  /** Individuals per cap that applied to them (a document at its row cap, a window read beyond it): docs/caps.md. */
  caps: Record<string, number>;
}

/** A run as stored. `watermarks` is the runner's JSON (refreshes, CI refreshes, models, stale). */
export interface RunRecord {
  id: number;
  spaceId: number;
  campaign: string;
  status: RunStatus;
  asOfMs: number;
  asOf: string;
  configRevision: number;
  segment: string | null;
  points: string[];
  chunkSize: number;
  workers: number;
  output: RunOutputSpec;
  watermarks: Record<string, unknown>;
  totalIndividuals: number | null;
  estimatedCredits: number | null;
  counters: RunCounters;
  chunks: number;
  outputRows: number;
  outputBase: number;
  outputBytes: number;
  wallMs: number;
  attempts: number;
  startedAt: string;
  endedAt: string | null;
  pid: number | null;
  host: string | null;
  heartbeatMs: number | null;
  fault: Fault | null;
}

/** What a new run records before any work. */
export interface NewRun {
  spaceId: number;
  campaign: string;
  asOfMs: number;
  configRevision: number;
  segment: string | null;
  points: string[];
  chunkSize: number;
  workers: number;
  output: RunOutputSpec;
  startedAt: string;
  pid: number;
  host: string;
  heartbeatMs: number;
}

/** One committed chunk (what resume continues from). */
export interface ChunkRecord {
  index: number;
  firstId: string;
  lastId: string;
  individuals: number;
  logEnd: number;
  outputEnd: number;
  committedMs: number;
}

/** The outputs of one chunk: rows for a records table or an event stream, or the file offset after it. */
export type ChunkOutput =
  | { kind: 'records'; table: string; rows: PackedOutput }
  | { kind: 'stream'; stream: string; rows: PackedOutput }
  | { kind: 'file'; endOffset: number };

/** Everything one chunk adds to a run, written in one transaction. */
export interface ChunkCommit {
  index: number;
  firstId: string;
  lastId: string;
  individuals: number;
  /** The chunk's decisions, packed (decision-log.ts). */
  log: PackedLog;
  output: ChunkOutput;
  /** The run's counters after the chunk (cumulative). */
  counters: RunCounters;
  /** Wall time of the run after the chunk (all attempts). */
  wallMs: number;
  committedMs: number;
}

/** A campaign as a batch decision job. */
export interface CampaignState {
  campaign: string;
  status: 'Active' | 'Error';
  statusReason: string;
  lastRunId: number | null;
  lastSuccessfulRunId: number | null;
  updatedAt: string;
}

interface RunRow {
  id: number;
  space_id: number;
  campaign: string;
  status: RunStatus;
  as_of_ms: number;
  config_revision: number;
  segment: string | null;
  points: string;
  chunk_size: number;
  workers: number;
  output: string;
  watermarks: string;
  total_individuals: number | null;
  estimated_credits: number | null;
  individuals: number;
  requests: number;
  decisions: number;
  fallbacks: number;
  nones: number;
  errors: number;
  credits: number;
  errors_by_code: string;
  caps: string;
  chunks: number;
  output_rows: number;
  output_base: number;
  output_bytes: number;
  wall_ms: number;
  attempts: number;
  started_at: string;
  ended_at: string | null;
  pid: number | null;
  host: string | null;
  heartbeat_ms: number | null;
  fault: string | null;
}

const toRun = (r: RunRow): RunRecord => ({
  id: r.id,
  spaceId: r.space_id,
  campaign: r.campaign,
  status: r.status,
  asOfMs: r.as_of_ms,
  asOf: isoFromMs(r.as_of_ms),
  configRevision: r.config_revision,
  segment: r.segment,
  points: JSON.parse(r.points) as string[],
  chunkSize: r.chunk_size,
  workers: r.workers,
  output: JSON.parse(r.output) as RunOutputSpec,
  watermarks: JSON.parse(r.watermarks) as Record<string, unknown>,
  totalIndividuals: r.total_individuals,
  estimatedCredits: r.estimated_credits,
  counters: {
    individuals: r.individuals,
    requests: r.requests,
    decisions: r.decisions,
    fallbacks: r.fallbacks,
    nones: r.nones,
    errors: r.errors,
    credits: r.credits,
    errorsByCode: JSON.parse(r.errors_by_code) as Record<string, number>,
    caps: JSON.parse(r.caps) as Record<string, number>,
  },
  chunks: r.chunks,
  outputRows: r.output_rows,
  outputBase: r.output_base,
  outputBytes: r.output_bytes,
  wallMs: r.wall_ms,
  attempts: r.attempts,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  pid: r.pid,
  host: r.host,
  heartbeatMs: r.heartbeat_ms,
  fault: r.fault === null ? null : (JSON.parse(r.fault) as Fault),
});

/** Pages of explicit individual lists read per query. */
const ID_PAGE_MAX = 10_000;

/**
 * Runs, their committed chunks, the decision log, the outputs and the campaigns' job status.
 * Writes go through `guard` (the store refuses writes while an import holds the connection).
 */
export class RunsRepository {
  constructor(
    private readonly c: Connection,
    private readonly guard: (what: string) => void,
  ) {}

  /**
   * Runs `fn` in an IMMEDIATE transaction (the workspace's write lock taken first), so that a check
   * of the running runs and the write that follows it cannot interleave with another process's.
   */
  exclusive<T>(fn: (running: RunRecord[]) => T): T {
    this.guard('runs.exclusive');
    return this.c.db
      .transaction(() => {
        const rows = this.c.stmt("SELECT * FROM runs WHERE status = 'running' ORDER BY id").all() as RunRow[];
        return fn(rows.map(toRun));
      })
      .immediate();
  }

  /** Records a new run (status running); returns its id. */
  create(r: NewRun): number {
    this.guard('runs.create');
    return this.c
      .stmt(
        `INSERT INTO runs (space_id, campaign, status, as_of_ms, config_revision, segment, points, chunk_size, workers, output, started_at, pid, host, heartbeat_ms)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .pluck()
      .get(
        r.spaceId,
        r.campaign,
        r.asOfMs,
        r.configRevision,
        r.segment,
        JSON.stringify(r.points),
        r.chunkSize,
        r.workers,
        JSON.stringify(r.output),
        r.startedAt,
        r.pid,
        r.host,
        r.heartbeatMs,
      ) as number;
  }

  get(id: number): RunRecord | undefined {
    const row = this.c.stmt('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && toRun(row);
  }

  /** Runs newest first, optionally of one data space, campaign or status. */
  list(q: { spaceId?: number; campaign?: string; status?: RunStatus; offset: number; limit: number }): {
    total: number;
    rows: RunRecord[];
  } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.spaceId !== undefined) {
      where.push('space_id = @space');
      params['space'] = q.spaceId;
    }
    if (q.campaign !== undefined) {
      where.push('campaign = @campaign');
      params['campaign'] = q.campaign;
    }
    if (q.status !== undefined) {
      where.push('status = @status');
      params['status'] = q.status;
    }
    const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.c.stmt(`SELECT count(*) FROM runs ${cond}`).pluck().get(params) as number;
    const rows = this.c
      .stmt(`SELECT * FROM runs ${cond} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: q.limit, offset: q.offset }) as RunRow[];
    return { total, rows: rows.map(toRun) };
  }

  /** Records what the run reads (refreshes, watermarks) and what it expects, once known. */
  setPlan(
    id: number,
    plan: {
      watermarks: Record<string, unknown>;
      totalIndividuals: number;
      estimatedCredits: number | null;
      outputBase: number;
    },
  ): void {
    this.guard('runs.setPlan');
    this.c
      .stmt(
        'UPDATE runs SET watermarks = ?, total_individuals = ?, estimated_credits = ?, output_base = ?, output_bytes = max(output_bytes, ?) WHERE id = ?',
      )
      .run(
        JSON.stringify(plan.watermarks),
        plan.totalIndividuals,
        plan.estimatedCredits,
        plan.outputBase,
        plan.outputBase,
        id,
      );
  }

  /** Starts another attempt of a run (resume): running again, in this process. */
  beginAttempt(id: number, a: { pid: number; host: string; heartbeatMs: number; workers: number }): void {
    this.guard('runs.beginAttempt');
    this.c
      .stmt(
        "UPDATE runs SET status = 'running', attempts = attempts + 1, ended_at = NULL, fault = NULL, pid = ?, host = ?, heartbeat_ms = ?, workers = ? WHERE id = ?",
      )
      .run(a.pid, a.host, a.heartbeatMs, a.workers, id);
  }

  /** Marks a running run as alive. */
  heartbeat(id: number, ms: number): void {
    this.guard('runs.heartbeat');
    this.c.stmt('UPDATE runs SET heartbeat_ms = ? WHERE id = ?').run(ms, id);
  }

  /** Ends an attempt: succeeded, failed (with its fault) or cancelled. */
  finish(
    id: number,
    f: { status: Exclude<RunStatus, 'running'>; endedAt: string; wallMs: number; fault?: Fault },
  ): void {
    this.guard('runs.finish');
    this.c
      .stmt('UPDATE runs SET status = ?, ended_at = ?, wall_ms = ?, fault = ?, heartbeat_ms = NULL WHERE id = ?')
      .run(f.status, f.endedAt, f.wallMs, f.fault ? JSON.stringify(f.fault) : null, id);
  }

  /**
   * Commits one chunk in one transaction: its decision log rows, its output rows (or the file
   * offset after its lines, which the caller has already written), its completion record and the
   * run's counters. Chunks must come in order; a chunk committed twice is a bug (throws).
   */
  commitChunk(runId: number, k: ChunkCommit): void {
    this.guard('runs.commitChunk');
    this.c.db.transaction(() => {
      const run = this.c.stmt('SELECT chunks, requests, output_rows FROM runs WHERE id = ?').get(runId) as
        { chunks: number; requests: number; output_rows: number } | undefined;
      if (!run) throw new Error(`commitChunk: no run ${runId}`);
      if (run.chunks !== k.index)
        throw new Error(`commitChunk: run ${runId} expects chunk ${run.chunks}, got ${k.index}`);
      const asOfMs = this.c.stmt('SELECT as_of_ms FROM runs WHERE id = ?').pluck().get(runId) as number;
      const logEnd = log.appendDecisions(this.c, runId, run.requests, asOfMs, k.log);
      let outputRows = run.output_rows;
      let outputEnd: number;
      if (k.output.kind === 'records') {
        outputs.appendRecords(this.c, k.output.table, runId, run.requests, k.output.rows);
        outputRows += k.output.rows.length / OUTPUT_ENTRY_WIDTH;
        outputEnd = outputRows;
      } else if (k.output.kind === 'stream') {
        outputs.appendEvents(this.c, k.output.stream, runId, asOfMs, k.output.rows);
        outputRows += k.output.rows.length / OUTPUT_ENTRY_WIDTH;
        outputEnd = outputRows;
      } else {
        outputRows += k.log.length / LOG_ENTRY_WIDTH;
        outputEnd = k.output.endOffset;
      }
      this.c
        .stmt(
          'INSERT INTO run_chunks (run_id, chunk_index, first_id, last_id, individuals, log_end, output_end, committed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(runId, k.index, k.firstId, k.lastId, k.individuals, logEnd, outputEnd, k.committedMs);
      const n = k.counters;
      this.c
        .stmt(
          `UPDATE runs SET chunks = chunks + 1, individuals = ?, requests = ?, decisions = ?, fallbacks = ?, nones = ?, errors = ?, credits = ?,
             errors_by_code = ?, caps = ?, output_rows = ?, output_bytes = ?, wall_ms = ?, heartbeat_ms = ? WHERE id = ?`,
        )
        .run(
          n.individuals,
          logEnd,
          n.decisions,
          n.fallbacks,
          n.nones,
          n.errors,
          n.credits,
          JSON.stringify(n.errorsByCode),
          JSON.stringify(n.caps),
          outputRows,
          k.output.kind === 'file' ? k.output.endOffset : 0,
          k.wallMs,
          k.committedMs,
          runId,
        );
    })();
  }

  /**
   * Deletes a run that is not running: its decision log, outputs in the workspace (records, stream
   * rows), chunk records and individual list, in one transaction. Campaign states that point at
   * it forget it. Returns the decision log rows deleted.
   */
  delete(runId: number): number {
    this.guard('runs.delete');
    return this.c.db.transaction(() => {
      const status = this.c.stmt('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as RunStatus | undefined;
      if (status === undefined) return 0;
      if (status === 'running') throw new Error(`runs.delete: run ${runId} is running`);
      const n = this.c.stmt('DELETE FROM decision_log WHERE run_id = ?').run(runId).changes;
      this.c.stmt('DELETE FROM output_records WHERE run_id = ?').run(runId);
      this.c.stmt('DELETE FROM output_events WHERE run_id = ?').run(runId);
      this.c.stmt('DELETE FROM run_chunks WHERE run_id = ?').run(runId);
      this.c.stmt('DELETE FROM run_individuals WHERE run_id = ?').run(runId);
      this.c.stmt('DELETE FROM runs WHERE id = ?').run(runId);
      this.c.stmt('UPDATE campaign_state SET last_run_id = NULL WHERE last_run_id = ?').run(runId);
      this.c
        .stmt('UPDATE campaign_state SET last_successful_run_id = NULL WHERE last_successful_run_id = ?')
        .run(runId);
      return n;
    })();
  }

  /** The last committed chunk of a run, if any. */
  lastChunk(runId: number): ChunkRecord | undefined {
    return this.c
      .stmt(
        'SELECT chunk_index AS "index", first_id AS firstId, last_id AS lastId, individuals, log_end AS logEnd, output_end AS outputEnd, committed_ms AS committedMs FROM run_chunks WHERE run_id = ? ORDER BY chunk_index DESC LIMIT 1',
      )
      .get(runId) as ChunkRecord | undefined;
  }

  /** Stores the explicit, sorted and de-duplicated individual list of a run. */
  setIndividuals(runId: number, ids: Iterable<string>): number {
    this.guard('runs.setIndividuals');
    return this.c.db.transaction(() => {
      const insert = this.c.stmt('INSERT OR IGNORE INTO run_individuals (run_id, individual_id) VALUES (?, ?)');
      let n = 0;
      for (const id of ids) n += insert.run(runId, id).changes;
      return n;
    })();
  }

  /** A run's explicit individual ids in id order after `afterId` (the segment members' counterpart). */
  individualIds(runId: number, q: { afterId?: string; limit: number }): string[] {
    const limit = Math.min(Math.max(1, q.limit), ID_PAGE_MAX);
    return (
      q.afterId === undefined
        ? this.c
            .stmt('SELECT individual_id FROM run_individuals WHERE run_id = ? ORDER BY individual_id LIMIT ?')
            .pluck()
            .all(runId, limit)
        : this.c
            .stmt(
              'SELECT individual_id FROM run_individuals WHERE run_id = ? AND individual_id > ? ORDER BY individual_id LIMIT ?',
            )
            .pluck()
            .all(runId, q.afterId, limit)
    ) as string[];
  }

  countIndividuals(runId: number): number {
    return this.c.stmt('SELECT count(*) FROM run_individuals WHERE run_id = ?').pluck().get(runId) as number;
  }

  /** A filtered page of a run's decision log. */
  decisions(runId: number, q: DecisionLogQuery): { total: number; rows: DecisionLogRow[] } {
    return log.queryDecisions(this.c, runId, q);
  }

  /** One individual's logged decisions in a run. */
  decisionsOf(runId: number, individualId: string): DecisionLogRow[] {
    return log.decisionsOf(this.c, runId, individualId);
  }

  iterateDecisions(runId: number): IterableIterator<DecisionLogRow> {
    return log.iterateDecisions(this.c, runId);
  }

  countDecisions(runId: number): number {
    return log.countDecisions(this.c, runId);
  }

  distribution(runId: number): PointDistribution[] {
    return log.distribution(this.c, runId);
  }

  /** Counts of a run's log by outcome (from the covering index). */
  outcomes(runId: number): Record<Outcome, number> {
    const out: Record<Outcome, number> = { decision: 0, fallback: 0, none: 0, error: 0 };
    for (const [o, n] of this.c
      .stmt('SELECT outcome, count(*) FROM decision_log WHERE run_id = ? GROUP BY outcome')
      .raw(true)
      .all(runId) as [Outcome, number][])
      out[o] = n;
    return out;
  }

  listOutputs(): OutputTarget[] {
    return outputs.listOutputs(this.c);
  }

  records(table: string, q: { runId?: number; offset: number; limit: number }): { total: number; rows: OutputRow[] } {
    return outputs.queryRecords(this.c, table, q);
  }

  events(
    stream: string,
    q: { runId?: number; afterSeq?: number; offset: number; limit: number },
  ): { total: number; rows: OutputRow[] } {
    return outputs.queryEvents(this.c, stream, q);
  }

  iterateOutput(kind: 'records' | 'stream', name: string, runId: number): IterableIterator<OutputRow> {
    return outputs.iterateRunOutput(this.c, kind, name, runId);
  }

  campaignState(spaceId: number, campaign: string): CampaignState | undefined {
    return this.c
      .stmt(
        'SELECT campaign, status, status_reason AS statusReason, last_run_id AS lastRunId, last_successful_run_id AS lastSuccessfulRunId, updated_at AS updatedAt FROM campaign_state WHERE space_id = ? AND campaign = ?',
      )
      .get(spaceId, campaign) as CampaignState | undefined;
  }

  /** Records a campaign's job status after a run. */
  setCampaignState(spaceId: number, s: CampaignState): void {
    this.guard('runs.setCampaignState');
    this.c
      .stmt(
        `INSERT INTO campaign_state (space_id, campaign, status, status_reason, last_run_id, last_successful_run_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (space_id, campaign) DO UPDATE SET status = excluded.status, status_reason = excluded.status_reason, last_run_id = excluded.last_run_id,
           last_successful_run_id = excluded.last_successful_run_id, updated_at = excluded.updated_at`,
      )
      .run(spaceId, s.campaign, s.status, s.statusReason, s.lastRunId, s.lastSuccessfulRunId, s.updatedAt);
  }
}

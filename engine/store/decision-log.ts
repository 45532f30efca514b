import type { Outcome } from '../model/trace.ts';
import type { Connection } from './connection.ts';
import { isoFromMs } from './timestamps.ts';

/**
 * One decision of a run as the worker produces it (individual × point); the runner adds the run,
 * the sequence number and the simulated timestamp when it commits the chunk.
 */
export interface LogEntry {
  individualId: string;
  point: string;
  decision: string | null;
  outcome: Outcome;
  reason: string;
  experiment: string | null;
  variant: string | null;
  inPool: boolean | null;
  control: boolean | null;
  itemIds: string[];
  credits: number;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string;
  personalizationId: string | null;
}

/** A decision log row as read back. */
export interface DecisionLogRow extends LogEntry {
  runId: number;
  seq: number;
  /** The simulated time of the decision: the run's as-of time (ISO). */
  decidedAt: string;
}

/** Filters of a decision log page (all optional, combined with AND). */
export interface DecisionLogQuery {
  point?: string;
  outcome?: Outcome;
  decision?: string;
  errorCode?: string;
  /** Substring of the individual id. */
  individual?: string;
  offset: number;
  limit: number;
}

/** Per point: how many requests ended in each decision and outcome, and errors by code. */
export interface PointDistribution {
  point: string;
  requests: number;
  credits: number;
  outcomes: Record<Outcome, number>;
  decisions: { decision: string; outcome: Outcome; count: number }[];
  errorsByCode: Record<string, number>;
}

const COLUMNS =
  'run_id, seq, individual_id, point, decision, outcome, reason, experiment, variant, in_pool, control, item_ids, credits, error_code, error_message, decided_at_ms, request_id, personalization_id';

/**
 * Log entries packed flat, LOG_ENTRY_WIDTH values per entry in LogEntry's field order (booleans as
 * 0/1, item ids as JSON text or null): how a chunk's decisions cross from a worker thread — a flat
 * array of primitives clones several times faster than objects — and how they are inserted.
 */
export type PackedLog = (string | number | null)[];
export const LOG_ENTRY_WIDTH = 15;

const bit = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

/** Appends one entry to a packed log. */
export function packLogEntry(into: PackedLog, e: LogEntry): void {
  into.push(
    e.individualId,
    e.point,
    e.decision,
    e.outcome,
    e.reason,
    e.experiment,
    e.variant,
    bit(e.inPool),
    bit(e.control),
    e.itemIds.length > 0 ? JSON.stringify(e.itemIds) : null,
    e.credits,
    e.errorCode,
    e.errorMessage,
    e.requestId,
    e.personalizationId,
  );
}

/** The entries of a packed log, as objects. */
export function unpackLog(packed: PackedLog): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < packed.length; i += LOG_ENTRY_WIDTH) {
    const v = packed;
    out.push({
      individualId: v[i] as string,
      point: v[i + 1] as string,
      decision: v[i + 2] as string | null,
      outcome: v[i + 3] as Outcome,
      reason: v[i + 4] as string,
      experiment: v[i + 5] as string | null,
      variant: v[i + 6] as string | null,
      inPool: v[i + 7] === null ? null : v[i + 7] === 1,
      control: v[i + 8] === null ? null : v[i + 8] === 1,
      itemIds: v[i + 9] === null ? [] : (JSON.parse(v[i + 9] as string) as string[]),
      credits: v[i + 10] as number,
      errorCode: v[i + 11] as string | null,
      errorMessage: v[i + 12] as string | null,
      requestId: v[i + 13] as string,
      personalizationId: v[i + 14] as string | null,
    });
  }
  return out;
}

/** Appends a chunk's packed decisions from `seq` on; returns the next sequence number. Call inside a transaction. */
export function appendDecisions(c: Connection, runId: number, seq: number, decidedAtMs: number, v: PackedLog): number {
  const insert = c.stmt(
    `INSERT INTO decision_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let i = 0; i < v.length; i += LOG_ENTRY_WIDTH) {
    insert.run(
      runId,
      seq++,
      v[i],
      v[i + 1],
      v[i + 2],
      v[i + 3],
      v[i + 4],
      v[i + 5],
      v[i + 6],
      v[i + 7],
      v[i + 8],
      v[i + 9],
      v[i + 10],
      v[i + 11],
      v[i + 12],
      decidedAtMs,
      v[i + 13],
      v[i + 14],
    );
  }
  return seq;
}

type RawRow = [
  number,
  number,
  string,
  string,
  string | null,
  Outcome,
  string,
  string | null,
  string | null,
  number | null,
  number | null,
  string | null,
  number,
  string | null,
  string | null,
  number,
  string,
  string | null,
];

const toRow = (r: RawRow): DecisionLogRow => ({
  runId: r[0],
  seq: r[1],
  individualId: r[2],
  point: r[3],
  decision: r[4],
  outcome: r[5],
  reason: r[6],
  experiment: r[7],
  variant: r[8],
  inPool: r[9] === null ? null : r[9] === 1,
  control: r[10] === null ? null : r[10] === 1,
  itemIds: r[11] === null ? [] : (JSON.parse(r[11]) as string[]),
  credits: r[12],
  errorCode: r[13],
  errorMessage: r[14],
  decidedAt: isoFromMs(r[15]),
  requestId: r[16],
  personalizationId: r[17],
});

/** Escapes LIKE wildcards so that a search text matches literally. */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** A filtered page of a run's decision log, in log order, with the filtered total. */
export function queryDecisions(
  c: Connection,
  runId: number,
  q: DecisionLogQuery,
): { total: number; rows: DecisionLogRow[] } {
  const where = ['run_id = @run'];
  const params: Record<string, unknown> = { run: runId };
  if (q.point !== undefined) {
    where.push('point = @point');
    params['point'] = q.point;
  }
  if (q.outcome !== undefined) {
    where.push('outcome = @outcome');
    params['outcome'] = q.outcome;
  }
  if (q.decision !== undefined) {
    where.push('decision = @decision');
    params['decision'] = q.decision;
  }
  if (q.errorCode !== undefined) {
    where.push('error_code = @code');
    params['code'] = q.errorCode;
  }
  if (q.individual !== undefined && q.individual !== '') {
    where.push("individual_id LIKE @individual ESCAPE '\\'");
    params['individual'] = likePattern(q.individual);
  }
  const cond = where.join(' AND ');
  const total = c.stmt(`SELECT count(*) FROM decision_log WHERE ${cond}`).pluck().get(params) as number;
  const rows = c
    .stmt(`SELECT ${COLUMNS} FROM decision_log WHERE ${cond} ORDER BY seq LIMIT @limit OFFSET @offset`)
    .raw(true)
    .all({ ...params, limit: q.limit, offset: q.offset }) as RawRow[];
  return { total, rows: rows.map(toRow) };
}

/** Every logged decision of one individual in a run, in log order (points in the campaign's order). */
export function decisionsOf(c: Connection, runId: number, individualId: string): DecisionLogRow[] {
  const rows = c
    .stmt(`SELECT ${COLUMNS} FROM decision_log WHERE run_id = ? AND individual_id = ? ORDER BY seq`)
    .raw(true)
    .all(runId, individualId) as RawRow[];
  return rows.map(toRow);
}

/** Streams a run's decision log in log order, in pages (the connection stays usable between pages). */
export function* iterateDecisions(c: Connection, runId: number, pageSize = 5000): IterableIterator<DecisionLogRow> {
  const page = c
    .stmt(`SELECT ${COLUMNS} FROM decision_log WHERE run_id = ? AND seq >= ? ORDER BY seq LIMIT ?`)
    .raw(true);
  let from = 0;
  for (;;) {
    const rows = page.all(runId, from, pageSize) as RawRow[];
    for (const r of rows) yield toRow(r);
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]![1] + 1;
  }
}

/** How many decision log rows a run has. */
export function countDecisions(c: Connection, runId: number): number {
  return c.stmt('SELECT count(*) FROM decision_log WHERE run_id = ?').pluck().get(runId) as number;
}

/** The distribution of a run: per point × decision × outcome counts (index-only), credits, errors by code. */
export function distribution(c: Connection, runId: number): PointDistribution[] {
  const counts = c
    .stmt(
      'SELECT point, decision, outcome, count(*) FROM decision_log WHERE run_id = ? GROUP BY point, decision, outcome ORDER BY point, decision, outcome',
    )
    .raw(true)
    .all(runId) as [string, string | null, Outcome, number][];
  const errors = c
    .stmt(
      "SELECT point, error_code, count(*) FROM decision_log WHERE run_id = ? AND outcome = 'error' GROUP BY point, error_code ORDER BY point, error_code",
    )
    .raw(true)
    .all(runId) as [string, string | null, number][];
  const byPoint = new Map<string, PointDistribution>();
  const entry = (point: string): PointDistribution => {
    let d = byPoint.get(point);
    if (!d) {
      d = {
        point,
        requests: 0,
        credits: 0,
        outcomes: { decision: 0, fallback: 0, none: 0, error: 0 },
        decisions: [],
        errorsByCode: {},
      };
      byPoint.set(point, d);
    }
    return d;
  };
  for (const [point, decision, outcome, n] of counts) {
    const d = entry(point);
    d.requests += n;
    d.outcomes[outcome] += n;
    // One credit per personalization returned: every decision/fallback row carries exactly one.
    if (outcome === 'decision' || outcome === 'fallback') d.credits += n;
    if (decision !== null) d.decisions.push({ decision, outcome, count: n });
  }
  for (const [point, code, n] of errors) entry(point).errorsByCode[code ?? 'Internal'] = n;
  return [...byPoint.values()];
}

import type { Connection } from './connection.ts';

/** What one output row says about one individual × point. */
export type OutputStatus = 'ok' | 'none' | 'error';

/** One output row as the worker produces it (the activation data of one individual × point). */
export interface OutputEntry {
  individualId: string;
  point: string;
  personalizationId: string | null;
  contentId: string | null;
  /** JSON text of the personalization's data; null when there is none. */
  payload: string | null;
  status: OutputStatus;
  errorCode: string | null;
  errorMessage: string | null;
}

/** An output row as read back from a records table or an event stream. */
export interface OutputRow extends Omit<OutputEntry, 'payload'> {
  runId: number;
  /** Records: the row's decision log sequence number. Streams: the stream's sequence number. */
  seq: number;
  payload: unknown;
}

/** A records table or event stream with its row count. */
export interface OutputTarget {
  kind: 'records' | 'stream';
  name: string;
  rows: number;
  runs: number;
  lastRunId: number;
}

/**
 * Output rows packed flat, OUTPUT_ENTRY_WIDTH values per row in OutputEntry's field order: how a
 * chunk's rows cross from a worker thread and how they are inserted.
 */
export type PackedOutput = (string | null)[];
export const OUTPUT_ENTRY_WIDTH = 8;

/** Appends one row to packed output. */
export function packOutputEntry(into: PackedOutput, e: OutputEntry): void {
  into.push(
    e.individualId,
    e.point,
    e.personalizationId,
    e.contentId,
    e.payload,
    e.status,
    e.errorCode,
    e.errorMessage,
  );
}

/** The rows of packed output, as objects. */
export function unpackOutput(v: PackedOutput): OutputEntry[] {
  const out: OutputEntry[] = [];
  for (let i = 0; i < v.length; i += OUTPUT_ENTRY_WIDTH) {
    out.push({
      individualId: v[i]!,
      point: v[i + 1]!,
      personalizationId: v[i + 2] ?? null,
      contentId: v[i + 3] ?? null,
      payload: v[i + 4] ?? null,
      status: v[i + 5] as OutputStatus,
      errorCode: v[i + 6] ?? null,
      errorMessage: v[i + 7] ?? null,
    });
  }
  return out;
}

/** Appends a chunk's packed rows to a records table from `seq` on. Call inside a transaction. */
export function appendRecords(c: Connection, table: string, runId: number, seq: number, v: PackedOutput): void {
  const insert = c.stmt(
    `INSERT INTO output_records (table_name, run_id, seq, individual_id, point, personalization_id, content_id, payload, status, error_code, error_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let i = 0; i < v.length; i += OUTPUT_ENTRY_WIDTH)
    insert.run(table, runId, seq++, v[i], v[i + 1], v[i + 2], v[i + 3], v[i + 4], v[i + 5], v[i + 6], v[i + 7]);
}

/**
 * Appends a chunk's packed rows to an event stream's outbox, numbering them after the stream's last
 * sequence number (so the numbers stay gapless across runs). Call inside a transaction.
 */
export function appendEvents(
  c: Connection,
  stream: string,
  runId: number,
  createdAtMs: number,
  v: PackedOutput,
): number {
  let seq = c
    .stmt('SELECT coalesce(max(stream_seq), 0) FROM output_events WHERE stream = ?')
    .pluck()
    .get(stream) as number;
  const insert = c.stmt(
    `INSERT INTO output_events (stream, stream_seq, run_id, individual_id, point, personalization_id, content_id, payload, status, error_code, error_message, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let i = 0; i < v.length; i += OUTPUT_ENTRY_WIDTH)
    insert.run(
      stream,
      ++seq,
      runId,
      v[i],
      v[i + 1],
      v[i + 2],
      v[i + 3],
      v[i + 4],
      v[i + 5],
      v[i + 6],
      v[i + 7],
      createdAtMs,
    );
  return seq;
}

type RawOutput = [
  number,
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  OutputStatus,
  string | null,
  string | null,
];
const toOutput = (r: RawOutput): OutputRow => ({
  runId: r[0],
  seq: r[1],
  individualId: r[2],
  point: r[3],
  personalizationId: r[4],
  contentId: r[5],
  payload: r[6] === null ? null : (JSON.parse(r[6]) as unknown),
  status: r[7],
  errorCode: r[8],
  errorMessage: r[9],
});
const OUT_COLUMNS = 'individual_id, point, personalization_id, content_id, payload, status, error_code, error_message';

/** Records tables and event streams with their row counts. */
export function listOutputs(c: Connection): OutputTarget[] {
  const records = c
    .stmt(
      'SELECT table_name AS name, count(*) AS rows, count(DISTINCT run_id) AS runs, max(run_id) AS lastRunId FROM output_records GROUP BY table_name ORDER BY table_name',
    )
    .all() as Omit<OutputTarget, 'kind'>[];
  const streams = c
    .stmt(
      'SELECT stream AS name, count(*) AS rows, count(DISTINCT run_id) AS runs, max(run_id) AS lastRunId FROM output_events GROUP BY stream ORDER BY stream',
    )
    .all() as Omit<OutputTarget, 'kind'>[];
  return [
    ...records.map((r) => ({ kind: 'records' as const, ...r })),
    ...streams.map((r) => ({ kind: 'stream' as const, ...r })),
  ];
}

/** A page of a records table (optionally one run's rows), in run then log order. */
export function queryRecords(
  c: Connection,
  table: string,
  q: { runId?: number; offset: number; limit: number },
): { total: number; rows: OutputRow[] } {
  const byRun = q.runId !== undefined;
  const where = byRun ? 'table_name = ? AND run_id = ?' : 'table_name = ?';
  const args: unknown[] = byRun ? [table, q.runId] : [table];
  const total = c
    .stmt(`SELECT count(*) FROM output_records WHERE ${where}`)
    .pluck()
    .get(...args) as number;
  const rows = c
    .stmt(`SELECT run_id, seq, ${OUT_COLUMNS} FROM output_records WHERE ${where} ORDER BY run_id, seq LIMIT ? OFFSET ?`)
    .raw(true)
    .all(...args, q.limit, q.offset) as RawOutput[];
  return { total, rows: rows.map(toOutput) };
}

/** A page of an event stream (optionally one run's events), in stream order. */
export function queryEvents(
  c: Connection,
  stream: string,
  q: { runId?: number; afterSeq?: number; offset: number; limit: number },
): { total: number; rows: OutputRow[] } {
  const where = ['stream = ?'];
  const args: unknown[] = [stream];
  if (q.runId !== undefined) {
    where.push('run_id = ?');
    args.push(q.runId);
  }
  if (q.afterSeq !== undefined) {
    where.push('stream_seq > ?');
    args.push(q.afterSeq);
  }
  const cond = where.join(' AND ');
  const total = c
    .stmt(`SELECT count(*) FROM output_events WHERE ${cond}`)
    .pluck()
    .get(...args) as number;
  const rows = c
    .stmt(
      `SELECT run_id, stream_seq, ${OUT_COLUMNS} FROM output_events WHERE ${cond} ORDER BY stream_seq LIMIT ? OFFSET ?`,
    )
    .raw(true)
    .all(...args, q.limit, q.offset) as RawOutput[];
  return { total, rows: rows.map(toOutput) };
}

/** Streams one run's rows of a records table or event stream, in order, in pages. */
export function* iterateRunOutput(
  c: Connection,
  kind: 'records' | 'stream',
  name: string,
  runId: number,
  pageSize = 5000,
): IterableIterator<OutputRow> {
  const sql =
    kind === 'records'
      ? `SELECT run_id, seq, ${OUT_COLUMNS} FROM output_records WHERE table_name = ? AND run_id = ? AND seq >= ? ORDER BY seq LIMIT ?`
      : `SELECT run_id, stream_seq, ${OUT_COLUMNS} FROM output_events WHERE stream = ? AND run_id = ? AND stream_seq >= ? ORDER BY stream_seq LIMIT ?`;
  const page = c.stmt(sql).raw(true);
  let from = 0;
  for (;;) {
    const rows = page.all(name, runId, from, pageSize) as RawOutput[];
    for (const r of rows) yield toOutput(r);
    if (rows.length < pageSize) return;
    from = rows[rows.length - 1]![1] + 1;
  }
}

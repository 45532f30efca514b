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

/** One value of a packed log entry (and of its decision_log column). */
type PackedValue = string | number | null;

/** How one LogEntry field is stored: its decision_log column, and its packed form both ways. */
interface LogField<K extends keyof LogEntry> {
  field: K;
  column: string;
  pack(v: LogEntry[K]): PackedValue;
  unpack(p: PackedValue): LogEntry[K];
}

/** Fields stored as they are (text, numbers, null). */
type PlainField = { [K in keyof LogEntry]: LogEntry[K] extends PackedValue ? K : never }[keyof LogEntry];

const plain = <K extends PlainField>(field: K, column: string): LogField<K> => ({
  field,
  column,
  pack: (v) => v as PackedValue,
  unpack: (p) => p as LogEntry[K],
});
const bit = <K extends 'inPool' | 'control'>(field: K, column: string): LogField<K> => ({
  field,
  column,
  pack: (v) => (v === null ? null : v ? 1 : 0),
  unpack: (p) => (p === null ? null : p === 1),
});

/**
 * The field order of a packed log entry, declared once: the worker packs in it, the runner inserts
 * the decision_log columns in it, and reading unpacks in it (booleans as 0/1, item ids as JSON text
 * or null — which is also how the columns hold them). Adding a field is one line here (and its column
 * in a migration).
 */
const LOG_FIELDS = [
  plain('individualId', 'individual_id'),
  plain('point', 'point'),
  plain('decision', 'decision'),
  plain('outcome', 'outcome'),
  plain('reason', 'reason'),
  plain('experiment', 'experiment'),
  plain('variant', 'variant'),
  bit('inPool', 'in_pool'),
  bit('control', 'control'),
  {
    field: 'itemIds',
    column: 'item_ids',
    pack: (v) => (v.length > 0 ? JSON.stringify(v) : null),
    unpack: (p) => (p === null ? [] : (JSON.parse(p as string) as string[])),
  } satisfies LogField<'itemIds'>,
  plain('credits', 'credits'),
  plain('errorCode', 'error_code'),
  plain('errorMessage', 'error_message'),
  plain('requestId', 'request_id'),
  plain('personalizationId', 'personalization_id'),
] as const;

// Every LogEntry field is declared exactly once (a compile error names the missing one).
type Declared = (typeof LOG_FIELDS)[number]['field'];
const everyFieldDeclared: Exclude<keyof LogEntry, Declared> extends never ? true : never = true;
void everyFieldDeclared;

/**
 * Log entries packed flat, LOG_ENTRY_WIDTH values per entry in LOG_FIELDS' order: how a chunk's
 * decisions cross from a worker thread — a flat array of primitives clones several times faster
 * than objects — and how they are inserted.
 */
export type PackedLog = PackedValue[];
export const LOG_ENTRY_WIDTH = LOG_FIELDS.length;

/** Appends one entry to a packed log. */
export function packLogEntry(into: PackedLog, e: LogEntry): void {
  for (const f of LOG_FIELDS) into.push((f.pack as (v: LogEntry[keyof LogEntry]) => PackedValue)(e[f.field]));
}

/** The entry packed at `at` in `v` (a packed log, or a raw decision_log row read in LOG_FIELDS' order). */
function unpackAt(v: readonly PackedValue[], at: number): LogEntry {
  const e: Record<string, unknown> = {};
  for (let j = 0; j < LOG_FIELDS.length; j++) e[LOG_FIELDS[j]!.field] = LOG_FIELDS[j]!.unpack(v[at + j]!);
  return e as unknown as LogEntry;
}

/** The entries of a packed log, as objects. */
export function unpackLog(packed: PackedLog): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < packed.length; i += LOG_ENTRY_WIDTH) out.push(unpackAt(packed, i));
  return out;
}

const FIELD_COLUMNS = LOG_FIELDS.map((f) => f.column).join(', ');
/** run_id, seq and decided_at_ms, then the entry's columns in LOG_FIELDS' order. */
const COLUMNS = `run_id, seq, decided_at_ms, ${FIELD_COLUMNS}`;
const ROW_HEAD = 3;

/** Appends a chunk's packed decisions from `seq` on; returns the next sequence number. Call inside a transaction. */
export function appendDecisions(c: Connection, runId: number, seq: number, decidedAtMs: number, v: PackedLog): number {
  const insert = c.stmt(
    `INSERT INTO decision_log (${COLUMNS}) VALUES (${Array.from({ length: ROW_HEAD + LOG_ENTRY_WIDTH }, () => '?').join(', ')})`,
  );
  const row: PackedValue[] = new Array<PackedValue>(ROW_HEAD + LOG_ENTRY_WIDTH);
  row[0] = runId;
  row[2] = decidedAtMs;
  for (let i = 0; i < v.length; i += LOG_ENTRY_WIDTH) {
    row[1] = seq++;
    for (let j = 0; j < LOG_ENTRY_WIDTH; j++) row[ROW_HEAD + j] = v[i + j]!;
    insert.run(row);
  }
  return seq;
}

/** A decision_log row read as `SELECT ${COLUMNS}` in raw mode. */
type RawRow = [number, number, number, ...PackedValue[]];

const toRow = (r: RawRow): DecisionLogRow => ({
  runId: r[0],
  seq: r[1],
  decidedAt: isoFromMs(r[2]),
  ...unpackAt(r, ROW_HEAD),
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

import { fail, ok, type Result } from '../model/errors.ts';
import { INSIGHT_KEY_COLUMNS, type InsightSubject } from '../model/calculated-insight.ts';
import { sha256Hex } from './checksum.ts';
import type { Connection } from './connection.ts';
import { checkInsightSql, insightViewsSql, workspaceTables } from './calculated-insights-sql.ts';
import {
  DEFAULT_INSIGHT_BUDGET,
  runInsightQuery,
  runInsightQuerySync,
  type InsightBudget,
  type InsightQuery,
  type InsightQueryResult,
} from './insight-query.ts';
import { dataSpaceCounts, dataVersionOf } from './data-spaces.ts';
import { isoFromMs } from './timestamps.ts';
import { compareIds } from '../recommenders/order.ts';

/** What a refresh needs of a calculated insight. */
export interface InsightDefinition {
  apiName: string;
  subject: InsightSubject;
  sql: string;
  /** Wall time its query may run (default 30 s). */
  timeLimitSeconds?: number | undefined;
  /** Result rows its query may return (default 5,000,000). */
  maxRows?: number | undefined;
}

/** What storing a refresh needs besides the query. */
export type StoreOptions = RefreshOptions & { kind: InsightRefreshKind; createdAt: string; clock?: () => number };

export type InsightRefreshKind = 'scheduled' | 'manual';

/** One materialized refresh of a calculated insight. */
export interface InsightRefresh {
  id: number;
  insight: string;
  subject: InsightSubject;
  /** sha256 of the subject and SQL that produced it. */
  definition: string;
  /** The values see the data at or before this time. */
  refreshedAt: string;
  refreshedAtMs: number;
  kind: InsightRefreshKind;
  /** The data space's row counts when it ran ("individuals:items:events"). */
  dataVersion: string;
  rows: number;
  durationMs: number;
  /** Wall-clock time it ran. */
  createdAt: string;
}

/** One value of a calculated insight: key1 is the individual or item, key2 the related item or category ('' when none). */
export interface InsightRow {
  key1: string;
  key2: string;
  value: number;
}

export interface RefreshOptions {
  signal?: AbortSignal;
  /** Overrides of the query's budget (the definition's own limits, else DEFAULT_INSIGHT_BUDGET). */
  budget?: Partial<InsightBudget>;
  /** Rows computed so far (called every few thousand rows and at the end). */
  onProgress?: (rows: number) => void;
}

/** The identity of a CI's definition: values of another subject or SQL are never read for it. */
export const insightDefinitionHash = (d: Pick<InsightDefinition, 'subject' | 'sql'>): string =>
  sha256Hex(`${d.subject}\n${d.sql}`);

interface RefreshRow {
  id: number;
  insight: string;
  subject: InsightSubject;
  definition: string;
  refreshed_at: number;
  kind: InsightRefreshKind;
  data_version: string;
  row_count: number;
  duration_ms: number;
  created_at: string;
}

const toRefresh = (r: RefreshRow): InsightRefresh => ({
  id: r.id,
  insight: r.insight,
  subject: r.subject,
  definition: r.definition,
  refreshedAt: isoFromMs(r.refreshed_at),
  refreshedAtMs: r.refreshed_at,
  kind: r.kind,
  dataVersion: r.data_version,
  rows: r.row_count,
  durationMs: r.duration_ms,
  createdAt: r.created_at,
});

const REFRESH_COLUMNS =
  'id, insight, subject, definition, refreshed_at, kind, data_version, row_count, duration_ms, created_at';
/** A bad row of a CI's result: stops the refresh (nothing is stored). */
class RowProblem extends Error {}

/** Converts one result row (raw array) to an InsightRow; undefined for a NULL value (no value). */
function rowReader(
  columns: string[],
  subject: InsightSubject,
  name: string,
): (raw: unknown[], n: number) => InsightRow | undefined {
  const keys = INSIGHT_KEY_COLUMNS[subject];
  const k1 = columns.indexOf(keys[0]!);
  const k2 = keys.length > 1 ? columns.indexOf(keys[1]!) : -1;
  const v = columns.indexOf('value');
  const key = (raw: unknown[], idx: number, n: number): string => {
    const x = raw[idx];
    if (typeof x === 'string') return x;
    if (typeof x === 'number' && Number.isInteger(x)) return String(x);
    if (x === null)
      throw new RowProblem(
        `calculated insight ${name}: result row ${n}: ${columns[idx]} is NULL; every row needs its key columns`,
      );
    throw new RowProblem(
      `calculated insight ${name}: result row ${n}: ${columns[idx]} is ${JSON.stringify(String(x))}, not an id`,
    );
  };
  return (raw, n) => {
    const value = raw[v];
    if (value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RowProblem(
        `calculated insight ${name}: result row ${n}: value is ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)}, not a finite number`,
      );
    }
    return { key1: key(raw, k1, n), key2: k2 < 0 ? '' : key(raw, k2, n), value };
  };
}

/**
 * Calculated insights of a workspace: running a CI's SQL over the documented views in its own
 * process on a read-only connection, within a budget (insight-query.ts), storing refreshes, and
 * reading their values.
 */
export class InsightRepository {
  /** Scheduled refreshes that failed while this workspace is open, by attempt key (see StoreInsights). */
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly c: Connection,
    private readonly file: string,
    private readonly assertWritable: (what: string) => void,
  ) {}

  /** The data space's data version now (bumped by every write); a scheduled refresh of another version is not reused. */
  dataVersion(spaceId: number): string {
    const n = dataSpaceCounts(this.c, spaceId);
    return `${dataVersionOf(this.c, spaceId)}:${n.individuals}:${n.items}:${n.events}`;
  }

  /** The budget of a definition's query: its own limits over the defaults, then the caller's. */
  private budgetOf(def: InsightDefinition, over: Partial<InsightBudget> = {}): InsightBudget {
    return {
      ...DEFAULT_INSIGHT_BUDGET,
      ...(def.timeLimitSeconds !== undefined ? { timeLimitMs: def.timeLimitSeconds * 1000 } : {}),
      ...(def.maxRows !== undefined ? { maxRows: def.maxRows } : {}),
      ...over,
    };
  }

  /**
   * The query of a CI as of `asOfMs`: screened and prepared (never executed) against the views
   * first, so SQL the views refuse fails here with SQLite's own message.
   */
  private queryOf(spaceId: number, def: InsightDefinition, asOfMs: number, opts: RefreshOptions): Result<InsightQuery> {
    const problem = checkInsightSql(def.sql, def.subject);
    if (problem) return fail('InvalidInput', `calculated insight ${def.apiName}: ${problem}`, { field: 'sql' });
    return ok({
      file: this.file,
      setupSql: insightViewsSql(spaceId, asOfMs, workspaceTables(this.c.db)),
      sql: def.sql,
      asOfMs,
      budget: this.budgetOf(def, opts.budget),
    });
  }

  /** Converts a query's result to rows for `sink`; fails (InvalidInput) on a bad row or a stopped query. */
  private consume(def: InsightDefinition, r: InsightQueryResult, sink: (row: InsightRow) => void): Result<number> {
    if (!r.ok) {
      if (r.kind === 'cancelled')
        return fail('Cancelled', `the refresh of calculated insight ${def.apiName} was cancelled; nothing was stored`);
      return fail('InvalidInput', `calculated insight ${def.apiName}: ${r.message}`, { field: 'sql' });
    }
    const read = rowReader(r.columns, def.subject, def.apiName);
    let stored = 0;
    try {
      for (let i = 0; i < r.rows.length; i++) {
        const row = read(r.rows[i]!, i + 1);
        if (row) {
          sink(row);
          stored++;
        }
      }
    } catch (e) {
      if (e instanceof RowProblem) return fail('InvalidInput', e.message, { field: 'sql' });
      throw e;
    }
    return ok(stored);
  }

  /** Runs a query, blocking this thread for at most its budget. */
  private runSync(
    spaceId: number,
    def: InsightDefinition,
    asOfMs: number,
    opts: RefreshOptions,
  ): Result<InsightQueryResult> {
    const q = this.queryOf(spaceId, def, asOfMs, opts);
    if (!q.ok) return q;
    if (opts.signal?.aborted) return ok({ ok: false, kind: 'cancelled', message: 'cancelled' });
    const r = runInsightQuerySync(q.data);
    if (r.ok) opts.onProgress?.(r.rows.length);
    return ok(r);
  }

  /** Runs a query in its own process without blocking this thread. */
  private async runAsync(
    spaceId: number,
    def: InsightDefinition,
    asOfMs: number,
    opts: RefreshOptions,
  ): Promise<Result<InsightQueryResult>> {
    const q = this.queryOf(spaceId, def, asOfMs, opts);
    if (!q.ok) return q;
    return ok(
      await runInsightQuery(q.data, {
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      }),
    );
  }

  /** The rows of a query's result, unique by key and best first. */
  private rowsOf(def: InsightDefinition, r: InsightQueryResult): Result<InsightRow[]> {
    const rows: InsightRow[] = [];
    const seen = new Set<string>();
    const keys = INSIGHT_KEY_COLUMNS[def.subject];
    let problem: string | undefined;
    const n = this.consume(def, r, (row) => {
      const k = `${row.key1}\u0000${row.key2}`;
      if (seen.has(k)) {
        problem ??= `calculated insight ${def.apiName}: result row ${rows.length + 1} repeats ${keys.map((c, i) => `${c} ${JSON.stringify(i === 0 ? row.key1 : row.key2)}`).join(', ')}; each key may appear once`;
        return;
      }
      seen.add(k);
      rows.push(row);
    });
    if (!n.ok) return n;
    if (problem) return fail('InvalidInput', problem, { field: 'sql' });
    rows.sort(compareRows);
    return ok(rows);
  }

  /**
   * Computes a CI as of `asOfMs` without storing it (read-only workspaces), blocking this thread
   * for at most the CI's time limit.
   */
  compute(spaceId: number, def: InsightDefinition, asOfMs: number, opts: RefreshOptions = {}): Result<InsightRow[]> {
    const r = this.runSync(spaceId, def, asOfMs, opts);
    return r.ok ? this.rowsOf(def, r.data) : r;
  }

  /** Computes a CI as of `asOfMs` without storing it (previews) in its own process: this thread stays free. */
  async computeAsync(
    spaceId: number,
    def: InsightDefinition,
    asOfMs: number,
    opts: RefreshOptions = {},
  ): Promise<Result<InsightRow[]>> {
    const r = await this.runAsync(spaceId, def, asOfMs, opts);
    return r.ok ? this.rowsOf(def, r.data) : r;
  }

  /**
   * Runs a CI as of `asOfMs` and stores the refresh and its values in one transaction: all or
   * nothing (a bad row, a repeated key, a cancel or a query over its budget stores nothing).
   * Blocks this thread for at most the CI's time limit (the scheduled refreshes a request needs).
   */
  refresh(spaceId: number, def: InsightDefinition, asOfMs: number, opts: StoreOptions): Result<InsightRefresh> {
    const refused = this.refuseWrite(def);
    if (refused) return refused;
    const started = (opts.clock ?? (() => performance.now()))();
    const dataVersion = this.dataVersion(spaceId);
    const r = this.runSync(spaceId, def, asOfMs, opts);
    return r.ok ? this.store(spaceId, def, asOfMs, r.data, { started, dataVersion }, opts) : r;
  }

  /** refresh() with the query in its own process: this thread stays free while it runs (manual refresh jobs). */
  async refreshAsync(
    spaceId: number,
    def: InsightDefinition,
    asOfMs: number,
    opts: StoreOptions,
  ): Promise<Result<InsightRefresh>> {
    const refused = this.refuseWrite(def);
    if (refused) return refused;
    const started = (opts.clock ?? (() => performance.now()))();
    // The data may move while the query runs: the refresh records the version from before it.
    const dataVersion = this.dataVersion(spaceId);
    const r = await this.runAsync(spaceId, def, asOfMs, opts);
    return r.ok ? this.store(spaceId, def, asOfMs, r.data, { started, dataVersion }, opts) : r;
  }

  private refuseWrite(def: InsightDefinition): Result<never> | undefined {
    this.assertWritable('refresh calculated insight');
    if (this.c.db.readonly)
      return fail(
        'InvalidRequest',
        `${this.file} is open read-only; calculated insight ${def.apiName} can be computed but not stored`,
      );
    return undefined;
  }

  /** Stores a finished query's rows as one refresh, in one transaction (nothing when a row is bad). */
  private store(
    spaceId: number,
    def: InsightDefinition,
    asOfMs: number,
    result: InsightQueryResult,
    { started, dataVersion }: { started: number; dataVersion: string },
    opts: StoreOptions,
  ): Result<InsightRefresh> {
    const clock = opts.clock ?? (() => performance.now());
    const definition = insightDefinitionHash(def);
    const keys = INSIGHT_KEY_COLUMNS[def.subject];
    const insertValue = this.c.stmt('INSERT INTO insight_values (refresh_id, key1, key2, value) VALUES (?, ?, ?, ?)');
    const tx = this.c.db.transaction((): Result<InsightRefresh> => {
      const id = this.c
        .stmt(
          `INSERT INTO insight_refreshes (space_id, insight, subject, definition, refreshed_at, kind, data_version, row_count, duration_ms, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?) RETURNING id`,
        )
        .pluck()
        .get(spaceId, def.apiName, def.subject, definition, asOfMs, opts.kind, dataVersion, opts.createdAt) as number;
      let n = 0;
      let r: Result<number>;
      try {
        r = this.consume(def, result, (row) => {
          n++;
          insertValue.run(id, row.key1, row.key2, row.value);
        });
      } catch (e) {
        if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          r = fail(
            'InvalidInput',
            `calculated insight ${def.apiName}: result row ${n + 1} repeats a key (${keys.join(', ')}) of an earlier row; each key may appear once`,
            { field: 'sql' },
          );
        } else throw e;
      }
      if (!r.ok) throw new RollBack(r);
      const durationMs = Math.round((clock() - started) * 1000) / 1000;
      this.c
        .stmt('UPDATE insight_refreshes SET row_count = ?, duration_ms = ? WHERE id = ?')
        .run(r.data, durationMs, id);
      return ok(this.get(id)!);
    });
    try {
      return tx.immediate();
    } catch (e) {
      if (e instanceof RollBack) return e.result;
      throw e;
    }
  }

  /** Why an earlier attempt of the same scheduled refresh failed, if it did. */
  failedAttempt(key: string): string | undefined {
    return this.failures.get(key);
  }

  /** Remembers a failed scheduled refresh, so that requests do not run it again. */
  recordFailedAttempt(key: string, problem: string): void {
    if (this.failures.size >= 4096) this.failures.clear();
    this.failures.set(key, problem);
  }

  /** One refresh by id. */
  get(id: number): InsightRefresh | undefined {
    const row = this.c.stmt(`SELECT ${REFRESH_COLUMNS} FROM insight_refreshes WHERE id = ?`).get(id) as
      RefreshRow | undefined;
    return row && toRefresh(row);
  }

  /** The latest refresh of a definition at or before `asOfMs` (of one kind when given); the newest wins a tie. */
  latest(
    spaceId: number,
    insight: string,
    definition: string,
    asOfMs: number,
    kind: InsightRefreshKind,
  ): InsightRefresh | undefined {
    const row = this.c
      .stmt(
        `SELECT ${REFRESH_COLUMNS} FROM insight_refreshes
         WHERE space_id = ? AND insight = ? AND definition = ? AND kind = ? AND refreshed_at <= ?
         ORDER BY refreshed_at DESC, id DESC LIMIT 1`,
      )
      .get(spaceId, insight, definition, kind, asOfMs) as RefreshRow | undefined;
    return row && toRefresh(row);
  }

  /** The scheduled refresh of a definition at exactly `refreshedAtMs` made from this data version. */
  findScheduled(
    spaceId: number,
    insight: string,
    definition: string,
    refreshedAtMs: number,
    dataVersion: string,
  ): InsightRefresh | undefined {
    const row = this.c
      .stmt(
        `SELECT ${REFRESH_COLUMNS} FROM insight_refreshes
         WHERE space_id = ? AND insight = ? AND definition = ? AND kind = 'scheduled' AND refreshed_at = ? AND data_version = ?
         ORDER BY id DESC LIMIT 1`,
      )
      .get(spaceId, insight, definition, refreshedAtMs, dataVersion) as RefreshRow | undefined;
    return row && toRefresh(row);
  }

  /** Refresh history of a data space (one insight when given), newest refresh time first. */
  list(spaceId: number, q: { insight?: string; limit?: number } = {}): InsightRefresh[] {
    const rows = (
      q.insight === undefined
        ? this.c
            .stmt(
              `SELECT ${REFRESH_COLUMNS} FROM insight_refreshes WHERE space_id = ? ORDER BY refreshed_at DESC, id DESC LIMIT ?`,
            )
            .all(spaceId, q.limit ?? -1)
        : this.c
            .stmt(
              `SELECT ${REFRESH_COLUMNS} FROM insight_refreshes WHERE space_id = ? AND insight = ? ORDER BY refreshed_at DESC, id DESC LIMIT ?`,
            )
            .all(spaceId, q.insight, q.limit ?? -1)
    ) as RefreshRow[];
    return rows.map(toRefresh);
  }

  /** The values of a refresh, best first: value descending, then key1 and key2 ascending (BINARY). */
  rows(refreshId: number, limit = -1): InsightRow[] {
    return this.c
      .stmt('SELECT key1, key2, value FROM insight_values WHERE refresh_id = ? ORDER BY value DESC, key1, key2 LIMIT ?')
      .all(refreshId, limit) as InsightRow[];
  }

  /** The values of one first key (an item's related items, an individual's categories), best first. */
  rowsFor(refreshId: number, key1: string): InsightRow[] {
    return this.c
      .stmt('SELECT key1, key2, value FROM insight_values WHERE refresh_id = ? AND key1 = ? ORDER BY value DESC, key2')
      .all(refreshId, key1) as InsightRow[];
  }

  /** The values of several first keys in one statement, grouped by key1 in id order, each key's best first. */
  rowsForKeys(refreshId: number, keys: readonly string[]): InsightRow[] {
    return this.c
      .stmt(
        'SELECT key1, key2, value FROM insight_values WHERE refresh_id = ? AND key1 IN (SELECT value FROM json_each(?)) ORDER BY key1, value DESC, key2',
      )
      .all(refreshId, JSON.stringify(keys)) as InsightRow[];
  }

  /** One value (key2 '' for one-key subjects), or undefined. */
  value(refreshId: number, key1: string, key2 = ''): number | undefined {
    return this.c
      .stmt('SELECT value FROM insight_values WHERE refresh_id = ? AND key1 = ? AND key2 = ?')
      .pluck()
      .get(refreshId, key1, key2) as number | undefined;
  }
}

/** Carries a failed Result out of a transaction (rolling it back). */
class RollBack extends Error {
  constructor(readonly result: Result<never>) {
    super(result.ok ? '' : result.error.message);
  }
}

/** Best first: value descending, then keys in BINARY order (what `rows` returns). */
export const compareRows = (a: InsightRow, b: InsightRow): number =>
  b.value - a.value || compareIds(a.key1, b.key1) || compareIds(a.key2, b.key2);

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The budget of one run of a calculated insight's SQL (docs/security.md, "Budgets for user code"):
 * the query runs in its own process on a read-only connection (insight-query-process.js) and is
 * killed at the time limit; more rows or bytes than the caps stop it too. Nothing is written by
 * that process, and the caller stores rows only after the query finished within its budget.
 */
export interface InsightBudget {
  /** Wall time the query may run, from its first step (not counting the process's start). */
  timeLimitMs: number;
  /** Result rows. */
  maxRows: number;
  /** Result size: the JSON text of the rows, in bytes. */
  maxBytes: number;
}

/** The default budget (a CI's `timeLimitSeconds` and `maxRows` override the first two). */
export const DEFAULT_INSIGHT_BUDGET: InsightBudget = {
  timeLimitMs: 30_000,
  maxRows: 5_000_000,
  maxBytes: 512 * 1024 * 1024,
};

/** Time the query process may take to start and open the workspace, on top of the time limit. */
const STARTUP_ALLOWANCE_MS = 30_000;

/** One query for the process: the views' setup SQL is built by the caller (calculated-insights-sql.ts). */
export interface InsightQuery {
  file: string;
  setupSql: string;
  sql: string;
  asOfMs: number;
  budget: InsightBudget;
}

/** What a query returned: its columns and raw rows, or why it stopped. */
export type InsightQueryResult =
  | { ok: true; columns: string[]; rows: unknown[][] }
  | { ok: false; kind: 'sql' | 'rows' | 'bytes' | 'time' | 'cancelled' | 'crashed'; message: string };

const PROCESS_FILE = fileURLToPath(new URL('./insight-query-process.js', import.meta.url));

const seconds = (ms: number): string => `${Math.round(ms) / 1000} s`;

/** The message of a query stopped by its budget; names the limit and where to change it. */
function overBudget(kind: 'rows' | 'bytes' | 'time', b: InsightBudget): string {
  if (kind === 'time')
    return `the SQL ran longer than its time limit of ${seconds(b.timeLimitMs)} and was stopped; nothing was stored (set timeLimitSeconds on the calculated insight to allow more)`;
  if (kind === 'rows')
    return `the SQL returned more than ${b.maxRows.toLocaleString('en-US')} rows (the row cap) and was stopped; nothing was stored (set maxRows on the calculated insight to allow more)`;
  return `the SQL's result exceeded ${Math.round(b.maxBytes / 1024 / 1024).toLocaleString('en-US')} MB (the size cap) and was stopped; nothing was stored`;
}

/** Reads the process's output lines into a result. */
class Collector {
  columns: string[] = [];
  rows: unknown[][] = [];
  done = false;
  error: { kind: 'sql' | 'rows' | 'bytes'; message: string } | undefined;
  private pending = '';

  constructor(private readonly onProgress?: (rows: number) => void) {}

  push(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop()!;
    for (const line of lines) if (line) this.line(line);
  }

  /** The process has ended: a last line cut short by a kill is dropped, never parsed half-written. */
  end(): void {
    const last = this.pending;
    this.pending = '';
    if (!last) return;
    try {
      this.line(last);
    } catch {
      // The process was killed in the middle of writing this line; what came before it stands.
    }
  }

  private line(line: string): void {
    const m = JSON.parse(line) as {
      columns?: string[];
      rows?: unknown[][];
      progress?: number;
      done?: number;
      error?: { kind: 'sql' | 'rows' | 'bytes'; message: string };
    };
    if (m.columns) this.columns = m.columns;
    else if (m.rows) for (const r of m.rows) this.rows.push(r);
    else if (m.progress !== undefined) this.onProgress?.(m.progress);
    else if (m.done !== undefined) {
      this.done = true;
      this.onProgress?.(m.done);
    } else if (m.error) this.error = m.error;
  }

  result(budget: InsightBudget, killed: boolean, exit: string): InsightQueryResult {
    if (this.error)
      return {
        ok: false,
        kind: this.error.kind,
        message: this.error.kind === 'sql' ? `SQLite: ${this.error.message}` : overBudget(this.error.kind, budget),
      };
    if (this.done) return { ok: true, columns: this.columns, rows: this.rows };
    if (killed) return { ok: false, kind: 'time', message: overBudget('time', budget) };
    return { ok: false, kind: 'crashed', message: `the query process ended without a result (${exit})` };
  }
}

/** Runs a query and waits for it, blocking this thread (bounded by the time limit): for the synchronous refresh paths. */
export function runInsightQuerySync(q: InsightQuery): InsightQueryResult {
  const r = spawnSync(process.execPath, [PROCESS_FILE], {
    input: JSON.stringify(jobOf(q)),
    timeout: q.budget.timeLimitMs + STARTUP_ALLOWANCE_MS,
    killSignal: 'SIGKILL',
    maxBuffer: q.budget.maxBytes * 2 + 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const c = new Collector();
  if (r.stdout) c.push(r.stdout.toString('utf8') + '\n');
  const killed = r.signal === 'SIGKILL' || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return c.result(q.budget, killed, r.error ? r.error.message : `exit ${r.status ?? r.signal}`);
}

/**
 * Runs a query in its own process without blocking this thread: the server answers other
 * requests meanwhile. An abort (job cancel, Ctrl-C) kills the process at once.
 */
export function runInsightQuery(
  q: InsightQuery,
  opts: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {},
): Promise<InsightQueryResult> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted) return resolve({ ok: false, kind: 'cancelled', message: 'cancelled' });
    const child = spawn(process.execPath, [PROCESS_FILE], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const c = new Collector(opts.onProgress);
    let killed = false;
    let cancelled = false;
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const backstop = setTimeout(() => {
      killed = true;
      kill();
    }, q.budget.timeLimitMs + STARTUP_ALLOWANCE_MS);
    const onAbort = (): void => {
      cancelled = true;
      kill();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (t: string) => c.push(t));
    child.stderr.resume();
    child.stdin.on('error', () => undefined); // the process may be gone before it reads its job
    child.stdin.end(JSON.stringify(jobOf(q)));
    child.on('close', (code, signal) => {
      clearTimeout(backstop);
      opts.signal?.removeEventListener('abort', onAbort);
      c.end();
      if (cancelled) return resolve({ ok: false, kind: 'cancelled', message: 'cancelled' });
      resolve(c.result(q.budget, killed || signal === 'SIGKILL', `exit ${code ?? signal}`));
    });
  });
}

function jobOf(q: InsightQuery): Record<string, unknown> {
  return {
    file: q.file,
    setupSql: q.setupSql,
    sql: q.sql,
    asOfMs: q.asOfMs,
    timeLimitMs: q.budget.timeLimitMs,
    maxRows: q.budget.maxRows,
    maxBytes: q.budget.maxBytes,
  };
}

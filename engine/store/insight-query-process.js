// The process that runs one calculated insight's SQL (docs/security.md, "Budgets for user code").
// SQLite cannot be interrupted from JavaScript (better-sqlite3 has no progress handler or
// interrupt) and a worker thread stuck in one sqlite3_step cannot be terminated — it even keeps
// process.exit() from returning — so the query runs here, in a process the caller can SIGKILL.
// Plain JavaScript, so that it starts in tens of milliseconds (no TypeScript loader).
//
// Input (stdin, one JSON object): { file, setupSql, sql, asOfMs, timeLimitMs, maxRows, maxBytes }.
// Output (stdout, one JSON object a line): {"columns": [...]}, {"rows": [[...], ...]}, {"progress": n},
// then {"done": n} or {"error": {"kind": "sql" | "rows" | "bytes", "message": ...}}.
// The connection is read-only and query-only: nothing this process does can write the workspace.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const BATCH = 2000;
const PROGRESS_EVERY = 5000;

const emit = (message) => {
  const text = JSON.stringify(message) + '\n';
  // Synchronous writes: the main thread may never return to the event loop once SQLite runs.
  let off = 0;
  const buf = Buffer.from(text);
  while (off < buf.length) {
    try {
      off += writeSync(1, buf, off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
};

/** A thread that kills this process at the time limit: the main thread may be inside SQLite. */
function watchdog(ms) {
  const w = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), workerData.ms);`,
    { eval: true, workerData: { pid: process.pid, ms } },
  );
  w.unref();
}

const jsonSafe = (x) =>
  typeof x === 'bigint' ? String(x) : x instanceof Uint8Array ? `<blob of ${x.length} bytes>` : x;

function run(job) {
  const db = new Database(job.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  db.exec(job.setupSql);
  db.pragma('query_only = ON');
  const stmt = db.prepare(job.sql).raw(true);
  if (!stmt.reader || !stmt.readonly) {
    emit({ error: { kind: 'sql', message: 'the statement is not one read-only SELECT' } });
    return;
  }
  emit({ columns: stmt.columns().map((c) => c.name) });
  watchdog(job.timeLimitMs);
  let n = 0;
  let bytes = 0;
  let batch = [];
  for (const raw of stmt.iterate({ as_of_ms: job.asOfMs })) {
    n++;
    if (n > job.maxRows) {
      emit({ error: { kind: 'rows', message: `more than ${job.maxRows} rows` } });
      return;
    }
    const row = raw.map(jsonSafe);
    bytes += JSON.stringify(row).length;
    if (bytes > job.maxBytes) {
      emit({ error: { kind: 'bytes', message: `more than ${job.maxBytes} bytes` } });
      return;
    }
    batch.push(row);
    if (batch.length === BATCH) {
      emit({ rows: batch });
      batch = [];
    }
    if (n % PROGRESS_EVERY === 0) emit({ progress: n });
  }
  if (batch.length > 0) emit({ rows: batch });
  emit({ done: n });
}

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  try {
    run(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch (e) {
    emit({ error: { kind: 'sql', message: e instanceof Error ? e.message : String(e), code: e?.code } });
  }
  process.exit(0);
});

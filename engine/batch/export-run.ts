import { closeSync, copyFileSync, openSync, renameSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { fail, ok, type Result } from '../model/errors.ts';
import type { DecisionLogRow, OutputRow, WorkspaceStore } from '../store/index.ts';
import { csvField, csvHeader, csvLine, jsonlLine } from './output-encoding.ts';

/** The columns of an exported decision log (CSV); JSONL lines hold the same fields, camel-cased. */
export const LOG_CSV_COLUMNS = [
  'run_id',
  'seq',
  'individual_id',
  'point',
  'decision',
  'outcome',
  'reason',
  'experiment',
  'variant',
  'in_pool',
  'control',
  'item_ids',
  'credits',
  'error_code',
  'error_message',
  'decided_at',
  'request_id',
  'personalization_id',
] as const;

const logCsvLine = (r: DecisionLogRow): string =>
  [
    r.runId,
    r.seq,
    r.individualId,
    r.point,
    r.decision,
    r.outcome,
    r.reason,
    r.experiment,
    r.variant,
    r.inPool === null ? null : r.inPool ? 1 : 0,
    r.control === null ? null : r.control ? 1 : 0,
    r.itemIds.length > 0 ? JSON.stringify(r.itemIds) : null,
    r.credits,
    r.errorCode,
    r.errorMessage,
    r.decidedAt,
    r.requestId,
    r.personalizationId,
  ]
    .map(csvField)
    .join(',') + '\n';

/** Buffered writes to a file descriptor (one syscall per ~1 MB). */
class Writer {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;
  rows = 0;
  constructor(private readonly fd: number) {}
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
    this.parts = [];
    this.size = 0;
  }
}

/** What an export wrote. */
export interface ExportReport {
  file: string;
  what: 'log' | 'output';
  format: 'jsonl' | 'csv';
  rows: number;
  bytes: number;
}

/**
 * Writes a run's decision log or output to a JSONL or CSV file (through a temporary file renamed
 * into place, so a failed export leaves nothing). A records or stream output exports as the same
 * lines a file output would have held; a file output is copied as committed.
 */
export function exportRun(
  store: WorkspaceStore,
  runId: number,
  what: 'log' | 'output',
  format: 'jsonl' | 'csv',
  file: string,
): Result<ExportReport> {
  const run = store.runs.get(runId);
  if (!run) return fail('NotFound', `run ${runId} does not exist`, { field: 'run' });
  const tmp = `${file}.export-${process.pid}`;
  // 1. A file output is the file itself, up to the last committed chunk.
  if (what === 'output' && run.output.kind === 'file') {
    if (run.output.format !== format)
      return fail(
        'InvalidInput',
        `run ${runId} wrote its output as ${run.output.format.toUpperCase()} (${run.output.path}); export it as ${run.output.format}, or export the log`,
        { field: 'format' },
      );
    const bytes = run.chunks > 0 ? run.outputBytes : run.outputBase;
    try {
      copyFileSync(run.output.path, tmp);
      truncateSync(tmp, bytes);
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      return fail(
        'InvalidInput',
        `cannot export ${run.output.path} to ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file },
      );
    }
    return ok({ file, what, format, rows: run.outputRows, bytes });
  }
  // 2. Rows from the workspace, encoded line by line.
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    return fail(
      'InvalidInput',
      `${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  const w = new Writer(fd);
  let open = true;
  try {
    if (what === 'log') {
      if (format === 'csv') w.write(LOG_CSV_COLUMNS.join(',') + '\n');
      for (const r of store.runs.iterateDecisions(runId)) {
        w.write(format === 'csv' ? logCsvLine(r) : JSON.stringify(r) + '\n');
        w.rows++;
      }
    } else {
      if (format === 'csv') w.write(csvHeader());
      const o = run.output;
      const rows: Iterable<OutputRow> =
        o.kind === 'records'
          ? store.runs.iterateOutput('records', o.table, runId)
          : o.kind === 'stream'
            ? store.runs.iterateOutput('stream', o.stream, runId)
            : [];
      for (const r of rows) {
        const e = { ...r, payload: r.payload === null ? null : JSON.stringify(r.payload) };
        w.write(format === 'csv' ? csvLine(runId, e) : jsonlLine(runId, e));
        w.rows++;
      }
    }
    w.flush();
    closeSync(fd);
    open = false;
    renameSync(tmp, file);
  } catch (e) {
    if (open) closeSync(fd);
    rmSync(tmp, { force: true });
    return fail(
      'InvalidInput',
      `${file}: the export failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  return ok({ file, what, format, rows: w.rows, bytes: w.bytes });
}

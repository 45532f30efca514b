import { closeSync, constants, copyFileSync, existsSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import { fail, ok, type Result } from '../model/errors.ts';
import type { DecisionLogRow, OutputRow, WorkspaceStore } from '../store/index.ts';
import { partialOutputPath } from './file-output.ts';
import { csvField, csvHeader, csvLine, jsonlLine } from './output-encoding.ts';
import { OUTPUT_EXTENSIONS } from '../config/output-path.ts';
import { checkOutputTarget, publishOutput, resolveOutputPath } from './output-target.ts';

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
 * Writes a run's decision log or output to a JSONL or CSV file (through a temporary file moved
 * into place, so a failed export leaves nothing). The file follows the rules of run outputs: a
 * relative name is inside the workspace's outputs folder, the extension matches the format, never
 * the workspace or an SQLite file, and an existing file is replaced only with `overwrite`. A
 * records or stream output exports as the same lines a file output would have held; a file output
 * is copied as committed.
 */
export function exportRun(
  store: WorkspaceStore,
  runId: number,
  what: 'log' | 'output',
  format: 'jsonl' | 'csv',
  target: string,
  overwrite = false,
): Result<ExportReport> {
  const run = store.runs.get(runId);
  if (!run) return fail('NotFound', `run ${runId} does not exist`, { field: 'run' });
  // 1. Where: resolved, checked before anything is read or written.
  const resolved = resolveOutputPath(store.file, target, { allowAbsolute: true, field: 'file' });
  if (!resolved.ok) return resolved;
  const file = resolved.data;
  if (OUTPUT_EXTENSIONS[extname(file).toLowerCase()] !== format)
    return fail(
      'InvalidInput',
      `${target}: a ${format.toUpperCase()} export must end in ${format === 'csv' ? '.csv' : '.jsonl'}`,
      {
        field: 'file',
      },
    );
  const where = { overwrite, field: 'file', flag: '"overwrite": true' };
  const checked = checkOutputTarget(store.file, file, where);
  if (!checked.ok) return checked;
  // A fresh name opened exclusively: nothing that exists is ever truncated or removed.
  const tmp = `${file}.export-${randomBytes(6).toString('hex')}`;
  const done = (rows: number, bytes: number): Result<ExportReport> => {
    const published = publishOutput(store.file, tmp, file, where);
    if (!published.ok) {
      rmSync(tmp, { force: true });
      return published;
    }
    return ok({ file, what, format, rows, bytes });
  };
  // 2. A file output is the file itself, up to the last committed chunk (still in its partial file
  // while the run has not succeeded).
  if (what === 'output' && run.output.kind === 'file') {
    if (run.output.format !== format)
      return fail(
        'InvalidInput',
        `run ${runId} wrote its output as ${run.output.format.toUpperCase()} (${run.output.path}); export it as ${run.output.format}, or export the log`,
        { field: 'format' },
      );
    const bytes = run.chunks > 0 ? run.outputBytes : run.outputBase;
    const partial = partialOutputPath(run.output.path, runId);
    const source = existsSync(partial) ? partial : run.output.path;
    try {
      copyFileSync(source, tmp, constants.COPYFILE_EXCL);
      truncateSync(tmp, bytes);
    } catch (e) {
      rmSync(tmp, { force: true });
      return fail(
        'InvalidInput',
        `cannot export ${source} to ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file },
      );
    }
    return done(run.outputRows, bytes);
  }
  // 3. Rows from the workspace, encoded line by line.
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
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
  } catch (e) {
    if (open) closeSync(fd);
    rmSync(tmp, { force: true });
    return fail(
      'InvalidInput',
      `${file}: the export failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      { file },
    );
  }
  return done(w.rows, w.bytes);
}

import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FieldDef } from '../../model/data-graph.ts';
import { fail, ok, type Problem, type Result } from '../../model/errors.ts';
import type { Scalar } from '../../model/json.ts';
import Database from 'better-sqlite3';
import { Connection } from '../connection.ts';
import { coerceValue } from './coerce-value.ts';
import { ColumnPlan, type ColumnRole } from './column-plan.ts';
import { csvSource } from './csv-source.ts';
import { eventRows } from './event-rows.ts';
import {
  IMPORT_KINDS,
  type ImportFormat,
  type ImportKind,
  type ImportOptions,
  type ImportReport,
} from './import-types.ts';
import { INFERENCE_ROWS, inferFieldType } from './infer-field-type.ts';
import { itemRows } from './item-rows.ts';
import { jsonSource } from './json-source.ts';
import { jsonlSource } from './jsonl-source.ts';
import { ProblemLog, type RowLocation } from './problem-log.ts';
import { profileRows } from './profile-rows.ts';
import { sourceRecordRows } from './source-record-rows.ts';
import type { RowIssue, RowKind } from './row-kind.ts';
import type { HeaderItem, RowSource, SourceItem } from './row-source.ts';

/** Rows between two onProgress calls. */
export const PROGRESS_EVERY = 50_000;
const DEFAULT_MAX_REPORTED = 100;

const FORMATS: Record<string, ImportFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json' };

/** The import format of a file name, by extension. */
export const importFormatOf = (file: string): ImportFormat | undefined => FORMATS[extname(file).toLowerCase()];

const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const isSystemError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error &&
  typeof (e as NodeJS.ErrnoException).code === 'string' &&
  typeof (e as NodeJS.ErrnoException).syscall === 'string';

const isBusy = (e: unknown): boolean => e instanceof Error && /^SQLITE_BUSY/.test((e as { code?: string }).code ?? '');

function rowKindFor(kind: ImportKind, c: Connection, spaceId: number): RowKind<unknown> {
  switch (kind) {
    case 'profiles':
      return profileRows(c, spaceId) as RowKind<unknown>;
    case 'items':
      return itemRows(c, spaceId) as RowKind<unknown>;
    case 'events':
      return eventRows(c, spaceId) as RowKind<unknown>;
    case 'source-records':
      return sourceRecordRows(c, spaceId) as RowKind<unknown>;
  }
}

/**
 * The connection an import writes on: its own, so that the workspace's connection keeps answering
 * reads from the committed data while the import's transaction is open (WAL), and never sees a
 * half-imported file.
 */
export function openImportConnection(file: string): Result<Connection> {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    return fail('InvalidInput', `${file}: cannot open a connection to import into (${(e as Error).message})`, {
      file,
    });
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  return ok(new Connection(db));
}

function sourceFor(format: ImportFormat, file: string): RowSource {
  return format === 'csv' ? csvSource(file) : format === 'jsonl' ? jsonlSource(file) : jsonSource(file);
}

/**
 * Imports one file into a data space, all or nothing: every row is checked, valid rows are
 * written inside one IMMEDIATE transaction, and any bad row (or a cancellation) rolls the whole
 * file back. Expected failures are values: InvalidInput with every located problem (up to
 * maxReported, all counted), Cancelled, or Conflict when another writer holds the workspace.
 */
export async function importFile(
  c: Connection,
  spaceId: number,
  kind: ImportKind,
  path: string,
  opts: ImportOptions,
): Promise<Result<ImportReport>> {
  // 1. Check the request and the file before touching the database (messages name it as given).
  const file = opts.name ?? path;
  if (!IMPORT_KINDS.includes(kind))
    return fail('InvalidInput', `unknown import kind "${String(kind)}" (${IMPORT_KINDS.join(', ')})`, { file });
  const format = importFormatOf(path);
  if (!format)
    return fail('InvalidInput', `${file}: unknown format "${extname(file)}"; use .csv, .jsonl or .json`, { file });
  let totalBytes: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) return fail('InvalidInput', `${file}: not a file`, { file });
    totalBytes = st.size;
  } catch (e) {
    if (isSystemError(e) && e.code === 'ENOENT') return fail('InvalidInput', `${file}: no such file`, { file });
    if (isSystemError(e)) return fail('InvalidInput', `${file}: cannot read the file (${e.code})`, { file });
    throw e;
  }
  if (totalBytes === 0) return fail('InvalidInput', `${file}: the file is empty`, { file });
  if (opts.signal?.aborted) return fail('Cancelled', `${file}: import cancelled; nothing was imported`, { file });

  // 2. Take the write lock for the whole import.
  try {
    c.db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    if (isBusy(e))
      return fail('Conflict', `${file}: the workspace is busy (another process is writing to it); try again`, { file });
    throw e;
  }
  let committed = false;
  try {
    // 3. Read, check and write every row; 4. commit only when no row was bad.
    const run = new ImportRun(rowKindFor(kind, c, spaceId), kind, file, format, totalBytes, opts);
    const result = await run.scan(sourceFor(format, path));
    if (result.ok) {
      c.db.exec('COMMIT');
      committed = true;
    }
    return result;
  } catch (e) {
    if (isSystemError(e))
      return fail('InvalidInput', `${file}: cannot read the file (${e.code}: ${e.message})`, { file });
    throw e;
  } finally {
    if (!committed && c.db.inTransaction) c.db.exec('ROLLBACK');
  }
}

/** The state of one import while it scans its file. */
class ImportRun {
  private readonly plan: ColumnPlan;
  private readonly log: ProblemLog;
  private readonly warnings: Problem[] = [];
  private rowsRead = 0;
  private nextProgress = PROGRESS_EVERY;
  private headerSeen = false;
  private headerFailed = false;
  /** Items held back until the types of undeclared columns are inferred (undefined: not buffering). */
  private buffer: SourceItem[] | undefined;
  private bufferedRows = 0;
  private readonly infer: boolean;

  constructor(
    private readonly rows: RowKind<unknown>,
    private readonly kind: ImportKind,
    private readonly file: string,
    private readonly format: ImportFormat,
    private readonly totalBytes: number,
    private readonly opts: ImportOptions,
  ) {
    this.infer = opts.inferUndeclared ?? true;
    this.plan = new ColumnPlan(rows.columns, opts.fields, this.infer);
    this.log = new ProblemLog(file, Math.max(0, opts.maxReported ?? DEFAULT_MAX_REPORTED));
    // JSON keys are only known row by row: hold the first rows back to infer from them.
    if (this.infer && rows.columns.attributes && format !== 'csv') this.buffer = [];
  }

  async scan(source: RowSource): Promise<Result<ImportReport>> {
    for await (const batch of source.batches()) {
      if (this.opts.signal?.aborted) return this.cancelled();
      for (const item of batch) {
        if (this.buffer) this.hold(item);
        else this.handle(item);
        if (this.headerFailed) break;
      }
      if (this.headerFailed) break;
      if (this.opts.onProgress && this.rowsRead >= this.nextProgress) {
        this.opts.onProgress({ rows: this.rowsRead, bytes: source.bytesRead(), totalBytes: this.totalBytes });
        while (this.nextProgress <= this.rowsRead) this.nextProgress += PROGRESS_EVERY;
      }
    }
    if (this.opts.signal?.aborted) return this.cancelled();
    if (this.buffer) this.release();

    if (this.log.count > 0) {
      return fail('InvalidInput', this.log.summary(), {
        file: this.file,
        problems: this.log.problems,
        problemCount: this.log.count,
      });
    }
    if (this.rowsRead === 0) {
      const why =
        this.format === 'csv' && !this.headerSeen
          ? 'the file is empty'
          : this.format === 'csv'
            ? 'the file has a header but no data rows'
            : 'the file holds no rows';
      return fail('InvalidInput', `${this.file}: ${why}; nothing was imported`, { file: this.file });
    }
    const written = this.rows.finish();
    for (const w of this.rows.warnings?.() ?? []) this.warnings.push({ file: this.file, ...w });
    this.opts.onProgress?.({ rows: this.rowsRead, bytes: this.totalBytes, totalBytes: this.totalBytes });
    const report: ImportReport = {
      kind: this.kind,
      file: this.file,
      format: this.format,
      rowsRead: this.rowsRead,
      inserted: written.inserted,
      updated: written.updated,
      inferredFields: this.plan.inferred.map((f): FieldDef => ({ ...f })),
    };
    return ok(report, this.warnings);
  }

  private cancelled(): Result<ImportReport> {
    return fail('Cancelled', `${this.file}: import cancelled; nothing was imported`, { file: this.file });
  }

  /** Handles one item now (types of all columns met so far are known). */
  private handle(item: SourceItem): void {
    switch (item.kind) {
      case 'header':
        return this.checkHeader(item);
      case 'syntax':
        if (!item.fileLevel) {
          this.rowsRead++;
          this.log.badRows++;
        }
        return this.log.add(item, undefined, item.message, item.fileLevel ?? false);
      case 'row':
        this.rowsRead++;
        return this.checkRow(item.values, item);
    }
  }

  /** Holds an item back while inferring; releases the buffer after INFERENCE_ROWS rows. */
  private hold(item: SourceItem): void {
    if (item.kind === 'header') {
      this.handle(item);
      return;
    }
    this.buffer!.push(item);
    if (item.kind === 'row' && ++this.bufferedRows >= INFERENCE_ROWS) this.release();
  }

  /** Infers the types of pending columns from the held rows, then handles them. */
  private release(): void {
    const held = this.buffer!;
    this.buffer = undefined;
    for (const item of held) {
      if (item.kind !== 'row') continue;
      for (const key in item.values) if (this.plan.roleOf(key) === undefined) this.classify(key, item);
    }
    for (const name of this.plan.pending()) {
      const sample: unknown[] = [];
      for (const item of held) if (item.kind === 'row' && !isEmpty(item.values[name])) sample.push(item.values[name]);
      if (sample.length > 0) this.plan.settle(name, inferFieldType(sample));
    }
    for (const item of held) this.handle(item);
  }

  /** Classifies a new column, reporting a refused one once (as a file-level problem) or an ignored one as a warning. */
  private classify(name: string, loc: RowLocation): ColumnRole {
    const c = this.plan.classify(name);
    if (c.problem) this.log.add(loc, name, c.problem, true);
    if (c.warning) this.warnings.push({ file: this.file, field: name, message: c.warning });
    return c.role;
  }

  private checkHeader(h: HeaderItem): void {
    this.headerSeen = true;
    const loc = { line: h.line };
    const before = this.log.count;
    const seen = new Map<string, number>();
    h.columns.forEach((name, i) => {
      if (name === '') this.log.add(loc, undefined, `column ${i + 1} of the header has no name`, true);
      else if (seen.has(name))
        this.log.add(
          loc,
          name,
          `column "${name}" appears twice in the header (columns ${seen.get(name)! + 1} and ${i + 1})`,
          true,
        );
      else {
        seen.set(name, i);
        this.classify(name, loc);
      }
    });
    for (const name of this.rows.columns.required) {
      if (!seen.has(name))
        this.log.add(
          loc,
          name,
          `missing required column "${name}" (${this.kind} need ${this.rows.columns.required.join(', ')})`,
          true,
        );
    }
    if (this.log.count > before) this.headerFailed = true;
    else if (this.plan.pending().length > 0) this.buffer = [];
  }

  private checkRow(values: Record<string, unknown>, loc: RowLocation): void {
    const issues: RowIssue[] = [];
    const attributes: Record<string, Scalar> = {};
    for (const key in values) {
      let role = this.plan.roleOf(key) ?? this.classify(key, loc);
      if (role.role === 'pending') {
        // A column first met after the inference rows: its first value decides.
        if (isEmpty(values[key])) continue;
        this.plan.settle(key, inferFieldType([values[key]]));
        role = this.plan.roleOf(key)!;
      }
      if (role.role !== 'attribute') continue;
      const c = coerceValue(values[key], role.type);
      if (!c.ok) {
        const why =
          role.inferred && typeof values[key] !== 'object'
            ? ` (type ${role.type} was inferred from the first rows of the file)`
            : '';
        issues.push({ field: key, message: `${key}: ${c.message}${why}` });
      } else if (c.value !== undefined) attributes[key] = c.value;
    }
    const row = this.rows.check(values, attributes, loc, issues);
    if (issues.length > 0) {
      this.log.badRows++;
      for (const i of issues) this.log.add(loc, i.field, i.message);
    } else if (this.log.count === 0) {
      // Once a problem is found nothing will be committed: keep checking, stop writing.
      this.rows.write(row);
    }
  }
}

import type { FieldType } from '../../model/data-graph.ts';
import type { Problem } from '../../model/errors.ts';
import type { Scalar } from '../../model/json.ts';
import { coerceDatetimeMs, coerceValue, quote } from './coerce-value.ts';
import type { KindColumns } from './column-plan.ts';
import { describeLocation, type RowLocation } from './problem-log.ts';

/** One problem of one row; the message starts with the field name when there is one. */
export interface RowIssue {
  field?: string;
  message: string;
}

/** How one kind of import checks and writes its rows (inside the import's transaction). */
export interface RowKind<Row> {
  columns: KindColumns;
  /** Checks a row's base columns (attributes are already coerced); returns the row, or pushes issues. */
  check(
    values: Record<string, unknown>,
    attributes: Record<string, Scalar>,
    loc: RowLocation,
    issues: RowIssue[],
  ): Row | undefined;
  write(row: Row): void;
  /** Ends the writes (counts, sequences) and says what was written. */
  finish(): { inserted: number; updated: number };
  /** Row warnings (located, capped) reported with a successful import; the importer adds the file. */
  warnings?(): Problem[];
}

/** Reads one base column with its type; pushes an issue when invalid, or when required and absent. */
export function readBase(
  values: Record<string, unknown>,
  name: string,
  type: FieldType,
  required: boolean,
  issues: RowIssue[],
): Scalar | undefined {
  const raw = values[name];
  const c = coerceValue(raw, type);
  if (!c.ok) {
    issues.push({ field: name, message: `${name}: ${c.message}` });
    return undefined;
  }
  if (c.value === undefined && required) missing(name, raw, issues);
  return c.value;
}

function missing(name: string, raw: unknown, issues: RowIssue[]): void {
  issues.push({
    field: name,
    message: `${name}: ${raw === undefined ? 'missing' : raw === null ? 'null' : 'empty'} (a value is required)`,
  });
}

// C0 controls (NUL, tab, newline...), DEL and C1 controls: an id holding one cannot be told apart
// from its neighbours in a terminal, a log or a CSV export.
// eslint-disable-next-line no-control-regex
const ID_CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Reads a required id column: a string, trimmed; pushes an issue when absent, blank or holding a
 * control character (so " a", "a" and "a\u0000" never name different individuals or items).
 */
export function readId(values: Record<string, unknown>, name: string, issues: RowIssue[]): string | undefined {
  const raw = readBase(values, name, 'string', true, issues);
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  if (id === '') {
    issues.push({ field: name, message: `${name}: blank (a value is required)` });
    return undefined;
  }
  const control = ID_CONTROL_RE.exec(id);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    issues.push({ field: name, message: `${name}: ${quote(id)} contains the control character ${code}` });
    return undefined;
  }
  return id;
}

/** Reads a required datetime base column as epoch milliseconds; pushes an issue when invalid or absent. */
export function readTimestamp(values: Record<string, unknown>, name: string, issues: RowIssue[]): number | undefined {
  const raw = values[name];
  const c = coerceDatetimeMs(raw);
  if (!c.ok) issues.push({ field: name, message: `${name}: ${c.message}` });
  else if (c.ms === undefined) missing(name, raw, issues);
  else return c.ms;
  return undefined;
}

/** Remembers ids seen in a file, to refuse duplicates with the location of the first one. */
export class DuplicateIds {
  private readonly seen = new Map<string, RowLocation>();

  /** Pushes an issue when the id was seen before; otherwise remembers it. */
  check(id: string, loc: RowLocation, issues: RowIssue[]): void {
    const first = this.seen.get(id);
    if (first)
      issues.push({
        field: 'id',
        message: `id: ${JSON.stringify(id)} appears more than once in the file; first on ${describeLocation(first)}`,
      });
    else this.seen.set(id, loc.line !== undefined ? { line: loc.line } : { path: loc.path! });
  }
}

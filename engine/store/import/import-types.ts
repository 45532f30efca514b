import type { FieldDef } from '../../model/data-graph.ts';

/** What an import file holds. */
export type ImportKind = 'profiles' | 'items' | 'events' | 'source-records';
export const IMPORT_KINDS: readonly ImportKind[] = ['profiles', 'items', 'events', 'source-records'];

/** File formats, chosen by extension (.csv, .jsonl or .ndjson, .json). */
export type ImportFormat = 'csv' | 'jsonl' | 'json';

/** Progress of a running import. */
export interface ImportProgress {
  /** Data rows read so far. */
  rows: number;
  /** Bytes of the file read so far. */
  bytes: number;
  totalBytes: number;
}

/** How to read an import file. */
export interface ImportOptions {
  /** Declared fields: the profile data graph's fields, or the item data graph's extra fields. */
  fields: FieldDef[];
  /** Infer the type of undeclared columns from the first 1,000 rows (default true); else they are refused. */
  inferUndeclared?: boolean;
  /** How many problems the failure lists (default 100); all are counted. */
  maxReported?: number;
  /** How messages, problems and the report name the file (default: its path; an upload: its own name). */
  name?: string;
  /** Cancels the import: it rolls back and fails with code Cancelled. */
  signal?: AbortSignal;
  /** Called about every 50,000 rows, and once at the end. */
  onProgress?: (p: ImportProgress) => void;
}

/** What a successful import did. */
export interface ImportReport {
  kind: ImportKind;
  file: string;
  format: ImportFormat;
  /** Data rows read (header and blank lines excluded). */
  rowsRead: number;
  /** New rows (new ids for profiles and items; every event). */
  inserted: number;
  /** Existing profiles or items (same id) that were replaced. Always 0 for events. */
  updated: number;
  /** Undeclared columns and the types inferred for them, to add to the data graph. */
  inferredFields: FieldDef[];
}

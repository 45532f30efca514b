/** What a file reader hands the importer: rows with their location, in file order. */

/** The CSV header (JSON formats have none). */
export interface HeaderItem {
  kind: 'header';
  columns: string[];
  line: number;
}

/** One data row: raw values by column/key (strings for CSV, JSON values for JSON). */
export interface RowItem {
  kind: 'row';
  values: Record<string, unknown>;
  /** 1-based physical line where the row starts (CSV, JSONL). */
  line?: number;
  /** JSON path of the row (.json), e.g. $[12]. */
  path?: string;
}

/** A row or part of the file that could not be read (syntax). */
export interface SyntaxItem {
  kind: 'syntax';
  message: string;
  line?: number;
  path?: string;
  /** True when the problem concerns the whole file rather than one row. */
  fileLevel?: boolean;
}

export type SourceItem = HeaderItem | RowItem | SyntaxItem;

/** A reader of one import file. */
export interface RowSource {
  format: 'csv' | 'jsonl' | 'json';
  /** Items in file order, in batches (one await per batch, not per row). */
  batches(): AsyncGenerator<SourceItem[]>;
  /** Bytes of the file read so far. */
  bytesRead(): number;
}

/** Rows per batch handed to the importer. */
export const SOURCE_BATCH = 1000;

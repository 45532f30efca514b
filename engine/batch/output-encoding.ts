import type { OutputEntry } from '../store/outputs.ts';

/** The columns of a CSV output file, in order (the JSONL keys are the same, camel-cased). */
export const OUTPUT_CSV_COLUMNS = ['run_id', 'individual_id', 'point', 'status', 'personalization_id', 'content_id', 'error_code', 'error_message', 'payload'] as const;

/** The header line of a CSV output file. */
export const csvHeader = (): string => OUTPUT_CSV_COLUMNS.join(',') + '\n';

/** RFC 4180 quoting: quoted when the value holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (with its newline) of an output row; the payload is its JSON text. */
export function csvLine(runId: number, e: OutputEntry): string {
  return (
    [runId, e.individualId, e.point, e.status, e.personalizationId, e.contentId, e.errorCode, e.errorMessage, e.payload].map(csvField).join(',') + '\n'
  );
}

/**
 * One JSONL line (with its newline) of an output row. Every key is always present, in a fixed
 * order; `payload` is the personalization's data object (null for none and error rows).
 */
export function jsonlLine(runId: number, e: OutputEntry): string {
  return (
    `{"runId":${runId},"individualId":${JSON.stringify(e.individualId)},"point":${JSON.stringify(e.point)},"status":"${e.status}",` +
    `"personalizationId":${JSON.stringify(e.personalizationId)},"contentId":${JSON.stringify(e.contentId)},` +
    `"errorCode":${JSON.stringify(e.errorCode)},"errorMessage":${JSON.stringify(e.errorMessage)},"payload":${e.payload ?? 'null'}}\n`
  );
}

/** How a chunk's output rows leave the worker: as rows (records, stream) or as file text. */
export type OutputEncoding = 'rows' | 'jsonl' | 'csv';

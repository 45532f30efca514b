import type { OutputEntry } from '../store/outputs.ts';

/** The columns of a CSV output file, in order (the JSONL keys are the same, camel-cased). */
export const OUTPUT_CSV_COLUMNS = [
  'run_id',
  'individual_id',
  'point',
  'status',
  'personalization_id',
  'content_id',
  'error_code',
  'error_message',
  'payload',
] as const;

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
    [runId, e.individualId, e.point, e.status, e.personalizationId, e.contentId, e.errorCode, e.errorMessage, e.payload]
      .map(csvField)
      .join(',') + '\n'
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

const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes of output lines, in a buffer of their own (transferable to another thread):
 * each line is encoded straight into place, with no joined copy of the chunk's text in between.
 */
export function encodeLines(lines: readonly string[]): Uint8Array {
  let size = 0;
  for (const line of lines) size += line.length;
  let buf = new Uint8Array(Math.max(64, size + (size >> 3)));
  let at = 0;
  for (const line of lines) {
    let rest = line;
    for (;;) {
      const { read, written } = utf8.encodeInto(rest, buf.subarray(at));
      at += written;
      if (read === rest.length) break;
      // Not ASCII after all: room for the rest at up to 3 bytes per UTF-16 unit.
      rest = rest.slice(read);
      const bigger = new Uint8Array(Math.max(buf.length * 2, at + rest.length * 3));
      bigger.set(buf.subarray(0, at));
      buf = bigger;
    }
  }
  return buf.slice(0, at);
}

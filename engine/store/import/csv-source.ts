import { createReadStream, type ReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import { SOURCE_BATCH, type RowSource, type SourceItem } from './row-source.ts';

interface SkipMarker {
  skipped: CsvError;
}

const countNewlines = (s: string): number => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

function describeCsvError(err: CsvError, startLine: number): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `unclosed quote: the quoted field that starts on line ${startLine} runs to the end of the file (is the file truncated?)`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'invalid closing quote: a quoted field must be followed by a delimiter or the end of the line (write a quote inside a quoted field as "")';
    case 'INVALID_OPENING_QUOTE':
      return 'invalid opening quote: a quote inside an unquoted field (quote the whole field and double the inner quote)';
    case 'CSV_MAX_RECORD_SIZE':
      return 'the row is too long (over 128,000 characters); is a quote unclosed?';
    default:
      return `malformed CSV: ${err.message}`;
  }
}

/**
 * Streams a CSV file through csv-parse (never holding the file in memory). Records come as
 * arrays, not objects: csv-parse's `columns: true` and `info: true` together more than double
 * its parse time, so the header is mapped here and line numbers are counted here (a record
 * starts where the previous one ended; quoted fields may span lines). Rows whose field count
 * differs from the header's are passed on as syntax problems and reading continues.
 */
export function csvSource(file: string): RowSource {
  let stream: ReadStream | undefined;
  return {
    format: 'csv',
    bytesRead: () => stream?.bytesRead ?? 0,
    async *batches(): AsyncGenerator<SourceItem[]> {
      stream = createReadStream(file, { highWaterMark: 1 << 16 });
      // Skipped records are pushed in-band so they stay in file order with the records.
      const parser = parse({
        bom: true,
        relax_column_count: true,
        skip_records_with_error: true,
        on_skip: (err) => {
          if (err) parser.push({ skipped: err } satisfies SkipMarker);
          return undefined;
        },
      });
      stream.on('error', (e) => parser.destroy(e));
      stream.pipe(parser);

      let line = 1; // where the next record starts
      let header: string[] | undefined;
      let batch: SourceItem[] = [];
      try {
        for await (const rec of parser as AsyncIterable<string[] | SkipMarker>) {
          if (!Array.isArray(rec)) {
            const err = rec.skipped;
            batch.push({ kind: 'syntax', line, message: describeCsvError(err, line) });
            // Resynchronise on the parser's own count: the skipped text ended on err.lines.
            const at = typeof err.lines === 'number' ? err.lines : line;
            line = Math.max(line, at) + 1;
            continue;
          }
          const start = line;
          let spanned = 0;
          for (const f of rec) if (f.indexOf('\n') !== -1) spanned += countNewlines(f);
          line += 1 + spanned;
          if (rec.length === 1 && rec[0] === '') continue; // blank line
          if (header === undefined) {
            header = rec.map((c) => c.trim());
            batch.push({ kind: 'header', columns: header, line: start });
            continue;
          }
          if (rec.length !== header.length) {
            batch.push({
              kind: 'syntax',
              line: start,
              message: `the row has ${rec.length} field${rec.length === 1 ? '' : 's'} but the header has ${header.length} (inconsistent column count${rec.length < header.length ? '; is the file truncated?' : ''})`,
            });
            continue;
          }
          const values: Record<string, string> = {};
          for (let i = 0; i < header.length; i++) values[header[i]!] = rec[i]!;
          batch.push({ kind: 'row', values, line: start });
          if (batch.length >= SOURCE_BATCH) {
            yield batch;
            batch = [];
          }
        }
      } catch (e) {
        const err = e as CsvError & { code?: string };
        if (typeof err.code === 'string' && (err.code.startsWith('CSV_') || err.code === 'INVALID_OPENING_QUOTE')) {
          batch.push({ kind: 'syntax', line, message: describeCsvError(err, line) });
        } else throw e;
      } finally {
        stream.destroy();
        parser.destroy();
      }
      if (batch.length > 0) yield batch;
    },
  };
}

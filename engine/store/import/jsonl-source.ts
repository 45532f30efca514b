import { createReadStream, type ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { SOURCE_BATCH, type RowSource, type SourceItem } from './row-source.ts';
import { locateJsonError } from './json-error-location.ts';

/** Why a JSON text failed to parse, with the column when it can be found. */
export function jsonLineProblem(text: string, fallback: unknown): string {
  const at = locateJsonError(text);
  if (at) return `invalid JSON at column ${at.offset + 1}: ${at.reason}`;
  return `invalid JSON: ${fallback instanceof Error ? fallback.message : String(fallback)}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Streams a JSON Lines file line by line (node:readline): one JSON object per line, blank lines
 * ignored. A line that is not valid JSON, or not an object, is a problem of that line; reading
 * goes on.
 */
export function jsonlSource(file: string): RowSource {
  let stream: ReadStream | undefined;
  return {
    format: 'jsonl',
    bytesRead: () => stream?.bytesRead ?? 0,
    async *batches(): AsyncGenerator<SourceItem[]> {
      stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      let n = 0;
      let batch: SourceItem[] = [];
      try {
        for await (let text of lines) {
          n++;
          if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          if (text.trim() === '') continue;
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (e) {
            batch.push({ kind: 'syntax', line: n, message: jsonLineProblem(text, e) });
            continue;
          }
          if (!isPlainObject(value)) {
            batch.push({
              kind: 'syntax',
              line: n,
              message: `expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value).slice(0, 40)}`,
            });
            continue;
          }
          batch.push({ kind: 'row', values: value, line: n });
          if (batch.length >= SOURCE_BATCH) {
            yield batch;
            batch = [];
          }
        }
      } finally {
        lines.close();
        stream.destroy();
      }
      if (batch.length > 0) yield batch;
    },
  };
}

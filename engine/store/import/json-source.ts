import { readFile } from 'node:fs/promises';
import { SOURCE_BATCH, type RowSource, type SourceItem } from './row-source.ts';
import { lineAndColumn, locateJsonError } from './json-error-location.ts';

/** Largest .json file read whole; bigger files should be JSON Lines or CSV, which stream. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Reads a .json file holding one array of objects. The file is parsed whole (JSON arrays do not
 * stream with JSON.parse), so it is capped at MAX_JSON_BYTES; rows are located by array index
 * in their path ($[12]). A syntax error is reported with its line and column.
 */
export function jsonSource(file: string): RowSource {
  let bytes = 0;
  return {
    format: 'json',
    bytesRead: () => bytes,
    async *batches(): AsyncGenerator<SourceItem[]> {
      const buffer = await readFile(file);
      bytes = buffer.length;
      if (buffer.length > MAX_JSON_BYTES) {
        yield [
          {
            kind: 'syntax',
            fileLevel: true,
            message: `the file is ${Math.round(buffer.length / 2 ** 20)} MiB; .json files are read whole and limited to ${MAX_JSON_BYTES / 2 ** 20} MiB — use JSON Lines (.jsonl) or CSV, which stream`,
          },
        ];
        return;
      }
      let text = buffer.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (e) {
        const at = locateJsonError(text);
        if (at) {
          const { line, column } = lineAndColumn(text, at.offset);
          yield [
            {
              kind: 'syntax',
              fileLevel: true,
              line,
              message: `invalid JSON at line ${line}, column ${column}: ${at.reason}`,
            },
          ];
        } else yield [{ kind: 'syntax', fileLevel: true, message: `invalid JSON: ${(e as Error).message}` }];
        return;
      }
      if (!Array.isArray(data)) {
        yield [
          {
            kind: 'syntax',
            fileLevel: true,
            path: '$',
            message: 'a .json import file must hold an array of objects, e.g. [{"id": "p1"}, ...]',
          },
        ];
        return;
      }
      let batch: SourceItem[] = [];
      for (let i = 0; i < data.length; i++) {
        const v: unknown = data[i];
        const path = `$[${i}]`;
        if (typeof v === 'object' && v !== null && !Array.isArray(v))
          batch.push({ kind: 'row', values: v as Record<string, unknown>, path });
        else
          batch.push({
            kind: 'syntax',
            path,
            message: `expected an object, found ${Array.isArray(v) ? 'an array' : JSON.stringify(v)?.slice(0, 40)}`,
          });
        if (batch.length >= SOURCE_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SOURCE_BATCH, type RowSource, type SourceItem } from './row-source.ts';
import { lineAndColumn, locateJsonError } from './json-error-location.ts';

/** Largest .json file read whole; bigger files should be JSON Lines or CSV, which stream. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Reads a .json file holding one array of objects. The file is parsed whole (JSON arrays do not
 * stream with JSON.parse), so it is capped at MAX_JSON_BYTES; rows are located by array index
 * in their path ($[12]). A syntax error is reported with its line and column.
 */
export function jsonSource(file: string, opts: { maxBytes?: number } = {}): RowSource {
  const maxBytes = opts.maxBytes ?? MAX_JSON_BYTES;
  let bytes = 0;
  return {
    format: 'json',
    bytesRead: () => bytes,
    async *batches(): AsyncGenerator<SourceItem[]> {
      // Size first (stat), and a byte limit while reading for devices and pipes whose size is
      // unknown (/dev/zero): a huge file is refused before it is read into memory.
      const buffer = await readAtMost(file, maxBytes);
      bytes = buffer === undefined ? maxBytes : buffer.length;
      if (buffer === undefined) {
        yield [
          {
            kind: 'syntax',
            fileLevel: true,
            message: `the file is larger than ${formatBytes(maxBytes)}; .json files are read whole and limited to ${formatBytes(maxBytes)} (the maximum .json file size) — use JSON Lines (.jsonl) or CSV, which stream`,
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

const formatBytes = (n: number): string => (n >= 2 ** 20 ? `${n / 2 ** 20} MiB` : `${n} bytes`);

/** The file's bytes, or undefined when it holds more than `limit` (checked before reading when it can be). */
async function readAtMost(file: string, limit: number): Promise<Buffer | undefined> {
  const st = await stat(file);
  if (st.isFile() && st.size > limit) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(file, { end: limit })) {
    const b = chunk as Buffer;
    total += b.length;
    chunks.push(b);
    if (total > limit) return undefined;
  }
  return Buffer.concat(chunks, total);
}

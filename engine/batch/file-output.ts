import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { fail, ok, type Result } from '../model/errors.ts';
import { csvHeader } from './output-encoding.ts';
import { isSqliteFile } from './output-target.ts';

/** The file a run appends to until it succeeds; then it is moved to the output's path. */
export const partialOutputPath = (target: string, runId: number): string => `${target}.run${runId}.partial`;

/**
 * A run's output file (JSONL or CSV), written as `<path>.run<id>.partial` and moved to its path
 * when the run succeeds. Chunks are appended in order; the byte offset after each chunk is
 * committed with the chunk, so resume truncates the file to the last committed offset (dropping
 * lines of a chunk that was written but never committed) and appends from there. An SQLite file is
 * never opened for writing.
 */
export class FileOutput {
  private constructor(
    readonly path: string,
    private fd: number,
    private offset: number,
  ) {}

  /** Creates (or empties) the file and writes the CSV header; `base` is the offset after it. */
  static create(path: string, format: 'jsonl' | 'csv'): Result<{ file: FileOutput; base: number }> {
    if (isSqliteFile(path))
      return fail('InvalidInput', `${path} is an SQLite database; a run's output never writes there`, { file: path });
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (e) {
      return fail(
        'InvalidInput',
        `${path}: cannot write the output file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file: path },
      );
    }
    const file = new FileOutput(path, fd, 0);
    const base = format === 'csv' ? file.append(csvHeader()) : 0;
    return ok({ file, base });
  }

  /** Reopens the file of an interrupted run and cuts it back to `committedBytes`. */
  static reopen(path: string, committedBytes: number): Result<FileOutput> {
    if (isSqliteFile(path))
      return fail('InvalidInput', `${path} is an SQLite database; a run's output never writes there`, { file: path });
    let fd: number;
    try {
      fd = openSync(path, 'r+');
    } catch (e) {
      return fail(
        'InvalidInput',
        `${path}: cannot reopen the run's output file to resume (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        { file: path },
      );
    }
    const size = fstatSync(fd).size;
    if (size < committedBytes) {
      closeSync(fd);
      return fail(
        'InvalidInput',
        `${path} holds ${size} bytes, fewer than the ${committedBytes} the run committed; it was changed since, so the run cannot be resumed into it`,
        { file: path },
      );
    }
    ftruncateSync(fd, committedBytes);
    return ok(new FileOutput(path, fd, committedBytes));
  }

  /** Appends text (or UTF-8 bytes) at the end; returns the offset after it. */
  append(text: string | Uint8Array): number {
    if (text.length === 0) return this.offset;
    const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let written = 0;
    while (written < buf.length)
      written += writeSync(this.fd, buf, written, buf.length - written, this.offset + written);
    this.offset += buf.length;
    return this.offset;
  }

  get bytes(): number {
    return this.offset;
  }

  /** Flushes to disk and closes. */
  close(): void {
    if (this.fd < 0) return;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

// Request bodies under a size limit: JSON op inputs in memory, uploads streamed to a file.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

export type BodyOutcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 413; message: string };

const tooLarge = (limit: number): BodyOutcome<never> => ({
  ok: false,
  status: 413,
  message: `the request body is larger than ${limit.toLocaleString('en-US')} bytes`,
});

/** The declared Content-Length when it already exceeds the limit (answer 413 before reading). */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const len = Number(req.headers['content-length']);
  return Number.isFinite(len) && len > limit;
}

/** Reads a JSON body of at most `limit` bytes; an empty body is `{}`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyOutcome<unknown>> {
  if (declaredTooLarge(req, limit)) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, status: 400, message: `the request body is not JSON (${(e as Error).message})` };
  }
}

/** Streams a body of at most `limit` bytes into `file`; on any failure the partial file is removed. */
export async function streamBodyToFile(
  req: IncomingMessage,
  file: string,
  limit: number,
): Promise<BodyOutcome<number>> {
  if (declaredTooLarge(req, limit)) return tooLarge(limit);
  const out = createWriteStream(file, { flags: 'wx' });
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        out.destroy();
        await rm(file, { force: true });
        return tooLarge(limit);
      }
      // Respect back-pressure: wait for the file to drain before reading more.
      if (!out.write(chunk))
        await new Promise<void>((resolve, reject) => out.once('drain', resolve).once('error', reject));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { ok: true, value: size };
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
}

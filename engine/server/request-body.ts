// Request bodies under a size limit and a time limit: JSON op inputs in memory, uploads streamed to a
// file. A body that trickles in (a few bytes now and then) is cut with 408 instead of holding the
// single server process forever.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

export type BodyOutcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 408 | 413; message: string };

/** How long a body may take: `ms` in all, plus one second per `bytesPerSecond` received (uploads). */
export interface BodyTiming {
  ms: number;
  bytesPerSecond?: number;
}

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

const TIMED_OUT = Symbol('timed out');

/**
 * The body's chunks, each handed to `take`, until the body ends, `take` says stop, or the time is up
 * (a deadline that grows with the bytes received when `bytesPerSecond` is set).
 */
async function readChunks(
  req: IncomingMessage,
  timing: BodyTiming,
  take: (chunk: Buffer) => Promise<boolean> | boolean,
): Promise<'done' | 'stopped' | 'timeout'> {
  const started = performance.now();
  let received = 0;
  const deadline = () => started + timing.ms + (timing.bytesPerSecond ? (received / timing.bytesPerSecond) * 1000 : 0);
  let timer: NodeJS.Timeout | undefined;
  let fire: (v: typeof TIMED_OUT) => void = () => {};
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (fire = resolve));
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => (performance.now() >= deadline() ? fire(TIMED_OUT) : arm()),
      Math.max(1, deadline() - performance.now()),
    );
  };
  arm();
  const it = (req as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([it.next(), timeout]);
      if (next === TIMED_OUT) return 'timeout';
      if (next.done) return 'done';
      received += next.value.length;
      if (!(await take(next.value))) return 'stopped';
    }
  } finally {
    clearTimeout(timer);
  }
}

const timedOut = (timing: BodyTiming): BodyOutcome<never> => ({
  ok: false,
  status: 408,
  message: `the request body did not arrive within ${timing.ms / 1000} s${timing.bytesPerSecond ? ` (plus 1 s per ${(timing.bytesPerSecond / 1048576).toFixed(0)} MiB)` : ''}`,
});

/** Reads a JSON body of at most `limit` bytes within `timing`; an empty body is `{}`. */
export async function readJsonBody(
  req: IncomingMessage,
  limit: number,
  timing: BodyTiming = { ms: 30_000 },
): Promise<BodyOutcome<unknown>> {
  if (declaredTooLarge(req, limit)) return tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  const end = await readChunks(req, timing, (chunk) => {
    size += chunk.length;
    if (size > limit) return false;
    chunks.push(chunk);
    return true;
  });
  if (end === 'timeout') return timedOut(timing);
  if (end === 'stopped') return tooLarge(limit);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, status: 400, message: `the request body is not JSON (${(e as Error).message})` };
  }
}

/** Streams a body of at most `limit` bytes into `file` within `timing`; on any failure the partial file is removed. */
export async function streamBodyToFile(
  req: IncomingMessage,
  file: string,
  limit: number,
  timing: BodyTiming = { ms: 30_000, bytesPerSecond: 1048576 },
): Promise<BodyOutcome<number>> {
  if (declaredTooLarge(req, limit)) return tooLarge(limit);
  const out = createWriteStream(file, { flags: 'wx' });
  let size = 0;
  try {
    const end = await readChunks(req, timing, async (chunk) => {
      size += chunk.length;
      if (size > limit) return false;
      // Respect back-pressure: wait for the file to drain before reading more.
      if (!out.write(chunk))
        await new Promise<void>((resolve, reject) => out.once('drain', resolve).once('error', reject));
      return true;
    });
    if (end !== 'done') {
      out.destroy();
      await rm(file, { force: true });
      return end === 'timeout' ? timedOut(timing) : tooLarge(limit);
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { ok: true, value: size };
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
}

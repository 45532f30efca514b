// Server-sent events of the jobs registry: progress and ended events as they happen (each names its
// job's kind, so the renderer narrows on it), the running jobs on connect (so a reloaded page
// catches up), and a heartbeat comment that keeps proxies and idle timeouts from closing a quiet stream.
import type { ServerResponse } from 'node:http';
import { jobEvent, type JobEvent, type JobRegistry } from '../service/jobs.ts';

/** The SSE event name of a JobEvent (the client listens for it). */
export const JOB_EVENT = 'job';
/** How long the browser waits before reconnecting after a drop (ms). */
export const RETRY_MS = 2000;

const frame = (e: JobEvent): string => `event: ${JOB_EVENT}\ndata: ${JSON.stringify(e)}\n\n`;

/** Streams job events to one response until it closes; returns a function that ends the stream. */
export function streamJobEvents(
  res: ServerResponse,
  jobs: JobRegistry,
  headers: Record<string, string>,
  heartbeatMs: number,
): () => void {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${RETRY_MS}\n\n`);
  for (const job of jobs.list()) if (job.status === 'running') res.write(frame(jobEvent('progress', job)));
  const unsubscribe = jobs.subscribe((e) => res.write(frame(e)));
  const beat = setInterval(() => res.write(`: heartbeat ${Date.now()}\n\n`), heartbeatMs);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(beat);
    unsubscribe();
    res.end();
  };
  res.on('close', end);
  return end;
}

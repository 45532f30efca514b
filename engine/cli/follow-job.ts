import type { JobEvent, JobInfo } from '../service/jobs.ts';
import type { Service } from '../service/service.ts';
import { progressLine, type Io } from './output.ts';
import { onStopSignal } from './stop-signal.ts';

/** How a followed job shows its progress and what Ctrl-C does to it. */
export interface JobFollower {
  /** A progress event of the job (its label and progress as reported). */
  progress(job: JobInfo): void;
  /** Called on Ctrl-C or SIGTERM: say so and ask the job to stop. */
  cancel(): void;
  /** The view is done (the job ended, or Ctrl-C). */
  stop(): void;
}

/** Waits for a job of this process, feeding its progress events to `follower`; returns the ended job. */
export async function waitForJob(service: Service, jobId: string, follower: JobFollower): Promise<JobInfo> {
  const off = service.context.jobs.subscribe((e: JobEvent) => {
    if (e.job.id === jobId && e.type === 'progress') follower.progress(e.job);
  });
  const offSignals = onStopSignal(() => {
    follower.stop();
    follower.cancel();
  });
  try {
    const ended = await service.call('jobs.wait', { id: jobId });
    if (!ended.ok) throw new Error(ended.error.message);
    return ended.data;
  } finally {
    offSignals();
    off();
    follower.stop();
  }
}

/**
 * Waits for a job of this process, showing its progress (a line on a terminal, JSON lines on
 * stderr with --json, nothing otherwise) and cancelling it on Ctrl-C or SIGTERM. Returns the ended job.
 */
export function followJob(io: Io, service: Service, jobId: string, json: boolean): Promise<JobInfo> {
  const line = progressLine(io);
  return waitForJob(service, jobId, {
    progress: ({ label, progress: p }) => {
      if (json) io.err(JSON.stringify({ progress: p }) + '\n');
      else line.update(`${label}: ${p.message ?? ''}${p.total ? ` (${p.done}/${p.total})` : ''}`);
    },
    cancel: () => {
      io.err('\nworkbench: cancelling (Ctrl-C again to quit at once)\n');
      service.context.jobs.cancel(jobId);
    },
    stop: () => line.done(),
  });
}

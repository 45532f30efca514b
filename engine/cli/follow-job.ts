import type { JobEvent, JobInfo } from '../service/jobs.ts';
import type { Service } from '../service/service.ts';
import { progressLine, type Io } from './output.ts';

/**
 * Waits for a job of this process, showing its progress (a line on a terminal, JSON lines on
 * stderr with --json, nothing otherwise) and cancelling it on Ctrl-C. Returns the ended job.
 */
export async function followJob(io: Io, service: Service, jobId: string, json: boolean): Promise<JobInfo> {
  const line = progressLine(io);
  const off = service.context.jobs.subscribe((e: JobEvent) => {
    if (e.job.id !== jobId || e.type !== 'progress') return;
    const p = e.job.progress;
    if (json) io.err(JSON.stringify({ progress: p }) + '\n');
    else line.update(`${e.job.label}: ${p.message ?? ''}${p.total ? ` (${p.done}/${p.total})` : ''}`);
  });
  const onSigint = () => {
    line.done();
    io.err('\nworkbench: cancelling (Ctrl-C again to quit at once)\n');
    service.context.jobs.cancel(jobId);
  };
  process.once('SIGINT', onSigint);
  try {
    const ended = await service.call('jobs.wait', { id: jobId });
    if (!ended.ok) throw new Error(ended.error.message);
    return ended.data;
  } finally {
    process.removeListener('SIGINT', onSigint);
    off();
    line.done();
  }
}

import type { JobId, JobInfo, JobKind } from '../service/jobs.ts';
import type { Service } from '../service/service.ts';
import { progressLine, type Io } from './output.ts';
import { onStopSignal } from './stop-signal.ts';

/** How a followed job shows its progress (default: one line on a terminal, JSON lines with --json). */
export interface JobView<K extends JobKind> {
  /** A progress event of the job, typed by its kind. */
  progress(job: JobInfo<K>): void;
  /** The view is done (the job ended, or Ctrl-C). */
  stop(): void;
}

export interface FollowOptions<K extends JobKind> {
  /** --json: progress goes to stderr as JSON lines (stdout keeps one document). */
  json: boolean;
  /** The progress line's text (default: the label, the message and done/total). */
  line?: (job: JobInfo<K>) => string | undefined;
  /** A view of its own instead of the line (a run's progress bar). */
  view?: JobView<K>;
  /** What Ctrl-C or SIGTERM does (default: say so and cancel the job). */
  cancel?: () => void;
}

const defaultLine = ({ label, progress: p }: JobInfo): string =>
  `${label}: ${p.message ?? ''}${p.total ? ` (${p.done}/${p.total})` : ''}`;

/** The progress line (or JSON lines) view of a job. */
function lineView<K extends JobKind>(io: Io, opts: FollowOptions<K>): JobView<K> {
  const line = progressLine(io);
  return {
    progress: (job) => {
      if (opts.json) io.err(JSON.stringify({ progress: job.progress }) + '\n');
      else {
        const text = opts.line ? opts.line(job) : defaultLine(job);
        if (text !== undefined) line.update(text);
      }
    },
    stop: () => line.done(),
  };
}

/**
 * The CLI's one way to follow a job of this process: shows its typed progress, cancels it on
 * Ctrl-C or SIGTERM, and resolves to the ended job, typed by the kind its id carries.
 */
export async function followJob<K extends JobKind>(
  io: Io,
  service: Service,
  jobId: JobId<K>,
  opts: FollowOptions<K>,
): Promise<JobInfo<K>> {
  const { jobs } = service.context;
  const view = opts.view ?? lineView(io, opts);
  const off = jobs.watch(jobId, (job) => view.progress(job));
  const onSigint = () => {
    view.stop();
    if (opts.cancel) opts.cancel();
    else {
      io.err('\nworkbench: cancelling (Ctrl-C again to quit at once)\n');
      jobs.cancel(jobId);
    }
  };
  const offSignals = onStopSignal(onSigint);
  try {
    const ended = jobs.wait(jobId);
    if (!ended) throw new Error(`no job ${jobId} in this process`);
    return await ended;
  } finally {
    offSignals();
    off();
    view.stop();
  }
}

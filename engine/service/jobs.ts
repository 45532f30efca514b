import type { Fault, Problem, Result } from '../model/errors.ts';
import { faultOfError } from './fault-of-error.ts';
import type { JobTypes } from './operations.ts';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * Progress of long work: what the CLI's progress bar and the UI render. `C` types the running
 * counters of a kind of job (a run's requests, errors and credits; an import's rows).
 */
export interface JobProgress<C extends Record<string, number> = Record<string, number>> {
  done: number;
  /** null while the total is unknown. */
  total: number | null;
  /** Units per second, over the whole job so far. */
  rate?: number;
  etaSeconds?: number | null;
  /** Phase or short status text, e.g. "refreshing data graph". */
  message?: string;
  /** Running counters, absent until the job reports them. */
  counters?: C;
}

/** What one kind of job reports while it runs and ends with (an entry of JobTypes). */
export interface JobType<P extends JobProgress, R> {
  progress: P;
  result: R;
}

/** Every kind of job the operations start (engine/service/operations.ts joins them). */
export type JobKind = keyof JobTypes;
export type JobProgressOf<K extends JobKind> = JobTypes[K]['progress'];
export type JobResultOf<K extends JobKind> = JobTypes[K]['result'];

declare const jobKindTag: unique symbol;
/** A job id that remembers the kind of its job (a plain string at run time and in JSON). */
export type JobId<K extends JobKind = JobKind> = string & { readonly [jobKindTag]?: K };

/** Where a job is: running, or ended with its result (succeeded) or its fault (failed, cancelled). */
export type JobState<R> =
  | { status: 'running'; result?: undefined; error?: undefined }
  | { status: 'succeeded'; result: R; warnings?: Problem[]; error?: undefined }
  | { status: 'failed' | 'cancelled'; result?: undefined; error: Fault };

/** One job of one kind, as reported. */
export type JobInfoOf<K extends JobKind> = {
  id: JobId<K>;
  kind: K;
  label: string;
  startedAt: string;
  endedAt: string | null;
  progress: JobProgressOf<K>;
} & JobState<JobResultOf<K>>;

/** A job: for the default, the union of every kind, narrowed by `kind` (then by `status`). */
export type JobInfo<K extends JobKind = JobKind> = K extends JobKind ? JobInfoOf<K> : never;

/** A progress or ended event of a job; `kind` narrows `job`. */
export type JobEvent<K extends JobKind = JobKind> = K extends JobKind
  ? { type: 'progress' | 'ended'; kind: K; job: JobInfoOf<K> }
  : never;

/** The event of a job: the kind beside the job, so that a listener can narrow on either. */
export const jobEvent = (type: 'progress' | 'ended', job: JobInfo): JobEvent =>
  // For each member of JobInfo, { type, kind: job.kind, job } is the JobEvent member of that kind.
  ({ type, kind: job.kind, job }) as JobEvent;

/** The Result a job ended with: its result, or its fault. */
export function jobOutcome<K extends JobKind>(job: JobInfo<K>): Result<JobResultOf<K>> {
  if (job.status === 'succeeded')
    return { ok: true, data: job.result, ...(job.warnings ? { warnings: job.warnings } : {}) };
  return { ok: false, error: job.error ?? { code: 'Internal', message: `${job.label} has not ended` } };
}

export interface JobControl<P extends JobProgress = JobProgress> {
  signal: AbortSignal;
  /** Reports progress; events are throttled for listeners, the latest value is always kept. */
  progress(p: P): void;
}

interface Entry {
  info: JobInfo;
  controller: AbortController;
  done: Promise<JobInfo>;
  lastEmit: number;
}

/**
 * One JobInfo of kind K as a member of the union. TypeScript cannot see that JobInfoOf<K> is one of
 * JobInfo's members for a generic K; this is the only place that says so.
 */
const asAny = <K extends JobKind>(info: JobInfoOf<K>): JobInfo => info as unknown as JobInfo;
/** The entry an id of kind K was made for by `start<K>` (the id's kind is true by construction). */
const asKind = <K extends JobKind>(info: JobInfo): JobInfo<K> => info as unknown as JobInfo<K>;

/**
 * Long work (imports, runs, training) off the request path: each job reports typed progress, can
 * be cancelled, and ends with a typed Result. Listeners (the HTTP bridge's server-sent events) subscribe.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private seq = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly throttleMs = 100,
  ) {}

  /** Starts a job of a kind; returns its info at once. */
  start<K extends JobKind>(
    kind: K,
    label: string,
    work: (control: JobControl<JobProgressOf<K>>) => Promise<Result<JobResultOf<K>>>,
  ): JobInfo<K> {
    const id: JobId<K> = `job_${++this.seq}`;
    const controller = new AbortController();
    const common = { id, kind, label, startedAt: new Date(this.now()).toISOString() };
    let current: JobInfoOf<K> = { ...common, endedAt: null, progress: { done: 0, total: null }, status: 'running' };
    const entry: Entry = { info: asAny(current), controller, lastEmit: 0, done: Promise.resolve(asAny(current)) };
    const control: JobControl<JobProgressOf<K>> = {
      signal: controller.signal,
      progress: (p) => {
        current = { ...current, progress: p };
        entry.info = asAny(current);
        const t = this.now();
        if (t - entry.lastEmit >= this.throttleMs) {
          entry.lastEmit = t;
          this.emit('progress', entry.info);
        }
      },
    };
    entry.done = (async () => {
      let r: Result<JobResultOf<K>>;
      try {
        r = await work(control);
      } catch (e) {
        r = { ok: false, error: faultOfError(e, label) };
      }
      const ended = { ...common, progress: current.progress, endedAt: new Date(this.now()).toISOString() };
      current = r.ok
        ? { ...ended, status: 'succeeded', result: r.data, ...(r.warnings ? { warnings: r.warnings } : {}) }
        : { ...ended, status: r.error.code === 'Cancelled' ? 'cancelled' : 'failed', error: r.error };
      entry.info = asAny(current);
      this.emit('ended', entry.info);
      return entry.info;
    })();
    this.jobs.set(id, entry);
    this.emit('progress', entry.info);
    return asKind<K>(entry.info);
  }

  /** A job by id (any kind), or undefined. */
  get(id: string): JobInfo | undefined {
    return this.jobs.get(id)?.info;
  }

  /** A job by the id its start returned, typed by its kind. */
  getOf<K extends JobKind>(id: JobId<K>): JobInfo<K> | undefined {
    const e = this.jobs.get(id);
    return e && asKind<K>(e.info);
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => e.info);
  }

  /** Asks a running job to stop; it ends as cancelled once its work notices. */
  cancel(id: string): boolean {
    const e = this.jobs.get(id);
    if (!e || e.info.status !== 'running') return false;
    e.controller.abort();
    return true;
  }

  /** Resolves when the job has ended, typed by the kind its id carries. */
  wait<K extends JobKind>(id: JobId<K>): Promise<JobInfo<K>> | undefined {
    return this.jobs.get(id)?.done.then((info) => asKind<K>(info));
  }

  subscribe(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to the progress events of one job, typed by the kind its id carries. */
  watch<K extends JobKind>(id: JobId<K>, onProgress: (job: JobInfo<K>) => void): () => void {
    return this.subscribe((e) => {
      if (e.type === 'progress' && e.job.id === id) onProgress(asKind<K>(e.job));
    });
  }

  /** Cancels every running job and waits for them (on shutdown). */
  async shutdown(): Promise<void> {
    for (const e of this.jobs.values()) if (e.info.status === 'running') e.controller.abort();
    await Promise.all([...this.jobs.values()].map((e) => e.done));
  }

  private emit(type: 'progress' | 'ended', job: JobInfo): void {
    const e = jobEvent(type, job);
    for (const l of this.listeners) l(e);
  }
}

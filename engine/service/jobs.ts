import type { Fault, Result } from '../model/errors.ts';
import { faultOfError } from './fault-of-error.ts';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Progress of long work: what the CLI's progress bar and the UI render. */
export interface JobProgress {
  done: number;
  /** null while the total is unknown. */
  total: number | null;
  /** Units per second, over the whole job so far. */
  rate?: number;
  etaSeconds?: number | null;
  /** Phase or short status text, e.g. "refreshing data graph". */
  message?: string;
  /** Running counters, e.g. { errors: 3, credits: 4120 }. */
  counters?: Record<string, number>;
}

export interface JobInfo {
  id: string;
  kind: string;
  label: string;
  status: JobStatus;
  startedAt: string;
  endedAt: string | null;
  progress: JobProgress;
  result?: unknown;
  error?: Fault;
}

export type JobEvent = { type: 'progress' | 'ended'; job: JobInfo };

export interface JobControl {
  signal: AbortSignal;
  /** Reports progress; events are throttled for listeners, the latest value is always kept. */
  progress(p: JobProgress): void;
}

interface Entry {
  info: JobInfo;
  controller: AbortController;
  done: Promise<JobInfo>;
  lastEmit: number;
}

/**
 * Long work (imports, runs, training) off the request path: each job reports progress, can be
 * cancelled, and ends with a Result. Listeners (the HTTP bridge's server-sent events) subscribe.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly listeners = new Set<(e: JobEvent) => void>();
  private seq = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly throttleMs = 100,
  ) {}

  /** Starts a job; returns its info at once. */
  start<T>(kind: string, label: string, work: (control: JobControl) => Promise<Result<T>>): JobInfo {
    const id = `job_${++this.seq}`;
    const controller = new AbortController();
    const info: JobInfo = {
      id,
      kind,
      label,
      status: 'running',
      startedAt: new Date(this.now()).toISOString(),
      endedAt: null,
      progress: { done: 0, total: null },
    };
    const entry: Entry = { info, controller, lastEmit: 0, done: Promise.resolve(info) };
    const control: JobControl = {
      signal: controller.signal,
      progress: (p) => {
        info.progress = p;
        const t = this.now();
        if (t - entry.lastEmit >= this.throttleMs) {
          entry.lastEmit = t;
          this.emit({ type: 'progress', job: { ...info } });
        }
      },
    };
    entry.done = (async () => {
      let r: Result<T>;
      try {
        r = await work(control);
      } catch (e) {
        r = { ok: false, error: faultOfError(e, label) };
      }
      info.endedAt = new Date(this.now()).toISOString();
      if (r.ok) {
        info.status = 'succeeded';
        info.result = r.data;
      } else {
        info.status = r.error.code === 'Cancelled' ? 'cancelled' : 'failed';
        info.error = r.error;
      }
      this.emit({ type: 'ended', job: { ...info } });
      return info;
    })();
    this.jobs.set(id, entry);
    this.emit({ type: 'progress', job: { ...info } });
    return { ...info };
  }

  get(id: string): JobInfo | undefined {
    const e = this.jobs.get(id);
    return e && { ...e.info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info }));
  }

  /** Asks a running job to stop; it ends as cancelled once its work notices. */
  cancel(id: string): boolean {
    const e = this.jobs.get(id);
    if (!e || e.info.status !== 'running') return false;
    e.controller.abort();
    return true;
  }

  /** Resolves when the job has ended. */
  wait(id: string): Promise<JobInfo> | undefined {
    return this.jobs.get(id)?.done;
  }

  subscribe(listener: (e: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every running job and waits for them (on shutdown). */
  async shutdown(): Promise<void> {
    for (const e of this.jobs.values()) if (e.info.status === 'running') e.controller.abort();
    await Promise.all([...this.jobs.values()].map((e) => e.done));
  }

  private emit(e: JobEvent): void {
    for (const l of this.listeners) l(e);
  }
}

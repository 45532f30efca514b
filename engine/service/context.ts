import type { WorkspaceStore } from '../store/index.ts';
import { WorkspaceSources } from './workspace-sources.ts';
import { JobRegistry } from './jobs.ts';

/** What every handler gets: the open workspace, a clock, and the caches built over it. */
export interface ServiceContext {
  store: WorkspaceStore;
  /** Wall clock, injectable for tests; the default as-of time of requests. */
  now: () => number;
  /** Monotonic clock for stage timings. */
  monotonic: () => number;
  sources: WorkspaceSources;
  /** Long work of this session (imports, runs, training) with progress and cancel. */
  jobs: JobRegistry;
}

export function createContext(store: WorkspaceStore, opts: { now?: () => number } = {}): ServiceContext {
  return {
    store,
    now: opts.now ?? Date.now,
    monotonic: () => performance.now(),
    sources: new WorkspaceSources(store),
    jobs: new JobRegistry(opts.now ?? Date.now),
  };
}

import type { WorkspaceStore } from '../store/index.ts';
import { WorkspaceSources } from '../runtime/workspace-sources.ts';
import { JobRegistry, type JobKind } from './jobs.ts';
import { workspaceClock } from './workspace-clock.ts';

/** What every handler gets: the open workspace, its clocks, and the caches built over it. */
export interface ServiceContext {
  store: WorkspaceStore;
  /**
   * The workspace clock (engine/service/workspace-clock.ts): the default as-of time of every
   * request without one. Read on each call, so `clock.set` and imports move it at once.
   */
  clock: () => number;
  /** Wall clock, injectable for tests: it only stamps logs (job times, build and save times). */
  now: () => number;
  /** Monotonic clock for stage timings. */
  monotonic: () => number;
  sources: WorkspaceSources;
  /** Long work of this session (imports, runs, training) with typed progress and cancel. */
  jobs: JobRegistry;
}

/** Jobs that write to the workspace from this process while they run. */
export const WRITING_JOBS: ReadonlySet<JobKind> = new Set<JobKind>([
  'import',
  'run',
  'refresh',
  'identity.resolve',
  'train',
  'insight-refresh',
]);

/**
 * Why a write must not start now, or undefined. An import holds the workspace's write lock on its
 * own connection until it commits or rolls back, so nothing else of this process may write
 * meanwhile (a run, a refresh, a resolution, a training, a CI refresh, a config save, a second
 * import), and an import waits for the writing jobs in progress. Reads go on: they see the data as
 * it was before the import.
 */
export function writeConflict(ctx: ServiceContext, starting: 'import' | 'job' | 'write'): string | undefined {
  const busy = ctx.jobs.list().find((j) => j.status === 'running' && WRITING_JOBS.has(j.kind));
  if (!busy) return undefined;
  const then = starting === 'import' ? 'import' : 'start this';
  if (busy.kind === 'import')
    return `an import is in progress (${busy.label}, ${busy.id}); ${then} when it has finished`;
  // Other writing jobs commit in short transactions of their own: only an import must wait for them.
  if (starting === 'import') return `${busy.label} is in progress (${busy.id}); import when it has finished`;
  return undefined;
}

export function createContext(store: WorkspaceStore, opts: { now?: () => number } = {}): ServiceContext {
  return {
    store,
    clock: () => workspaceClock(store).timeMs,
    now: opts.now ?? Date.now,
    monotonic: () => performance.now(),
    sources: new WorkspaceSources(store),
    jobs: new JobRegistry(opts.now ?? Date.now),
  };
}

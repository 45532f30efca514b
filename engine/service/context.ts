import type { WorkspaceStore } from '../store/index.ts';
import { WorkspaceSources } from '../runtime/workspace-sources.ts';
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
  /** Imports in progress: an import holds one write transaction on the connection across awaits. */
  imports: number;
}

/** Jobs that write to the workspace from this process while they run. */
export const WRITING_JOBS: ReadonlySet<string> = new Set([
  'run',
  'refresh',
  'identity.resolve',
  'train',
  'insight-refresh',
]);

/**
 * Why a write must not start now, or undefined: an import keeps its transaction open across awaits
 * on the service's connection, so it cannot overlap another writer of this process (a run, a
 * refresh, a resolution, a training, a CI refresh), in either order.
 */
export function writeConflict(ctx: ServiceContext, starting: 'import' | 'job'): string | undefined {
  if (starting === 'job' && ctx.imports > 0) return 'an import is in progress; start this when it has finished';
  if (starting === 'import') {
    const busy = ctx.jobs.list().find((j) => j.status === 'running' && WRITING_JOBS.has(j.kind));
    if (busy) return `${busy.label} is in progress (${busy.id}); import when it has finished`;
  }
  return undefined;
}

export function createContext(store: WorkspaceStore, opts: { now?: () => number } = {}): ServiceContext {
  return {
    store,
    now: opts.now ?? Date.now,
    monotonic: () => performance.now(),
    sources: new WorkspaceSources(store),
    jobs: new JobRegistry(opts.now ?? Date.now),
    imports: 0,
  };
}

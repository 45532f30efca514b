import { hostname } from 'node:os';
import type { RunRecord } from '../store/index.ts';

/** Runs executing in this process, by workspace file and run id (a run's pid is this process's). */
const activeHere = new Set<string>();
const key = (file: string, runId: number) => `${file}\u0000${runId}`;

/** Marks a run as executing in this process until the returned function is called. */
export function markActive(file: string, runId: number): () => void {
  const k = key(file, runId);
  activeHere.add(k);
  return () => activeHere.delete(k);
}

/** A run recorded as running on another machine counts as dead once its heartbeat is this old. */
export const REMOTE_HEARTBEAT_TIMEOUT_MS = 10 * 60_000;

/** Whether a process id exists on this machine (signal 0 checks without sending anything). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type Liveness = { live: true; why: string } | { live: false; why: string };

/**
 * Whether a run recorded as `running` is really executing: in this process (the registry above),
 * in another live process on this machine (its pid), or on another machine (a recent heartbeat).
 * A run whose process died (SIGKILL, power loss) stays `running` in the table; this tells.
 */
export function runLiveness(file: string, run: RunRecord, nowMs: number): Liveness {
  if (run.status !== 'running') return { live: false, why: `run ${run.id} is ${run.status}` };
  if (run.host !== null && run.host !== hostname()) {
    const age = run.heartbeatMs === null ? Infinity : nowMs - run.heartbeatMs;
    return age < REMOTE_HEARTBEAT_TIMEOUT_MS
      ? { live: true, why: `run ${run.id} is running on ${run.host} (last heartbeat ${Math.round(age / 1000)} s ago)` }
      : {
          live: false,
          why: `run ${run.id} was left running on ${run.host}, silent for ${Number.isFinite(age) ? `${Math.round(age / 60_000)} min` : 'ever'}`,
        };
  }
  if (run.pid === process.pid) {
    return activeHere.has(key(file, run.id))
      ? { live: true, why: `run ${run.id} is running in this process` }
      : { live: false, why: `run ${run.id} was left running by an earlier session of this process` };
  }
  if (run.pid !== null && processExists(run.pid))
    return { live: true, why: `run ${run.id} is running in process ${run.pid}` };
  return { live: false, why: `run ${run.id} was left running by process ${run.pid ?? '?'}, which is no longer alive` };
}

import type {
  EventStreamState,
  InputOf,
  JobEvent,
  JobInfo,
  OperationName,
  OutputOf,
  Result,
  WorkbenchClient,
} from '../api/client.ts';
import type { SliceCreator } from './store-types.ts';

/** How often job progress reaches the screens at most: a 100,000-individual run must not re-render per event. */
export const PROGRESS_FLUSH_MS = 200;

export interface SessionSlice {
  client: WorkbenchClient | null;
  streamState: EventStreamState;
  /** Jobs of this session by id (imports, runs, refreshes, training), as last reported. */
  jobs: Record<string, JobInfo>;
  /** Connects the store to a client and listens to job events; returns the disconnect function. */
  connect(client: WorkbenchClient): () => void;
  /** Calls an operation through the connected client; a fault value when none is connected. */
  call<K extends OperationName>(name: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  /** Called when a job ends (slices react: reload runs, refresh counts…). */
  jobEnded(job: JobInfo): void;
}

// Outside the state: timers and the pending batch are not something components render.
let pending = new Map<string, JobInfo>();
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let unsubscribe: (() => void) | undefined;

/** Forgets timers and subscriptions (store reset between tests). */
export function resetSessionInternals(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = undefined;
  pending = new Map();
  unsubscribe?.();
  unsubscribe = undefined;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => {
  const flush = () => {
    flushTimer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    set((s) => ({ jobs: { ...s.jobs, ...Object.fromEntries(batch) } }));
    for (const job of batch.values()) if (job.status !== 'running') get().jobEnded(job);
  };
  const onEvent = (e: JobEvent) => {
    pending.set(e.job.id, e.job);
    // An ended job is shown at once; progress is batched.
    if (e.type === 'ended') {
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    } else if (!flushTimer) {
      flushTimer = setTimeout(flush, PROGRESS_FLUSH_MS);
    }
  };
  return {
    client: null,
    streamState: 'connecting',
    jobs: {},
    connect(client) {
      resetSessionInternals();
      set({ client });
      const off = client.subscribe(onEvent, { onState: (streamState) => set({ streamState }) });
      unsubscribe = off;
      return () => {
        if (unsubscribe === off) resetSessionInternals();
        else off();
      };
    },
    async call(name, input) {
      const client = get().client;
      if (!client)
        return {
          ok: false,
          error: { code: 'Internal', message: `${String(name)}: the app is not connected to the workbench service` },
        };
      return client.call(name, input);
    },
    jobEnded() {
      // Replaced in the combined store (store.ts) by the reactions of the other slices.
    },
  };
};

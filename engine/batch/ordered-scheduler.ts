/** How `runInOrder` gets, runs and commits tasks. */
export interface OrderedWork<T, R> {
  /** The next task, or undefined when there are no more. Called in task order. */
  next: () => T | undefined;
  /** Runs a task (on a worker); results may arrive in any order. */
  run: (task: T, signal: AbortSignal) => Promise<R>;
  /** Commits a result; called strictly in task order, one at a time. */
  commit: (result: R, task: T) => void | Promise<void>;
  /** At most this many tasks dispatched and not yet committed (running or waiting in the buffer). */
  maxInFlight: number;
  signal?: AbortSignal;
}

/** How `runInOrder` ended. */
export type OrderedOutcome =
  | { status: 'done'; committed: number }
  | { status: 'aborted'; committed: number }
  | { status: 'failed'; committed: number; error: unknown };

type Settled<R> = { seq: number; ok: true; value: R } | { seq: number; ok: false; error: unknown };

/**
 * Runs tasks concurrently and commits their results in task order through a reorder buffer:
 * 1. dispatch tasks while fewer than `maxInFlight` are uncommitted (memory stays bounded);
 * 2. wait for any task to finish and park its result in the buffer;
 * 3. commit buffered results while the next one in order is there;
 * 4. on abort or on a failed task or commit, stop dispatching and committing, let the tasks
 *    already running settle (their results are dropped), and report how far the commits got.
 * The committed prefix is therefore always a prefix of the task order, whatever the timing.
 */
export async function runInOrder<T, R>(work: OrderedWork<T, R>): Promise<OrderedOutcome> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  work.signal?.addEventListener('abort', onAbort, { once: true });
  const running = new Map<number, Promise<Settled<R>>>();
  const tasks = new Map<number, T>();
  const buffer = new Map<number, R>();
  let dispatched = 0;
  let committed = 0;
  let exhausted = false;
  let failure: { error: unknown } | undefined;
  const drain = async () => {
    stop.abort();
    await Promise.all(running.values());
  };
  try {
    for (;;) {
      if (work.signal?.aborted) {
        await drain();
        return { status: 'aborted', committed };
      }
      // 1. Dispatch.
      while (!exhausted && dispatched - committed < work.maxInFlight) {
        const task = work.next();
        if (task === undefined) {
          exhausted = true;
          break;
        }
        const seq = dispatched++;
        tasks.set(seq, task);
        running.set(
          seq,
          work.run(task, stop.signal).then(
            (value): Settled<R> => ({ seq, ok: true, value }),
            (error: unknown): Settled<R> => ({ seq, ok: false, error }),
          ),
        );
      }
      if (running.size === 0 && buffer.size === 0) return { status: 'done', committed };
      // 2. Wait for one task.
      const settled = await Promise.race(running.values());
      running.delete(settled.seq);
      if (!settled.ok) {
        failure = { error: settled.error };
        break;
      }
      buffer.set(settled.seq, settled.value);
      // 3. Commit in order.
      while (buffer.has(committed) && !work.signal?.aborted) {
        const value = buffer.get(committed)!;
        buffer.delete(committed);
        const task = tasks.get(committed)!;
        tasks.delete(committed);
        try {
          await work.commit(value, task);
        } catch (error) {
          failure = { error };
          break;
        }
        committed++;
      }
      if (failure) break;
    }
    // 4. A task or a commit failed.
    await drain();
    return { status: 'failed', committed, error: failure.error };
  } finally {
    work.signal?.removeEventListener('abort', onAbort);
  }
}

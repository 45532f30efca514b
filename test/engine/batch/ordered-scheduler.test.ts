import { describe, expect, it } from 'vitest';
import { runInOrder } from '../../../engine/batch/ordered-scheduler.ts';

/** A deferred promise: tasks finish when the test says so, in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (one turn of the event loop). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A seeded permutation (mulberry32), so "random" completion orders are reproducible. */
function permutation(n: number, seed: number): number[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const xs = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Runs `n` tasks whose completions the test drives; returns the controls. */
function harness(n: number, maxInFlight: number, opts: { signal?: AbortSignal; failCommitAt?: number } = {}) {
  const pending = new Map<number, ReturnType<typeof deferred<number>>>();
  const committed: number[] = [];
  let next = 0;
  let maxUncommitted = 0;
  const done = runInOrder<number, number>({
    next: () => (next < n ? next++ : undefined),
    run: (task) => {
      const d = deferred<number>();
      pending.set(task, d);
      maxUncommitted = Math.max(maxUncommitted, next - committed.length);
      return d.promise;
    },
    commit: (result) => {
      if (result === opts.failCommitAt) throw new Error(`commit ${result} failed`);
      committed.push(result);
    },
    maxInFlight,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { pending, committed, done, maxUncommitted: () => maxUncommitted };
}

describe('runInOrder', () => {
  it.each([1, 2, 3, 4, 5])(
    'commits in task order whatever the completion order (seed %i), never more than maxInFlight uncommitted',
    async (seed) => {
      const n = 40;
      const h = harness(n, 4);
      const order = permutation(n, seed);
      // Complete whichever dispatched task comes first in the permutation, until all are done.
      for (await flush(); h.committed.length < n; await flush()) {
        const ready = order.find((i) => h.pending.has(i));
        expect(ready).toBeDefined();
        h.pending.get(ready!)!.resolve(ready!);
        h.pending.delete(ready!);
      }
      expect(await h.done).toEqual({ status: 'done', committed: n });
      expect(h.committed).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(h.maxUncommitted()).toBeLessThanOrEqual(4);
    },
  );

  it('holds a finished result until the ones before it are committed', async () => {
    const h = harness(3, 3);
    await flush();
    h.pending.get(2)!.resolve(2);
    h.pending.get(1)!.resolve(1);
    await flush();
    expect(h.committed).toEqual([]);
    h.pending.get(0)!.resolve(0);
    await flush();
    expect(h.committed).toEqual([0, 1, 2]);
    expect(await h.done).toEqual({ status: 'done', committed: 3 });
  });

  it('stops on abort after the last commit and lets running tasks settle', async () => {
    const ac = new AbortController();
    const h = harness(10, 3, { signal: ac.signal });
    await flush();
    h.pending.get(0)!.resolve(0);
    await flush();
    expect(h.committed).toEqual([0]);
    ac.abort();
    h.pending.get(2)!.resolve(2);
    h.pending.get(1)!.resolve(1);
    h.pending.get(3)?.resolve(3);
    expect(await h.done).toEqual({ status: 'aborted', committed: 1 });
    expect(h.committed).toEqual([0]);
  });

  it('reports a failed task with the committed prefix', async () => {
    const h = harness(5, 2);
    await flush();
    h.pending.get(0)!.resolve(0);
    await flush();
    h.pending.get(1)!.reject(new Error('worker crashed'));
    await flush();
    h.pending.get(2)?.resolve(2);
    const out = await h.done;
    expect(out.status).toBe('failed');
    expect(out.committed).toBe(1);
    expect((out as { error: Error }).error.message).toBe('worker crashed');
    expect(h.committed).toEqual([0]);
  });

  it('reports a failed commit and commits nothing after it', async () => {
    const h = harness(4, 4, { failCommitAt: 1 });
    await flush();
    for (const i of [3, 2, 1, 0]) h.pending.get(i)!.resolve(i);
    const out = await h.done;
    expect(out).toMatchObject({ status: 'failed', committed: 1 });
    expect(h.committed).toEqual([0]);
  });

  it('finishes at once with no tasks', async () => {
    expect(await runInOrder({ next: () => undefined, run: async () => 0, commit: () => {}, maxInFlight: 2 })).toEqual({
      status: 'done',
      committed: 0,
    });
  });
});

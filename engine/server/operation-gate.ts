// One writer on the workspace connection. better-sqlite3 is synchronous and Node runs handlers on one
// thread, so every ordinary write transaction runs to completion before anything else touches the
// connection: two requests can only interleave at their awaits, between transactions. A data import is
// a job (`import.start`) that writes on a connection of its own inside one transaction: requests go on
// reading the committed data meanwhile, and the service refuses other writes with a Conflict until it
// ends (engine/service/context.ts writeConflict). A configuration import (`config.import`) is exclusive:
// it waits for the calls in flight to finish and runs alone; every other call is shared and runs
// concurrently with other shared calls. Waiters are served in arrival order (a waiting exclusive call
// holds back later calls, so it is never starved). jobs.* only touch the jobs registry in memory and
// bypass the gate (jobs.wait must not hold anything while a run goes on). Background work (jobs) is
// not a request: it uses its own transactions and connections.

/** Operations that never touch the workspace connection. */
export const bypassesGate = (name: string): boolean => name.startsWith('jobs.');

/** Operations that run alone: imports that read a file across awaits and then write (`config.import`). */
export const isExclusive = (name: string): boolean => name.endsWith('.import');

interface Waiter {
  exclusive: boolean;
  wake: () => void;
}

/** A readers–writer gate in arrival order: shared calls together, exclusive calls alone. */
export class OperationGate {
  private shared = 0;
  private exclusive = false;
  private readonly waiters: Waiter[] = [];
  private inGate = 0;

  /** Runs an operation call under the gate (or directly, for jobs.*). */
  async call<T>(name: string, task: () => Promise<T>): Promise<T> {
    if (bypassesGate(name)) return task();
    return this.run(isExclusive(name), task);
  }

  /** Runs `task` exclusively or shared. */
  async run<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    this.inGate++;
    try {
      await this.acquire(exclusive);
      try {
        return await task();
      } finally {
        this.release(exclusive);
      }
    } finally {
      this.inGate--;
    }
  }

  /** Calls waiting or running under the gate. */
  get pending(): number {
    return this.inGate;
  }

  private canRun(exclusive: boolean): boolean {
    return exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive;
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.exclusive = true;
    else this.shared++;
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.waiters.length === 0 && this.canRun(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((wake) => this.waiters.push({ exclusive, wake }));
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    // Wake waiters in order while they can run (several shared ones at once, or one exclusive).
    while (this.waiters.length > 0 && this.canRun(this.waiters[0]!.exclusive)) {
      const w = this.waiters.shift()!;
      this.take(w.exclusive);
      w.wake();
    }
  }
}

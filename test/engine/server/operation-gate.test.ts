// One writer: a configuration import runs alone (after the calls in flight), other calls run together
// (a data import is a job, started by a shared call); arrival order is kept, so an exclusive call is
// never starved; jobs.* bypass the gate.
import { describe, expect, it } from 'vitest';
import { bypassesGate, isExclusive, OperationGate } from '../../../engine/server/operation-gate.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};
/** Lets every pending microtask and immediate run. */
const settle = () => new Promise((r) => setImmediate(r));

/** A task that logs its start and end and waits for its gate. */
function tracked(log: string[], name: string) {
  const d = deferred();
  return {
    finish: d.resolve,
    task: async () => {
      log.push(`start ${name}`);
      await d.promise;
      log.push(`end ${name}`);
      return name;
    },
  };
}

describe('OperationGate', () => {
  it('runs shared calls concurrently', async () => {
    const g = new OperationGate();
    const log: string[] = [];
    const a = tracked(log, 'a');
    const b = tracked(log, 'b');
    const pa = g.call('workspace.info', a.task);
    const pb = g.call('campaigns.estimate', b.task);
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    a.finish();
    expect(await Promise.all([pa, pb])).toEqual(['a', 'b']);
  });

  it('an import waits for the calls in flight, runs alone, and holds back calls that arrive after it', async () => {
    const g = new OperationGate();
    const log: string[] = [];
    const read = tracked(log, 'read');
    const imp = tracked(log, 'import');
    const later = tracked(log, 'later');
    const p1 = g.call('individuals.list', read.task);
    const p2 = g.call('config.import', imp.task);
    const p3 = g.call('workspace.info', later.task);
    await settle();
    expect(log).toEqual(['start read']);
    expect(g.pending).toBe(3);
    read.finish();
    await settle();
    expect(log).toEqual(['start read', 'end read', 'start import']);
    imp.finish();
    await settle();
    expect(log).toEqual(['start read', 'end read', 'start import', 'end import', 'start later']);
    later.finish();
    await Promise.all([p1, p2, p3]);
    expect(g.pending).toBe(0);
  });

  it('runs two exclusive calls one after the other, in arrival order', async () => {
    const g = new OperationGate();
    const log: string[] = [];
    const first = tracked(log, 'first');
    const second = tracked(log, 'second');
    const p1 = g.call('config.import', first.task);
    const p2 = g.call('config.import', second.task);
    await settle();
    expect(log).toEqual(['start first']);
    first.finish();
    await settle();
    expect(log).toEqual(['start first', 'end first', 'start second']);
    second.finish();
    await Promise.all([p1, p2]);
  });

  it('lets jobs.* through while an import runs (jobs.wait must not block anything)', async () => {
    const g = new OperationGate();
    const log: string[] = [];
    const imp = tracked(log, 'import');
    const p = g.call('config.import', imp.task);
    await expect(g.call('jobs.get', async () => 'job')).resolves.toBe('job');
    imp.finish();
    await p;
  });

  it('goes on after a call that throws', async () => {
    const g = new OperationGate();
    await expect(
      g.call('config.import', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(g.call('workspace.info', async () => 'ok')).resolves.toBe('ok');
    expect(g.pending).toBe(0);
  });

  it('classifies config.import as exclusive (not the import job), and only jobs.* as bypassing', () => {
    expect(isExclusive('config.import')).toBe(true);
    expect(
      ['import.start', 'config.save', 'runs.start', 'workspace.info', 'decide', 'config.export'].some(isExclusive),
    ).toBe(false);
    expect(['jobs.wait', 'jobs.get', 'jobs.cancel', 'jobs.list'].every(bypassesGate)).toBe(true);
    expect(['import.start', 'workspace.info', 'jobsX.get'].some(bypassesGate)).toBe(false);
  });
});

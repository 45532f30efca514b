import { describe, expect, it } from 'vitest';
import { JobRegistry, jobOutcome, type JobEvent } from '../../../engine/service/jobs.ts';
import { fail, ok } from '../../../engine/model/errors.ts';
import { importOutcome } from './job-fixtures.ts';

describe('JobRegistry', () => {
  it('runs a job, reports typed progress and its typed result', async () => {
    let t = 0;
    const jobs = new JobRegistry(() => (t += 1000), 0);
    const events: JobEvent[] = [];
    jobs.subscribe((e) => events.push(e));
    const info = jobs.start('import', 'Import', async (c) => {
      c.progress({ done: 10, total: 20, counters: { rows: 1 } });
      c.progress({ done: 20, total: 20, counters: { rows: 2 } });
      return ok(importOutcome());
    });
    expect(info.status).toBe('running');
    const ended = await jobs.wait(info.id)!;
    expect(ended).toMatchObject({
      kind: 'import',
      status: 'succeeded',
      result: { rowsRead: 2, inserted: 2 },
      progress: { done: 20, total: 20, counters: { rows: 2 } },
    });
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress', 'progress', 'ended']);
  });

  it('names the kind on every event, beside the job', async () => {
    const jobs = new JobRegistry(Date.now, 0);
    const events: JobEvent[] = [];
    jobs.subscribe((e) => events.push(e));
    const info = jobs.start('import', 'Import', async () => ok(importOutcome()));
    await jobs.wait(info.id);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e).toMatchObject({ kind: 'import', job: { kind: 'import', id: info.id } });
    const last = events.at(-1)!;
    // Narrowing on the event's kind and the job's status gives the kind's result.
    if (last.kind === 'import' && last.job.status === 'succeeded') expect(last.job.result.inserted).toBe(2);
    else expect.fail(`unexpected last event ${JSON.stringify(last)}`);
  });

  it("keeps the result's warnings and gives the job's outcome as a Result", async () => {
    const jobs = new JobRegistry();
    const warning = { file: 'people.csv', field: 'notes', message: 'column notes is ignored' };
    const info = jobs.start('import', 'Import', async () => ok(importOutcome(), [warning]));
    const ended = await jobs.wait(info.id)!;
    expect(jobOutcome(ended)).toEqual({ ok: true, data: importOutcome(), warnings: [warning] });
  });

  it('follows one job by id: its progress events only, typed by its kind', async () => {
    const jobs = new JobRegistry(Date.now, 0);
    const other = jobs.start('import', 'Other', async (c) => {
      c.progress({ done: 1, total: 1, counters: { rows: 99 } });
      return ok(importOutcome());
    });
    let release!: () => void;
    const go = new Promise<void>((r) => (release = r));
    const info = jobs.start('import', 'Watched', async (c) => {
      await go;
      c.progress({ done: 5, total: 10, counters: { rows: 7 } });
      return ok(importOutcome());
    });
    const rows: number[] = [];
    const off = jobs.watch(info.id, (job) => rows.push(job.progress.counters?.rows ?? -1));
    release();
    await jobs.wait(info.id);
    await jobs.wait(other.id);
    off();
    expect(rows).toEqual([7]);
    expect(jobs.getOf(info.id)?.status).toBe('succeeded');
  });

  it('cancels through the abort signal and ends as cancelled', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    const info = jobs.start(
      'import',
      'Import',
      (c) =>
        new Promise((resolve) => {
          release();
          c.signal.addEventListener('abort', () => resolve(fail('Cancelled', 'stopped')));
        }),
    );
    await started;
    expect(jobs.cancel(info.id)).toBe(true);
    const ended = await jobs.wait(info.id)!;
    expect(ended).toMatchObject({ status: 'cancelled', error: { code: 'Cancelled' } });
    expect(jobOutcome(ended)).toEqual({ ok: false, error: { code: 'Cancelled', message: 'stopped' } });
    expect(jobs.cancel(info.id)).toBe(false);
  });

  it('turns a throwing job into an Internal fault', async () => {
    const jobs = new JobRegistry();
    const info = jobs.start('import', 'Import', async () => {
      throw new Error('boom');
    });
    expect(await jobs.wait(info.id)).toMatchObject({
      status: 'failed',
      error: { code: 'Internal', message: expect.stringMatching(/boom/) },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { JobRegistry, type JobEvent } from '../../../engine/service/jobs.ts';
import { fail, ok } from '../../../engine/model/errors.ts';

describe('JobRegistry', () => {
  it('runs a job, reports progress and its result', async () => {
    let t = 0;
    const jobs = new JobRegistry(() => (t += 1000), 0);
    const events: JobEvent[] = [];
    jobs.subscribe((e) => events.push(e));
    const info = jobs.start('demo', 'Demo', async (c) => {
      c.progress({ done: 1, total: 2 });
      c.progress({ done: 2, total: 2 });
      return ok({ answer: 42 });
    });
    expect(info.status).toBe('running');
    const ended = await jobs.wait(info.id)!;
    expect(ended).toMatchObject({ status: 'succeeded', result: { answer: 42 }, progress: { done: 2, total: 2 } });
    expect(events.map((e) => e.type)).toEqual(['progress', 'progress', 'progress', 'ended']);
  });

  it('cancels through the abort signal and ends as cancelled', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    const info = jobs.start(
      'demo',
      'Demo',
      (c) =>
        new Promise((resolve) => {
          release();
          c.signal.addEventListener('abort', () => resolve(fail('Cancelled', 'stopped')));
        }),
    );
    await started;
    expect(jobs.cancel(info.id)).toBe(true);
    expect(await jobs.wait(info.id)).toMatchObject({ status: 'cancelled', error: { code: 'Cancelled' } });
    expect(jobs.cancel(info.id)).toBe(false);
  });

  it('turns a throwing job into an Internal fault', async () => {
    const jobs = new JobRegistry();
    const info = jobs.start('demo', 'Demo', async () => {
      throw new Error('boom');
    });
    expect(await jobs.wait(info.id)).toMatchObject({
      status: 'failed',
      error: { code: 'Internal', message: expect.stringMatching(/boom/) },
    });
  });
});

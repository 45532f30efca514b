import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../engine/service/ops/models.ts';
import { fixtureConfig, modelWorkspace, objectiveRec, type ModelWorkspace } from './models-fixture.ts';

let w: ModelWorkspace;
beforeAll(() => {
  w = modelWorkspace({
    users: 600,
    config: fixtureConfig([objectiveRec({ hyperparameters: { factors: 32, iterations: 100 } })]),
  });
});
afterAll(() => w.close());

describe('models.evaluate', () => {
  it('runs as a job whose result is the report', async () => {
    const started = await w.service.call('models.evaluate', {
      recommender: 'picks',
      splitAt: '2026-11-14T00:00:00Z',
      methods: ['popularity'],
      k: 3,
    });
    if (!started.ok) throw new Error(started.error.message);
    const ended = await w.service.call('jobs.wait', { id: started.data.jobId });
    if (!ended.ok) throw new Error(ended.error.message);
    expect(ended.data).toMatchObject({
      kind: 'evaluate',
      status: 'succeeded',
      label: 'evaluating picks split at 2026-11-14T00:00:00.000Z',
    });
    const r = ended.data.result as EvaluationReport;
    expect(r).toMatchObject({
      dataSpace: 'default',
      recommender: 'picks',
      k: 3,
      trainingWindow: { from: '2026-08-16T00:00:00.000Z', to: '2026-11-14T00:00:00.000Z', days: 90 },
    });
    expect(r.methods).toHaveLength(1);
  });

  it('can be cancelled: the job ends cancelled', async () => {
    const started = await w.service.call('models.evaluate', { recommender: 'picks', splitAt: '2026-11-14T00:00:00Z' });
    if (!started.ok) throw new Error(started.error.message);
    const id = started.data.jobId;
    // Cancel as soon as the worker reports anything (it then has 100 sweeps ahead of it).
    await new Promise<void>((resolve) => {
      const off = w.service.context.jobs.subscribe((e) => {
        if (e.job.id === id && e.type === 'progress' && e.job.progress.message) {
          off();
          w.service.context.jobs.cancel(id);
          resolve();
        }
      });
    });
    const ended = await w.service.call('jobs.wait', { id });
    expect(ended.ok && ended.data).toMatchObject({
      status: 'cancelled',
      error: { code: 'Cancelled', message: 'evaluation of picks was cancelled' },
    });
  });

  it('refuses a bad split time before starting anything', async () => {
    const before = w.service.context.jobs.list().length;
    const r = await w.service.call('models.evaluate', { recommender: 'picks', splitAt: '14/11/2026' });
    expect(r.ok || r.error).toMatchObject({
      code: 'InvalidInput',
      field: 'splitAt',
      message: 'splitAt "14/11/2026" is not an ISO-8601 time with a time zone',
    });
    expect(w.service.context.jobs.list()).toHaveLength(before);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../engine/service/jobs.ts';
import type { TrainOutcome } from '../../../engine/batch/training.ts';
import { END, END_MS, fixtureConfig, modelWorkspace, objectiveRec, type ModelWorkspace } from './models-fixture.ts';

const open: ModelWorkspace[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
});
const workspace = (opts: Parameters<typeof modelWorkspace>[0] = {}): ModelWorkspace => {
  const w = modelWorkspace(opts);
  open.push(w);
  return w;
};

/** Starts a training job and waits for it; returns the ended job and every progress seen. */
async function train(
  w: ModelWorkspace,
  input: { recommender?: string; asOf?: string; force?: boolean } = {},
): Promise<{ job: JobInfo; progress: string[] }> {
  const progress: string[] = [];
  const off = w.service.context.jobs.subscribe((e) => {
    if (e.type === 'progress' && e.job.progress.message) progress.push(e.job.progress.message);
  });
  const started = await w.service.call('models.train', {
    recommender: 'picks',
    asOf: '2026-11-28T10:00:00Z',
    ...input,
  });
  if (!started.ok) throw new Error(started.error.message);
  const ended = await w.service.call('jobs.wait', { id: started.data.jobId });
  off();
  if (!ended.ok) throw new Error(ended.error.message);
  return { job: ended.data, progress };
}

const factorBytes = (w: ModelWorkspace, id: number): Buffer => {
  const m = w.store.models.load(id)!;
  return Buffer.from(m.itemFactors.buffer, m.itemFactors.byteOffset, m.itemFactors.byteLength);
};

describe('training in a worker thread (models.train)', () => {
  it('trains at the last midnight UTC at or before the as-of time and stores the snapshot', async () => {
    const w = workspace();
    const { job, progress } = await train(w);
    expect(job.status).toBe('succeeded');
    const r = job.result as TrainOutcome;
    expect(r.trained).toBe(true);
    expect(r.model).toMatchObject({
      recommender: 'picks',
      trainedAt: END,
      objective: 'purchase',
      algorithm: 'ials',
      windowDays: 90,
      seed: 1,
      factors: 8,
      items: 60,
      users: 240,
    });
    expect(r.model.hyperparameters).toMatchObject({
      factors: 8,
      iterations: 4,
      browseWeight: 0.1,
      cartWeight: 0.25,
      orderWeight: 1,
    });
    expect(r.model.metrics).toMatchObject({ individuals: 240, items: 60, annRecallAt10: null });
    // Progress: reading, then one step per sweep.
    expect(progress).toEqual(['reading events', 'sweep 1 of 4', 'sweep 2 of 4', 'sweep 3 of 4', 'sweep 4 of 4']);
    expect(job.progress).toEqual({ done: 4, total: 4, message: 'sweep 4 of 4' });
    const stored = w.store.models.load(r.model.id)!;
    expect(stored.itemIds).toHaveLength(60);
    expect(stored.itemIds).not.toContain('prod_new');
    expect(stored.itemFactors).toHaveLength(60 * 8);
    const listed = await w.service.call('models.list', {});
    expect(listed.ok && listed.data.models.map((m) => m.id)).toEqual([r.model.id]);
    const status = await w.service.call('models.status', { asOf: '2026-11-28T10:00:00Z' });
    expect(status.ok && status.data.recommenders).toEqual([
      {
        recommender: 'picks',
        objective: 'purchase',
        model: expect.objectContaining({ id: r.model.id }),
        dueAt: END,
        current: true,
      },
    ]);
  });

  it('is deterministic for a seed: the same factor bytes in two workspaces and on a forced retraining', async () => {
    const a = workspace();
    const b = workspace();
    const ra = (await train(a)).job.result as TrainOutcome;
    const rb = (await train(b)).job.result as TrainOutcome;
    expect(factorBytes(a, ra.model.id).equals(factorBytes(b, rb.model.id))).toBe(true);
    // Kept without --force; trained again (same bytes) with it.
    const kept = (await train(a)).job.result as TrainOutcome;
    expect(kept).toMatchObject({ trained: false, model: { id: ra.model.id } });
    const again = (await train(a, { force: true })).job.result as TrainOutcome;
    expect(again.trained).toBe(true);
    expect(factorBytes(a, again.model.id).equals(factorBytes(b, rb.model.id))).toBe(true);
    expect(a.store.models.list(a.spaceId)).toHaveLength(1);
    // Another seed gives other factors.
    const c = workspace({ config: fixtureConfig([objectiveRec({ seed: 2 })]) });
    const rc = (await train(c)).job.result as TrainOutcome;
    expect(factorBytes(c, rc.model.id).equals(factorBytes(a, again.model.id))).toBe(false);
  });

  it('can be cancelled mid-training: the job ends cancelled and no model is stored', async () => {
    const w = workspace({
      config: fixtureConfig([objectiveRec({ hyperparameters: { factors: 32, iterations: 100 } })]),
      users: 600,
    });
    const started = await w.service.call('models.train', { recommender: 'picks', asOf: END });
    if (!started.ok) throw new Error(started.error.message);
    const id = started.data.jobId;
    // Cancel once the first sweep is done (a condition, not a delay).
    await new Promise<void>((resolve) => {
      const off = w.service.context.jobs.subscribe((e) => {
        if (e.job.id === id && e.type === 'progress' && e.job.progress.done >= 1) {
          off();
          w.service.context.jobs.cancel(id);
          resolve();
        }
      });
    });
    const ended = await w.service.call('jobs.wait', { id });
    expect(ended.ok && ended.data).toMatchObject({
      status: 'cancelled',
      error: { code: 'Cancelled', message: 'training of picks was cancelled' },
    });
    expect(ended.ok && ended.data.progress.done).toBeLessThan(100);
    expect(w.store.models.list(w.spaceId)).toEqual([]);
  });

  it('fails (ModelValidation) when the window holds no interactions, storing nothing', async () => {
    const w = workspace();
    const { job } = await train(w, { asOf: '2026-01-01T00:00:00Z' });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({
      code: 'ModelValidation',
      message: expect.stringMatching(/no interactions in the 90 days before 2026-01-01T00:00:00.000Z/),
    });
    expect(w.store.models.list(w.spaceId)).toEqual([]);
  });

  it.each([
    [
      { recommender: 'pick' },
      'NotFound',
      /no recommender "pick" \(did you mean "picks"\?\); objective-based ones: picks/,
    ],
    [
      { recommender: 'top' },
      'InvalidInput',
      /recommender top is rules-based \(top-sellers\); only objective-based recommenders are trained/,
    ],
    [{ recommender: 'picks', asOf: 'yesterday' }, 'InvalidInput', /asOf "yesterday" is not an ISO-8601 time/],
    [{ recommender: 'picks', dataSpace: 'nope' }, 'DataSpaceNotFound', /data space "nope" does not exist/],
  ])('refuses bad input %j with %s, starting nothing', async (input, code, message) => {
    const w = workspace();
    const r = await w.service.call('models.train', input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(w.service.context.jobs.list()).toEqual([]);
    expect(w.store.models.list(w.spaceId)).toEqual([]);
  });

  it('stores models per training time: a request as of T sees the last one at or before T', async () => {
    const w = workspace();
    await train(w, { asOf: '2026-11-27T23:00:00Z' });
    await train(w, { asOf: END });
    const ids = w.store.models.list(w.spaceId).map((m) => m.trainedAt);
    expect(ids).toEqual([END, '2026-11-27T00:00:00.000Z']);
    expect(w.store.models.latestAt(w.spaceId, 'picks', END_MS - 1)?.trainedAt).toBe('2026-11-27T00:00:00.000Z');
    expect(w.store.models.latestAt(w.spaceId, 'picks', END_MS)?.trainedAt).toBe(END);
    expect(w.store.models.latestAt(w.spaceId, 'picks', Date.parse('2026-11-26T12:00:00Z'))).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectiveBasedRecommender, ProfileData } from '../../../engine/model/index.ts';
import { objectiveScoresFromStore, modelsTrainedAt } from '../../../engine/runtime/model-source.ts';
import { trainAndStore } from '../../../engine/batch/training.ts';
import { saveConfig } from '../../../engine/service/ops/config.ts';
import {
  END,
  END_MS,
  fixtureConfig,
  modelWorkspace,
  NEW_ITEM,
  objectiveRec,
  type ModelWorkspace,
} from './models-fixture.ts';

const AS_OF = '2026-11-28T10:00:00.000Z';
const AS_OF_MS = Date.parse(AS_OF);

let w: ModelWorkspace;
let rec: ObjectiveBasedRecommender;

/** The profile document of one individual as of a time, through the service. */
async function profile(individualId: string, asOf = AS_OF): Promise<ProfileData> {
  const r = await w.service.call('individuals.profile', { individualId, asOf });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.data;
}

beforeAll(() => {
  w = modelWorkspace();
  const cfg = w.service.context.sources.space('default');
  if (!cfg.ok) throw new Error(cfg.error.message);
  rec = cfg.data.config.recommenders.find((r) => r.apiName === 'picks') as ObjectiveBasedRecommender;
});
afterAll(() => w.close());

describe("objective-based scores from the store (the recommender's data)", () => {
  it('is a ModelValidation fault, naming the recommender and the time, before any training', async () => {
    const r = objectiveScoresFromStore(w.store, w.spaceId, rec, await profile('ind_0001'), {}, AS_OF_MS);
    expect(r).toEqual({
      ok: false,
      code: 'ModelValidation',
      message: `recommender picks has never been trained (as of ${AS_OF}); train it with \`workbench train <ws> --recommender picks --as-of ${AS_OF}\``,
    });
    expect(modelsTrainedAt(w.store, w.spaceId, [rec], AS_OF_MS)).toEqual({ picks: null });
    // decide turns it into the point's fault (an error record), not a crash and not a fallback.
    const d = await w.service.call('decide', {
      individualId: 'ind_0001',
      points: ['picks_point'],
      asOf: AS_OF,
      trace: true,
    });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.data.response.personalizations).toEqual([]);
    expect(d.data.response.errors).toEqual([
      {
        personalizationPointId: 'picks_point',
        code: 'ModelValidation',
        message: expect.stringMatching(/has never been trained/),
      },
    ]);
    expect(d.data.credits).toBe(0);
  });

  it('uses the last model trained at or before the as-of time; earlier requests still fault', async () => {
    const t = await trainAndStore(w.store, w.spaceId, rec, END_MS);
    if (!t.ok) throw new Error(t.error.message);
    const r = objectiveScoresFromStore(w.store, w.spaceId, rec, await profile('ind_0001'), {}, AS_OF_MS);
    if (!r.ok) throw new Error(r.message);
    expect(r.trainedAt).toBe(END);
    expect(r.source).toMatch(
      /^objective-based model \(ials, objective purchase\) trained at 2026-11-28T00:00:00.000Z; \d+ item\(s\) folded in from the individual's engagement in the 90 days before the as-of time$/,
    );
    expect(r.items.length).toBe(60);
    for (let i = 1; i < r.items.length; i++) expect(r.items[i]!.score).toBeLessThanOrEqual(r.items[i - 1]!.score);
    expect(modelsTrainedAt(w.store, w.spaceId, [rec], AS_OF_MS)).toEqual({ picks: END });
    const before = objectiveScoresFromStore(
      w.store,
      w.spaceId,
      rec,
      await profile('ind_0001', '2026-11-27T12:00:00Z'),
      {},
      END_MS - 12 * 3600_000,
    );
    expect(before).toMatchObject({
      ok: false,
      code: 'ModelValidation',
      message: expect.stringMatching(
        /has no model trained at or before 2026-11-27T12:00:00.000Z \(its first training is at 2026-11-28T00:00:00.000Z\)/,
      ),
    });
  });

  it('lists the catalogue items created after the training as unknown to the model', async () => {
    const r = objectiveScoresFromStore(w.store, w.spaceId, rec, await profile('ind_0002'), {}, AS_OF_MS);
    expect(r.ok && r.unknownItems).toEqual([NEW_ITEM]);
    expect(r.ok && r.items.some((i) => i.itemId === NEW_ITEM)).toBe(false);
  });

  it('folds in each individual: different histories, different lists; none → popularity', async () => {
    const a = objectiveScoresFromStore(w.store, w.spaceId, rec, await profile('ind_0001'), {}, AS_OF_MS);
    const b = objectiveScoresFromStore(w.store, w.spaceId, rec, await profile('ind_0002'), {}, AS_OF_MS);
    if (!a.ok || !b.ok) throw new Error('fault');
    expect(a.items.slice(0, 5)).not.toEqual(b.items.slice(0, 5));
    const empty: ProfileData = { id: 'nobody', engagement: { browse: [], cart: [], order: [] }, segments: [], ci: {} };
    const c = objectiveScoresFromStore(w.store, w.spaceId, rec, empty, {}, AS_OF_MS);
    expect(c.ok && c.source).toMatch(
      /no interactions with items it knows in the 90 days before the as-of time: ranked by purchase popularity in its training window/,
    );
  });

  it("decide --trace shows the model's trainedAt, every considered candidate's score and the unknown items", async () => {
    const d = await w.service.call('decide', {
      individualId: 'ind_0003',
      points: ['picks_point'],
      asOf: AS_OF,
      trace: true,
    });
    if (!d.ok) throw new Error(d.error.message);
    expect(d.data.response.personalizations[0]!.data['recommendations']).toHaveLength(5);
    const t = d.data.trace!.points[0]!.personalizing!.recommender!;
    expect(t).toMatchObject({
      apiName: 'picks',
      type: 'objective-based',
      trainedAt: END,
      sourceRefreshedAt: END,
      unknownItems: [NEW_ITEM],
    });
    expect(t.candidates.length).toBeGreaterThanOrEqual(5);
    for (const c of t.candidates) expect(typeof c.score).toBe('number');
  });

  it('refuses a model trained for another objective than the recommender now optimizes', async () => {
    const cfg = w.service.context.sources.config();
    if (!cfg.ok) throw new Error(cfg.error.message);
    const next = structuredClone(cfg.data.config);
    const r2 = next.dataSpaces[0]!.recommenders.find((r) => r.apiName === 'picks') as ObjectiveBasedRecommender;
    r2.objective = 'click';
    const saved = saveConfig(w.service.context, next, 'objective changed');
    expect(saved.ok).toBe(true);
    const r = objectiveScoresFromStore(w.store, w.spaceId, r2, await profile('ind_0001'), {}, AS_OF_MS);
    expect(r).toMatchObject({
      ok: false,
      code: 'ModelValidation',
      message:
        'recommender picks optimizes click, but its model trained at 2026-11-28T00:00:00.000Z was trained for purchase; train it again',
    });
    const status = await w.service.call('models.status', { asOf: AS_OF });
    expect(status.ok && status.data.recommenders[0]).toMatchObject({
      recommender: 'picks',
      objective: 'click',
      current: false,
    });
  });
});

describe('models.status', () => {
  it('lists every objective-based recommender (none here: only rules-based ones)', async () => {
    const v = modelWorkspace({ config: fixtureConfig([]), users: 20 });
    const two = modelWorkspace({
      config: fixtureConfig([objectiveRec(), objectiveRec({ apiName: 'other', objective: 'click' })]),
      users: 20,
    });
    try {
      const s = await v.service.call('models.status', { asOf: AS_OF });
      expect(s.ok && s.data).toEqual({ asOf: AS_OF, recommenders: [] });
      const t = await two.service.call('models.status', { asOf: AS_OF });
      expect(t.ok && t.data.recommenders.map((r) => [r.recommender, r.objective, r.model, r.dueAt, r.current])).toEqual(
        [
          ['picks', 'purchase', null, END, false],
          ['other', 'click', null, END, false],
        ],
      );
      const bad = await v.service.call('models.status', { asOf: 'soon' });
      expect(bad.ok || bad.error).toMatchObject({ code: 'InvalidInput', field: 'asOf' });
    } finally {
      v.close();
      two.close();
    }
  });
});

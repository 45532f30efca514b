import { describe, expect, it } from 'vitest';
import type { ObjectiveScores } from '../../../engine/model/sources.ts';
import { decide } from '../../../engine/pipeline/decide.ts';
import { RecommenderFault, recommend } from '../../../engine/recommenders/index.ts';
import { env, item as pipelineItem, profile as pipelineProfile, spaceConfig } from '../pipeline/factories.ts';
import { AS_OF, CATALOG, daysAgo, item, objective, PROFILES, request, row, rules, strategyData } from './factories.ts';

const top = rules({ apiName: 'top', strategy: 'top-sellers', calculatedInsight: 'top_sellers' });

const scores = (over: Partial<Extract<ObjectiveScores, { ok: true }>> = {}): ObjectiveScores => ({
  ok: true,
  source: 'objective-based model (ials, objective purchase) trained at 2026-11-27T00:00:00.000Z',
  trainedAt: '2026-11-27T00:00:00.000Z',
  items: [
    { itemId: 'p04', score: 0.9 },
    { itemId: 'p05', score: 0.8 },
    { itemId: 'p03', score: 0.7 },
    { itemId: 'p01', score: 0.6 },
  ],
  unknownItems: ['p10'],
  ...over,
});

describe('the recommender trace', () => {
  it('names the strategy, the CI it read with its refresh time, and every considered candidate with its score', () => {
    const t = recommend(top, strategyData(), request({ individual: 'ind_a' })).trace!;
    expect(t).toMatchObject({
      apiName: 'top',
      type: 'rules-based',
      strategy: 'top-sellers',
      source: 'calculated insight top_sellers',
      sourceRefreshedAt: '2026-11-27T18:00:00.000Z',
      insights: [{ name: 'top_sellers', subject: 'item', refreshedAt: '2026-11-27T18:00:00.000Z' }],
      requested: 3,
      returned: 3,
      contributed: 3,
      notConsidered: 2,
    });
    expect(t.candidates).toEqual([
      { itemId: 'p01', score: 40, rank: null, excluded: 'exclusion: purchased within 365 days' },
      { itemId: 'p02', score: 35, rank: 1 },
      { itemId: 'p03', score: 35, rank: 2 },
      { itemId: 'p04', score: 20, rank: null, excluded: 'exclusion: purchased within 365 days' },
      { itemId: 'p05', score: 18, rank: null, excluded: 'filter: out of stock' },
      { itemId: 'p06', score: 10, rank: 3 },
    ]);
  });

  it('lists both CIs of category affinity, and every source for the freshness section', () => {
    const rec = rules({
      apiName: 'aff',
      strategy: 'category-affinity',
      calculatedInsight: 'affinity',
      popularityInsight: 'top_sellers',
      backfill: 'trend',
    });
    const r = recommend(
      rec,
      strategyData(),
      request({
        individual: 'ind_a',
        count: 5,
        backfillRecs: [rules({ apiName: 'trend', strategy: 'trending', calculatedInsight: 'trending' })],
      }),
    );
    expect(r.trace!.insights!.map((i) => [i.name, i.subject, i.refreshedAt])).toEqual([
      ['affinity', 'individual_category', '2026-11-27T12:00:00.000Z'],
      ['top_sellers', 'item', '2026-11-27T18:00:00.000Z'],
    ]);
    expect(r.trace!.backfill).toEqual([
      {
        apiName: 'trend',
        type: 'rules-based',
        strategy: 'trending',
        source: 'calculated insight trending',
        sourceRefreshedAt: '2026-11-27T18:00:00.000Z',
        insights: [{ name: 'trending', subject: 'item', refreshedAt: '2026-11-27T18:00:00.000Z' }],
        contributed: 2,
        notConsidered: 1,
      },
    ]);
    expect(r.freshness).toEqual([
      { source: 'calculated insight affinity', refreshedAt: '2026-11-27T12:00:00.000Z' },
      { source: 'calculated insight top_sellers', refreshedAt: '2026-11-27T18:00:00.000Z' },
      { source: 'calculated insight trending', refreshedAt: '2026-11-27T18:00:00.000Z' },
    ]);
  });

  it('says when an unknown backfill ends the chain', () => {
    const r = recommend(rules({ apiName: 'recent', strategy: 'recently-viewed' }), strategyData(), {
      ...request(),
      backfills: [{ name: 'gone', recommender: undefined }],
    });
    expect(r.items).toEqual([]);
    expect(r.trace!.backfill).toEqual([
      expect.objectContaining({ apiName: 'gone', contributed: 0, note: 'backfill recommender gone is not configured' }),
    ]);
  });

  it('yields nothing, with the reason, when the environment provides no calculated insights', () => {
    const data = strategyData();
    delete data.itemInsight;
    const t = recommend(top, data, request()).trace!;
    expect(t.candidates).toEqual([]);
    expect(t.note).toBe('this environment provides no calculated insights');
    expect(t.insights).toEqual([{ name: 'top_sellers', subject: 'item', refreshedAt: null }]);
  });
});

describe('ties break by item id', () => {
  it('recently viewed: two items last viewed at the same time', () => {
    const p = {
      ...PROFILES['ind_b']!,
      id: 'ind_t',
      engagement: {
        browse: [row('browse', 'p06', 2), row('browse', 'p03', 2), row('browse', 'p01', 1)],
        cart: [],
        order: [],
      },
    };
    const r = recommend(rules({ apiName: 'recent', strategy: 'recently-viewed' }), strategyData(), {
      ...request(),
      profile: p,
    });
    expect(r.items.map((i) => i.id)).toEqual(['p01', 'p03', 'p06']);
  });

  it('new arrivals: items created at the same time', () => {
    const items = [
      item('n3', { createdAt: daysAgo(2) }),
      item('n1', { createdAt: daysAgo(2) }),
      item('n2', { createdAt: daysAgo(1) }),
    ];
    const r = recommend(
      rules({ apiName: 'new', strategy: 'new-arrivals', windowDays: 7 }),
      strategyData({ items }),
      request({ catalog: { getItem: (id) => items.find((i) => i.id === id), size: 3 } }),
    );
    expect(r.items.map((i) => i.id)).toEqual(['n2', 'n1', 'n3']);
  });
});

describe('objective-based recommenders', () => {
  const rec = objective('recommended', {
    backfill: 'top',
    boosts: [{ field: 'brand', equals: 'Zenith', multiplier: 2 }],
  });

  it("apply the same filters, exclusions, boosts and backfill to the model's candidates, and trace trainedAt and unknown items", () => {
    const r = recommend(
      rec,
      strategyData({ objective: () => scores() }),
      request({ individual: 'ind_a', count: 4, backfillRecs: [top] }),
    );
    expect(r.items.map((i) => i.id)).toEqual(['p03', 'p02', 'p06']);
    const t = r.trace!;
    expect(t).toMatchObject({
      type: 'objective-based',
      strategy: 'objective: purchase',
      trainedAt: '2026-11-27T00:00:00.000Z',
      sourceRefreshedAt: '2026-11-27T00:00:00.000Z',
      unknownItems: ['p10'],
      contributed: 1,
    });
    expect(t.note).toMatch(
      /^1 item\(s\) created after the training at 2026-11-27T00:00:00.000Z are unknown to the model; they can come only from the backfill$/,
    );
    expect(t.candidates.map((c) => [c.itemId, c.excluded ?? null, c.boost ?? null, c.from ?? null])).toEqual([
      ['p05', 'filter: out of stock', 2, null],
      ['p03', null, 2, null],
      ['p04', 'exclusion: purchased within 365 days', null, null],
      ['p01', 'exclusion: purchased within 365 days', null, null],
      ['p01', 'exclusion: purchased within 365 days', null, 'top'],
      ['p02', null, null, 'top'],
      ['p03', 'duplicate: already in the list', null, 'top'],
      ['p04', 'exclusion: purchased within 365 days', null, 'top'],
      ['p05', 'filter: out of stock', null, 'top'],
      ['p06', null, null, 'top'],
      [
        'p09',
        'filter: not in the item data graph yet: created 2026-12-05T00:00:00.000Z, after its refresh at 2026-11-28T00:00:00.000Z',
        null,
        'top',
      ],
      ['p99', 'missing item data: not in the item data graph', null, 'top'],
    ]);
    expect(t.candidates[1]).toMatchObject({ score: 1.4, baseScore: 0.7, boost: 2 });
    expect(r.freshness![0]).toEqual({
      source: 'objective-based model (ials, objective purchase) trained at 2026-11-27T00:00:00.000Z',
      refreshedAt: '2026-11-27T00:00:00.000Z',
    });
  });

  it('list at most 50 unknown items and count the rest', () => {
    const unknown = Array.from({ length: 70 }, (_, i) => `u${String(i).padStart(2, '0')}`);
    const t = recommend(rec, strategyData({ objective: () => scores({ unknownItems: unknown }) }), request()).trace!;
    expect(t.unknownItems).toHaveLength(50);
    expect(t.note).toMatch(/^70 item\(s\) .* \(20 not listed\)$/);
  });

  it('are a ModelValidation fault when never trained, not a crash and not a silent fallback', () => {
    const data = strategyData({
      objective: () => ({
        ok: false,
        code: 'ModelValidation',
        message: 'recommender recommended has never been trained (as of 2026-11-28T00:00:00.000Z)',
      }),
    });
    expect(() => recommend(rec, data, request({ backfillRecs: [top] }))).toThrow(RecommenderFault);
    try {
      recommend(rec, data, request());
    } catch (e) {
      expect(e).toMatchObject({
        code: 'ModelValidation',
        message: 'recommender recommended has never been trained (as of 2026-11-28T00:00:00.000Z)',
      });
    }
  });

  it('are a ModelValidation fault where no model source exists', () => {
    expect(() => recommend(rec, strategyData(), request())).toThrow(
      /recommender recommended: no trained model is available/,
    );
  });

  it('fault only their point in a decision request; the request goes on', () => {
    const cfg = spaceConfig();
    cfg.recommenders = [
      { apiName: 'top', label: 'Top', type: 'objective-based', itemDataGraph: 'Products', objective: 'purchase' },
    ];
    const e = env([pipelineProfile('anon1', { loyaltyTier: 'None' })], [pipelineItem('a')], [], cfg);
    const r = decide(
      {
        individualId: 'anon1',
        personalizationPoints: ['recs', 'banner'],
        dataSpace: 'default',
        context: {},
        asOf: AS_OF,
      },
      e,
      { trace: true },
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.points[0]).toMatchObject({
      outcome: 'error',
      reason: 'Fault',
      fault: { code: 'ModelValidation' },
      credits: 0,
    });
    expect(r.response.errors).toEqual([
      { personalizationPointId: 'recs', code: 'ModelValidation', message: expect.stringMatching(/no trained model/) },
    ]);
    expect(r.points[1]!.outcome).toBe('fallback');
    expect(r.trace!.points[0]!.fault?.code).toBe('ModelValidation');
  });
});

describe('the catalogue as of the request', () => {
  it('never recommends an item created after the as-of time, whatever the strategy read', () => {
    const r = recommend(
      rules({ apiName: 'top', strategy: 'top-sellers', calculatedInsight: 'top_sellers' }),
      strategyData(),
      request({ count: 10 }),
    );
    expect(r.items.map((i) => i.id)).not.toContain('p09');
    expect(CATALOG.find((i) => i.id === 'p09')!.createdAt > AS_OF).toBe(true);
  });
});

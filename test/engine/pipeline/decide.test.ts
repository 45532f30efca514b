import { describe, expect, it } from 'vitest';
import { decide } from '../../../engine/pipeline/decide.ts';
import { AS_OF, env, item, profile, row, spaceConfig } from './factories.ts';

const request = (individualId: string, points: string[], extra: Record<string, unknown> = {}) => ({
  individualId,
  personalizationPoints: points,
  dataSpace: 'default',
  context: {},
  asOf: AS_OF,
  ...extra,
});

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => item(id));
const sellers = items.map((i, n) => ({ itemId: i.id, score: 100 - n }));
const people = [
  profile('gold1', { firstName: 'Ada', loyaltyTier: 'Gold' }),
  profile('named1', { firstName: 'Bo', loyaltyTier: 'None' }),
  profile('anon1', { loyaltyTier: 'None' }),
];

describe('decide: qualifying', () => {
  const e = env(people, items, sellers);

  it.each([
    ['gold1', 'gold', 'decision', 'TargetingRuleMatched', { headline: 'Hi Ada, gold!' }],
    ['named1', 'named', 'decision', 'TargetingRuleMatched', { headline: 'Hello Bo', body: 'b' }],
    ['anon1', 'generic', 'fallback', 'Fallback', { headline: 'Hello there' }],
  ])('%s gets %s (%s)', (id, contentId, outcome, reason, data) => {
    const r = decide(request(id, ['banner']), e, { trace: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.response.personalizations[0]).toMatchObject({ personalizationPointId: 'banner', contentId, data });
    expect(r.points[0]).toMatchObject({ outcome, reason, credits: 1 });
    expect(r.trace!.points[0]!.outcome).toBe(outcome);
  });

  it('evaluates decisions by priority, not by position, and skips inactive ones', () => {
    const cfg = spaceConfig();
    const banner = cfg.personalizationPoints![0]!;
    banner.decisions = [
      { ...banner.decisions![1]!, priority: 0 },
      { ...banner.decisions![0]!, priority: 5 },
    ];
    const r = decide(request('gold1', ['banner']), env(people, items, sellers, cfg));
    expect(r.ok && r.response.personalizations[0]!.contentId).toBe('named');
    banner.decisions[0]!.active = false;
    const r2 = decide(request('gold1', ['banner']), env(people, items, sellers, cfg), { trace: true });
    expect(r2.ok && r2.response.personalizations[0]!.contentId).toBe('gold');
    expect(r2.ok && r2.trace!.points[0]!.decisions.map((d) => d.status)).toEqual(['inactive', 'matched']);
  });

  it('returns no decision, and no credit, when nothing qualifies and there is no fallback', () => {
    const cfg = spaceConfig();
    delete cfg.personalizationPoints![0]!.fallback;
    const r = decide(request('anon1', ['banner']), env(people, items, sellers, cfg), { trace: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.response.personalizations).toEqual([]);
    expect(r.points[0]).toMatchObject({ outcome: 'none', reason: 'NoDecision', credits: 0 });
    expect(r.credits).toBe(0);
  });

  it('names the first failing condition of each decision that did not match (the "why not")', () => {
    const r = decide(request('anon1', ['banner']), e, { trace: true });
    if (!r.ok) throw new Error(r.error.message);
    const [gold, named] = r.trace!.points[0]!.decisions;
    expect(gold!.status).toBe('not-matched');
    expect(gold!.whyNot?.description).toMatch(/loyaltyTier/);
    expect(named!.whyNot).toBeDefined();
    expect(gold!.explain?.op).toBe('==');
  });

  it('records merge fields the profile lacks, rendered as their default', () => {
    const r = decide(request('anon1', ['banner']), e, { trace: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.trace!.points[0]!.personalizing!.mergeFields![0]).toMatchObject({
      field: 'headline',
      value: 'Hello there',
      missing: ['firstName'],
    });
  });
});

describe('decide: experiments', () => {
  const withExperiment = (trafficPercent: number) => {
    const cfg = spaceConfig();
    cfg.personalizationPoints![0]!.experiment = {
      key: 'banner_test',
      label: 'Banner test',
      trafficPercent,
      variants: [
        { key: 'control', weight: 50, control: true },
        { key: 'treatment', weight: 50, decision: 'named' },
      ],
    };
    return cfg;
  };
  const many = Array.from({ length: 400 }, (_, i) => profile(`p${i}`, { firstName: `P${i}`, loyaltyTier: 'Gold' }));

  it('serves the variant decision to the treatment cohort and regular qualifying to control', () => {
    const e = env(many, items, sellers, withExperiment(100));
    let treated = 0;
    for (const p of many) {
      const r = decide(request(p.id, ['banner']), e);
      if (!r.ok) throw new Error(r.error.message);
      const o = r.points[0]!;
      expect(o.inPool).toBe(true);
      if (o.variantKey === 'treatment') {
        treated++;
        expect(o).toMatchObject({ decisionId: 'named', reason: 'ExperimentVariant', control: false });
      } else {
        expect(o).toMatchObject({
          variantKey: 'control',
          control: true,
          decisionId: 'gold',
          reason: 'TargetingRuleMatched',
        });
      }
    }
    expect(treated).toBeGreaterThan(150);
    expect(treated).toBeLessThan(250);
  });

  it('lets individuals outside the traffic share through to the decisions', () => {
    const e = env(many, items, sellers, withExperiment(30));
    const outside = many.map((p) => decide(request(p.id, ['banner']), e)).filter((r) => r.ok && !r.points[0]!.inPool);
    expect(outside.length).toBeGreaterThan(200);
    for (const r of outside) expect(r.ok && r.points[0]!.decisionId).toBe('gold');
  });

  it('assigns the same cohort on every request (by unified id)', () => {
    const e = env(many, items, sellers, withExperiment(100));
    const first = many
      .map((p) => decide(request(p.id, ['banner']), e))
      .map((r) => (r.ok ? r.points[0]!.variantKey : null));
    const again = many
      .map((p) => decide(request(p.id, ['banner'], { asOf: '2027-01-01T00:00:00Z' }), e))
      .map((r) => (r.ok ? r.points[0]!.variantKey : null));
    expect(again).toEqual(first);
  });
});

describe('decide: recommendations', () => {
  it('returns the top sellers with the response template fields, itemId first', () => {
    const r = decide(request('anon1', ['recs']), env(people, items, sellers));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.response.personalizations[0]!.data).toEqual({
      recommendations: [
        { itemId: 'a', name: 'Item a', price: 50 },
        { itemId: 'b', name: 'Item b', price: 50 },
        { itemId: 'c', name: 'Item c', price: 50 },
      ],
    });
  });

  it('drops purchased, out-of-stock and anchor items, with each reason in the trace', () => {
    const buyer = profile('buyer', { loyaltyTier: 'None' }, { order: [row('order', 'a', '2026-11-01T00:00:00.000Z')] });
    const stock = items.map((i) => (i.id === 'b' ? { ...i, inStock: false } : i));
    const r = decide(request('buyer', ['recs'], { context: { anchorItemId: 'c' } }), env([buyer], stock, sellers), {
      trace: true,
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.points[0]!.itemIds).toEqual(['d', 'e']);
    const cands = r.trace!.points[0]!.personalizing!.recommender!.candidates;
    expect(cands.map((c) => [c.itemId, c.excluded ?? null])).toEqual([
      ['a', 'exclusion: purchased within 365 days'],
      ['b', 'filter: out of stock'],
      ['c', 'exclusion: the anchor item itself'],
      ['d', null],
      ['e', null],
    ]);
  });

  it('keeps only the context category when the recommender filters on it', () => {
    const cfg = spaceConfig();
    cfg.recommenders![0]!.filters = { contextCategory: true };
    const mixed = items.map((i, n) => ({ ...i, category: n % 2 ? 'Hats' : 'Shoes' }));
    const r = decide(request('anon1', ['recs'], { context: { category: 'Hats' } }), env(people, mixed, sellers, cfg));
    expect(r.ok && r.points[0]!.itemIds).toEqual(['b', 'd']);
  });

  it('is a ConfigurationMissing fault, not a crash, when the recommender is missing at run time', () => {
    const cfg = spaceConfig();
    cfg.recommenders = [];
    const r = decide(request('anon1', ['recs', 'banner']), env(people, items, sellers, cfg));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.response.errors).toEqual([
      { personalizationPointId: 'recs', code: 'ConfigurationMissing', message: expect.stringMatching(/top/) },
    ]);
    expect(r.response.personalizations.map((p) => p.personalizationPointId)).toEqual(['banner']);
    expect(r.credits).toBe(1);
  });

  it('is an ItemDataMissing fault when the item data graph is empty', () => {
    const r = decide(request('anon1', ['recs']), env(people, [], sellers));
    expect(r.ok && r.points[0]!.fault?.code).toBe('ItemDataMissing');
  });
});

describe('decide: request faults and determinism', () => {
  const e = env(people, items, sellers);
  it.each([
    [{ individualId: 'nobody' }, 'IndividualNotFound', '$.individualId'],
    [{ personalizationPoints: ['nope'] }, 'PersonalizationPointNotFound', '$.personalizationPoints[0]'],
    [{ personalizationPoints: ['banner', 'banner'] }, 'InvalidRequest', '$.personalizationPoints[1]'],
    [{ asOf: 'yesterday' }, 'InvalidRequest', '$.asOf'],
    [{ asOf: '2026-11-28T20:00:00' }, 'InvalidRequest', '$.asOf'],
  ])('%j → %s', (over, code, path) => {
    const r = decide({ ...request('gold1', ['banner', 'recs']), ...over }, e);
    expect(r).toMatchObject({ ok: false, error: { code, path } });
  });

  it('counts one credit per personalization returned', () => {
    const r = decide(request('gold1', ['banner', 'recs']), e);
    expect(r.ok && r.credits).toBe(2);
  });

  it('turns a rule that throws at run time into a RuleEvaluationError fault for that point', () => {
    const bad = profile('bad', { loyaltyTier: 'None' });
    Object.defineProperty(bad, 'loyaltyTier', {
      get: () => {
        throw new Error('corrupt attribute');
      },
      enumerable: true,
    });
    const r = decide(request('bad', ['banner', 'recs']), env([bad], items, sellers));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.points[0]!.fault).toEqual({
      code: 'RuleEvaluationError',
      message: expect.stringMatching(/corrupt attribute/),
    });
    expect(r.points[1]!.outcome).toBe('decision');
  });

  it('gives the same response for the same inputs, byte for byte', () => {
    const a = JSON.stringify(decide(request('gold1', ['banner', 'recs']), env(people, items, sellers)));
    const b = JSON.stringify(decide(request('gold1', ['banner', 'recs']), env(people, items, sellers)));
    expect(a).toBe(b);
  });

  it('fast path and trace path decide the same', () => {
    for (const p of people) {
      const fast = decide(request(p.id, ['banner', 'recs']), e);
      const traced = decide(request(p.id, ['banner', 'recs']), e, { trace: true });
      expect(fast.ok && fast.response).toEqual(traced.ok && traced.response);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { pointAudience, ruleAudience } from '../../../engine/batch/audience.ts';
import { ensureDataGraphRefresh } from '../../../engine/batch/refresh.ts';
import { isoOf, parseIsoTime } from '../../../engine/model/time.ts';
import { decide } from '../../../engine/pipeline/decide.ts';
import { compile } from '../../../engine/rules/index.ts';
import { createService } from '../../../engine/service/service.ts';
import type { SpaceRuntime } from '../../../engine/runtime/space-runtime.ts';
import type { WorkspaceStore } from '../../../engine/store/index.ts';
import { SAMPLE_END, sampleWorkspace } from './refresh-fixture.ts';

const END_MS = parseIsoTime(SAMPLE_END)!;
const AS_OF = END_MS + 10 * 60_000;

/** Brute force: the whole pipeline (decide, fast path) for every individual, outcomes tallied. */
function bruteForce(store: WorkspaceStore, rt: SpaceRuntime, point: string, ids: string[]) {
  const tally = {
    total: 0,
    byDecision: new Map<string, number>(),
    variants: new Map<string, number>(),
    outOfPool: 0,
    fallback: 0,
    none: 0,
    errors: 0,
  };
  for (const id of ids) {
    const r = decide(
      { individualId: id, personalizationPoints: [point], dataSpace: 'default', context: {}, asOf: isoOf(AS_OF) },
      {
        dataSpace: 'default',
        space: rt.compiled,
        profiles: rt.profiles,
        catalog: rt.catalog,
        strategies: rt.strategies,
      },
    );
    if (!r.ok) throw new Error(r.error.message);
    const o = r.points[0]!;
    tally.total++;
    if (o.experimentKey !== null) {
      if (!o.inPool) tally.outOfPool++;
      else tally.variants.set(o.variantKey ?? 'control', (tally.variants.get(o.variantKey ?? 'control') ?? 0) + 1);
    }
    // Qualifying decides the decision; an error while personalizing (e.g. no items) is not the audience's concern.
    if (o.outcome === 'none') tally.none++;
    else if (o.reason === 'Fallback') tally.fallback++;
    else if (o.decisionId !== null) tally.byDecision.set(o.decisionId, (tally.byDecision.get(o.decisionId) ?? 0) + 1);
    else tally.errors++;
  }
  return tally;
}

describe('audience preview', () => {
  it('tallies the qualifying stage over the refresh exactly as the pipeline decides, with the experiment cohorts', async () => {
    const ws = sampleWorkspace({ individuals: 300 });
    const rt = ws.runtime();
    const refresh = await ensureDataGraphRefresh(ws.store, rt, 'Customer_Profile', AS_OF);
    if (!refresh.ok) throw new Error(refresh.error.message);
    const ids = [...ws.store.iterateIndividualIds(ws.spaceId)];
    for (const point of ['onboarding_banner', 'home_page_recs', 'loyalty_email_recs']) {
      const a = await pointAudience(ws.store, refresh.data, rt.compiled.points.get(point)!, { asOfMs: AS_OF });
      if (!a.ok) throw new Error(a.error.message);
      const brute = bruteForce(ws.store, rt, point, ids);
      expect(a.data.total).toBe(300);
      expect(
        Object.fromEntries(a.data.byDecision.filter((d) => d.count > 0).map((d) => [d.decisionId, d.count])),
      ).toEqual(Object.fromEntries(brute.byDecision));
      expect(a.data.fallback.count).toBe(brute.fallback);
      expect(a.data.none).toBe(brute.none);
      expect(a.data.errors.count).toBe(brute.errors);
      expect(a.data.outOfPool).toBe(brute.outOfPool);
      expect(
        Object.fromEntries(a.data.experimentVariants.filter((v) => v.count > 0).map((v) => [v.key, v.count])),
      ).toEqual(Object.fromEntries(brute.variants));
    }
    // The onboarding banner's experiment splits the pool in two; the variant serves free_shipping.
    const banner = await pointAudience(ws.store, refresh.data, rt.compiled.points.get('onboarding_banner')!, {
      asOfMs: AS_OF,
    });
    if (!banner.ok) throw new Error(banner.error.message);
    expect(banner.data.experimentVariants.map((v) => v.key)).toEqual(['control', 'free_shipping']);
    expect(banner.data.experimentVariants.every((v) => v.count > 100)).toBe(true);
    expect(banner.data.byDecision.find((d) => d.decisionId === 'free_shipping')!.viaExperiment).toBe(
      banner.data.experimentVariants[1]!.count,
    );
  });

  it('counts only a segment’s members when asked, and what one rule holds for', async () => {
    const ws = sampleWorkspace({ individuals: 300 });
    const rt = ws.runtime();
    const refresh = await ensureDataGraphRefresh(ws.store, rt, 'Customer_Profile', AS_OF);
    if (!refresh.ok) throw new Error(refresh.error.message);
    const members = ws.store.dataGraphs.segmentMemberIds(refresh.data.id, 'Loyalty_Members', { limit: 1000 });
    const a = await pointAudience(ws.store, refresh.data, rt.compiled.points.get('home_page_recs')!, {
      asOfMs: AS_OF,
      segment: 'Loyalty_Members',
    });
    if (!a.ok) throw new Error(a.error.message);
    expect(a.data.total).toBe(members.length);
    // Every loyalty member qualifies for the loyalty decision (its rule is membership of that segment).
    expect(a.data.byDecision[0]).toMatchObject({ decisionId: 'loyalty_home_recs', count: members.length });
    expect(a.data.byDecision.slice(1).every((d) => d.count === 0)).toBe(true);
    const gold = await ruleAudience(ws.store, refresh.data, compile({ '==': [{ var: 'loyaltyTier' }, 'Gold'] }), {
      asOfMs: AS_OF,
    });
    if (!gold.ok) throw new Error(gold.error.message);
    const expected = ids(ws.store, ws.spaceId).filter(
      (id) => ws.store.getIndividual(ws.spaceId, id)!.attributes.loyaltyTier === 'Gold',
    ).length;
    expect(gold.data).toMatchObject({
      total: 300,
      matched: expected,
      notMatched: 300 - expected,
      errors: { count: 0 },
    });
    expect(expected).toBeGreaterThan(0);
  });

  it('runs through the service: saved and draft points, rules, and located bad input', async () => {
    const ws = sampleWorkspace({ individuals: 150 });
    const service = createService(ws.store, { now: () => AS_OF });
    const saved = await service.call('points.audience', { point: 'onboarding_banner' });
    if (!saved.ok) throw new Error(saved.error.message);
    // A draft with the experiment switched off: the free-shipping decision only by its rule now.
    const cfg = await service.call('config.get', {});
    if (!cfg.ok) throw new Error(cfg.error.message);
    const draft = structuredClone(
      cfg.data.config.dataSpaces[0]!.personalizationPoints.find((p) => p.apiName === 'onboarding_banner')!,
    );
    draft.experiment!.active = false;
    const changed = await service.call('points.audience', { point: draft });
    if (!changed.ok) throw new Error(changed.error.message);
    expect(changed.data.experimentVariants).toEqual([]);
    expect(changed.data.byDecision.find((d) => d.decisionId === 'free_shipping')!.viaExperiment).toBe(0);
    expect(changed.data.total).toBe(saved.data.total);
    // Bad drafts and rules are refused with the JSON path of the problem.
    const badDraft = await service.call('points.audience', {
      point: {
        ...draft,
        decisions: [{ ...draft.decisions[0]!, targetingRule: { '==': [{ var: 'noSuchField' }, 1] } }],
      },
    });
    expect(badDraft).toMatchObject({
      ok: false,
      error: { code: 'InvalidInput', path: expect.stringMatching(/^\$\.point\.decisions\[0\]\.targetingRule/) },
    });
    const badRule = await service.call('rules.audience', { rule: { and: [true, { nope: [1] }] } });
    expect(badRule).toMatchObject({ ok: false, error: { code: 'InvalidInput', path: '$.rule.and[1]' } });
    const unknownPoint = await service.call('points.audience', { point: 'nope' });
    expect(unknownPoint).toMatchObject({ ok: false, error: { code: 'PersonalizationPointNotFound' } });
    const badSegment = await service.call('rules.audience', { rule: true, segment: 'Nope' });
    expect(badSegment).toMatchObject({ ok: false, error: { code: 'NotFound', path: '$.segment' } });
    const rule = await service.call('rules.audience', { rule: { in_segment: 'Active_Shoppers' }, asOf: isoOf(AS_OF) });
    const count = await service.call('segments.count', { segment: 'Active_Shoppers', asOf: isoOf(AS_OF) });
    if (!rule.ok || !count.ok) throw new Error('rules.audience or segments.count failed');
    expect(rule.data.matched).toBe(count.data.members);
  });
});

const ids = (store: WorkspaceStore, spaceId: number): string[] => [...store.iterateIndividualIds(spaceId)];

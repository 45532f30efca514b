import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../../engine/service/service.ts';
import { AS_OF, editConfig, open, query, runToEnd, sampleWorkspace, tempDir } from './run-fixture.ts';

const tmp = tempDir('bpw-faults-');
const ws = tmp.path('ws.sqlite');
let service: Service;
const FAULTY = 'Faulty Campaign';

beforeAll(async () => {
  await sampleWorkspace(ws, { individuals: 500, items: 120, chunkSize: 40 });
  service = open(ws);
  editConfig(service, (space) => {
    // A targeting rule that throws at run time for Gold members (missing_some over null), ...
    const banner = space.personalizationPoints.find((p) => p.apiName === 'onboarding_banner')!;
    banner.decisions.find((d) => d.id === 'tier_perks')!.targetingRule = {
      missing_some: [1, { if: [{ '==': [{ var: 'loyaltyTier' }, 'Gold'] }, null, ['firstName']] }],
    };
    // ... and a point served by an objective-based recommender pinned to a model that was never
    // trained (a run would otherwise train the cycle's model on demand).
    space.recommenders.push({
      apiName: 'never_trained',
      label: 'Never trained',
      type: 'objective-based',
      itemDataGraph: 'Goods_Product',
      objective: 'purchase',
      trainingWindowDays: 180,
      hyperparameters: {},
      seed: 1,
      pinnedModelAt: '2026-11-01T00:00:00.000Z',
      filters: { contextCategory: false, inStockOnly: true, attributes: [] },
      exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true },
      boosts: [],
    });
    const recs = space.personalizationPoints.find((p) => p.apiName === 'home_page_recs')!;
    space.personalizationPoints.push({
      ...structuredClone(recs),
      apiName: 'learned_recs',
      label: 'Learned Recs',
      decisions: [
        {
          id: 'learned',
          label: 'Learned',
          active: true,
          priority: 0,
          targetingRule: null,
          content: { type: 'recommendations', recommender: 'never_trained', itemCount: 4 },
        },
      ],
    });
    space.campaigns.push({
      name: FAULTY,
      description: '',
      segment: 'Active_Shoppers',
      points: ['onboarding_banner', 'learned_recs'],
      schedule: { cron: '0 6 * * 1', timezone: 'UTC' },
      chunkSize: 40,
      output: { kind: 'stream', stream: 'faulty_events' },
      status: 'Active',
    });
  });
});
afterAll(() => {
  service.close();
  tmp.remove();
});

const campaign = async (name: string) => {
  const r = await service.call('campaigns.list', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.data.find((c) => c.campaign.name === name)!;
};

describe('fault paths of a run', () => {
  it('turn each bad individual × point into an error record with its code; the run completes and counts them', async () => {
    const ids = query<{ id: string }>(ws, 'SELECT id FROM individuals ORDER BY id LIMIT 120').map((r) => r.id);
    const { summary, runId } = await runToEnd(service, {
      campaign: FAULTY,
      asOf: AS_OF,
      workers: 2,
      individuals: [...ids, 'ind_unknown_1', 'ind_unknown_2'],
    });
    expect(summary.status).toBe('succeeded');
    expect(summary.individuals).toBe(122);
    // Every code, as counted by the log itself.
    const byCode = Object.fromEntries(
      query<{ error_code: string; n: number }>(
        ws,
        "SELECT error_code, count(*) AS n FROM decision_log WHERE run_id = ? AND outcome = 'error' GROUP BY error_code",
        runId,
      ).map((r) => [r.error_code, r.n]),
    );
    expect(byCode['IndividualNotFound']).toBe(4);
    expect(byCode['ModelValidation']).toBe(120);
    expect(byCode['RuleEvaluationError']).toBeGreaterThan(0);
    expect(Object.keys(byCode).sort()).toEqual(['IndividualNotFound', 'ModelValidation', 'RuleEvaluationError']);
    expect(summary.errorsByCode).toEqual(
      Object.entries(byCode)
        .map(([code, count]) => ({ code, count }))
        .sort((a, b) => b.count - a.count),
    );
    expect(summary.errors).toBe(Object.values(byCode).reduce((a, b) => a + b, 0));
    expect(summary.credits.erroredRequests).toBe(summary.errors);
    expect(summary.credits.actual).toBe(summary.requests - summary.errors - summary.none);
    // The rest was decided: the banner for everyone known whose rule did not fail.
    const banner = query<{ outcome: string; n: number }>(
      ws,
      "SELECT outcome, count(*) AS n FROM decision_log WHERE run_id = ? AND point = 'onboarding_banner' GROUP BY outcome",
      runId,
    );
    expect(banner.filter((r) => r.outcome !== 'error').reduce((a, r) => a + r.n, 0)).toBe(
      120 - byCode['RuleEvaluationError']!,
    );
    // Error records carry the message; the stream output has status error rows, numbered 1..n.
    const one = await service.call('runs.decisions', { runId, errorCode: 'ModelValidation', limit: 1 });
    expect(one.ok && one.data.rows[0]).toMatchObject({
      point: 'learned_recs',
      outcome: 'error',
      errorMessage: expect.stringMatching(/never_trained/),
    });
    const rule = await service.call('runs.decisions', { runId, errorCode: 'RuleEvaluationError', limit: 1 });
    expect(rule.ok && rule.data.rows[0]!.errorMessage).toMatch(/targeting rule of decision tier_perks failed/);
    const events = await service.call('outputs.rows', { stream: 'faulty_events', limit: 1000 });
    expect(events.ok && events.data.rows.map((r) => r.seq)).toEqual(Array.from({ length: 244 }, (_, i) => i + 1));
    expect(events.ok && events.data.rows.filter((r) => r.status === 'error').length).toBe(summary.errors);
    const dist = await service.call('runs.distribution', { runId });
    expect(dist.ok && dist.data.errorsByCode).toEqual(byCode);
    // Far above the 5% threshold: the campaign is in Error, the run is its last run but not a successful one.
    expect(await campaign(FAULTY)).toMatchObject({
      status: 'Error',
      statusReason: expect.stringMatching(/ended in an error record .* the threshold is 5%/),
      lastRun: { runId },
      lastSuccessfulRun: null,
    });
  }, 300_000);

  it('puts the campaign back to Active after a clean run, which becomes its last successful run', async () => {
    editConfig(service, (space) => {
      space.campaigns.find((c) => c.name === FAULTY)!.points = ['email_product_recs'];
    });
    const { summary, runId } = await runToEnd(service, { campaign: FAULTY, asOf: AS_OF, workers: 1 });
    expect(summary).toMatchObject({ status: 'succeeded', errors: 0 });
    expect(await campaign(FAULTY)).toMatchObject({
      status: 'Active',
      statusReason: '',
      lastRun: { runId },
      lastSuccessfulRun: { runId },
    });
    // Below the threshold (a couple of unknown ids among many) it stays Active.
    const ids = query<{ individual_id: string }>(
      ws,
      'SELECT individual_id FROM decision_log WHERE run_id = ? ORDER BY seq',
      runId,
    ).map((r) => r.individual_id);
    const few = await runToEnd(service, {
      campaign: FAULTY,
      asOf: AS_OF,
      workers: 1,
      individuals: [...ids, 'ind_unknown_3'],
    });
    expect(few.summary.errors).toBe(1);
    expect(await campaign(FAULTY)).toMatchObject({ status: 'Active', lastSuccessfulRun: { runId: few.runId } });
  }, 300_000);
});

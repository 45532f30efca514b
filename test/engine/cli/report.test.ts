import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineReport } from '../../../engine/batch/analytics/report.ts';
import { sampleRatioCheck } from '../../../engine/experiments/sample-ratio.ts';
import { editConfig, open, query, sampleWorkspace, TWO_POINTS } from '../batch/run-fixture.ts';
import { cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');
const DAY1 = '2026-11-27T00:00:00Z';
const DAY2 = '2026-11-28T00:00:00Z';
const BUDGET = 300;

beforeAll(async () => {
  await sampleWorkspace(ws, { individuals: 300, items: 100, chunkSize: 50 });
  const service = open(ws);
  editConfig(service, (space) => {
    space.campaigns.find((c) => c.name === TWO_POINTS)!.creditBudget = { credits: BUDGET, period: 'run' };
  });
  service.close();
  for (const asOf of [DAY1, DAY2]) {
    const r = await cli('run', ws, '--campaign', TWO_POINTS, '--as-of', asOf, '--workers', '1', '--json');
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => tmp.remove());

const report = async (...args: string[]): Promise<PipelineReport> => {
  const r = await cli('report', ws, ...args, '--json');
  if (r.code !== 0) throw new Error(r.stdout + r.stderr);
  return r.json() as PipelineReport;
};
const one = <T>(rows: T[]): T => rows[0]!;

describe('workbench report', () => {
  it('counts one run exactly as its decision log holds it', async () => {
    const r = await report('--run', '2');
    const [totals] = query<{ n: number; ids: number; credits: number; none: number; fallback: number }>(
      ws,
      "SELECT count(*) n, count(DISTINCT individual_id) ids, sum(credits) credits, sum(outcome = 'none') none, sum(outcome = 'fallback') fallback FROM decision_log WHERE run_id = 2",
    );
    expect(r.window.runs).toEqual([2]);
    expect(r.requests).toBe(totals!.n);
    expect(r.uniqueIndividuals).toBe(totals!.ids);
    expect(r.credits).toEqual({ perRequest: totals!.n, perPersonalization: totals!.credits });
    expect(r.rates.blank).toBeCloseTo(totals!.none / totals!.n, 12);
    expect(r.rates.fallback).toBeCloseTo(totals!.fallback / totals!.n, 12);
    expect(r.byPoint.map((p) => p.point)).toEqual(['email_product_recs', 'onboarding_banner']);
    for (const p of r.byPoint) {
      const [c] = query<{ n: number }>(
        ws,
        'SELECT count(*) n FROM decision_log WHERE run_id = 2 AND point = ?',
        p.point,
      );
      expect(p.requests).toBe(c!.n);
      expect(p.decisions.reduce((s, d) => s + d.count, 0) + p.outcomes.none + p.outcomes.error).toBe(c!.n);
    }
    expect(r.engineTime.percentiles).toBeNull();
    expect(r.engineTime.note).toMatch(/no per-decision timings/);
  });

  it('reports the experiment cohorts against their weights with the sample-ratio p-value', async () => {
    const r = await report('--run', '2');
    const e = one(r.experiments);
    expect(e.point).toBe('onboarding_banner');
    const rows = query<{ variant: string | null; n: number }>(
      ws,
      "SELECT variant, count(*) n FROM decision_log WHERE run_id = 2 AND point = 'onboarding_banner' AND experiment IS NOT NULL GROUP BY variant",
    );
    const count = (k: string | null) => rows.find((x) => x.variant === k)?.n ?? 0;
    expect(e.variants.map((v) => ({ key: v.key, individuals: v.individuals, expectedShare: v.expectedShare }))).toEqual(
      [
        { key: 'control', individuals: count('control'), expectedShare: 0.5 },
        { key: 'free_shipping', individuals: count('free_shipping'), expectedShare: 0.5 },
      ],
    );
    expect(e.outOfPool).toBe(count(null));
    const expected = sampleRatioCheck(
      e.variants.map((v) => ({ key: v.key, individuals: v.individuals, expectedShare: v.expectedShare! })),
    ).pValue!;
    expect(e.srmPValue).toBeCloseTo(expected, 12);
    expect(e.srmPValue).toBeGreaterThan(0);
    expect(e.variants.every((v) => v.smallCohort)).toBe(true);
  });

  it('over several runs counts individuals once and buckets the runs by day', async () => {
    const r = await report();
    const [ids] = query<{ n: number }>(ws, 'SELECT count(DISTINCT individual_id) n FROM decision_log');
    const [rows] = query<{ n: number }>(ws, 'SELECT count(*) n FROM decision_log');
    expect(r.window.runs).toEqual([1, 2]);
    expect(r.requests).toBe(rows!.n);
    expect(r.uniqueIndividuals).toBe(ids!.n);
    expect(r.uniqueIndividuals).toBeLessThan(r.requests);
    expect(r.overTime.buckets.map((b) => [b.start, b.runs])).toEqual([
      ['2026-11-27T00:00:00.000Z', [1]],
      ['2026-11-28T00:00:00.000Z', [2]],
    ]);
    const e = one(r.experiments);
    const [cohort] = query<{ n: number }>(
      ws,
      "SELECT count(DISTINCT individual_id) n FROM decision_log WHERE variant = 'control' AND point = 'onboarding_banner'",
    );
    expect(e.variants[0]!.individuals).toBe(cohort!.n);
    const week = await report('--by', 'week');
    expect(week.overTime.buckets.map((b) => [b.start, b.runs])).toEqual([['2026-11-23T00:00:00.000Z', [1, 2]]]);
  });

  it('sets the credits of each budget period against the campaign budget, both ways', async () => {
    const r = await report();
    const b = one(r.budgets);
    expect(b).toMatchObject({ campaign: TWO_POINTS, budget: BUDGET, period: 'run' });
    for (const p of b.periods) {
      const runId = p.runs[0]!;
      const [c] = query<{ n: number; credits: number }>(
        ws,
        'SELECT count(*) n, sum(credits) credits FROM decision_log WHERE run_id = ?',
        runId,
      );
      expect(p.period).toBe(`run ${runId}`);
      expect(p.credits).toEqual({ perRequest: c!.n, perPersonalization: c!.credits });
      expect(p.over).toEqual({ perRequest: c!.n > BUDGET, perPersonalization: c!.credits > BUDGET });
    }
    expect(b.periods.some((p) => p.over.perRequest)).toBe(true);
  });

  it('selects runs by their as-of time in [from, to)', async () => {
    expect((await report('--from', DAY2)).window.runs).toEqual([2]);
    expect((await report('--to', DAY2)).window.runs).toEqual([1]);
    const none = await report('--from', '2027-01-01T00:00:00Z');
    expect(none).toMatchObject({ requests: 0, uniqueIndividuals: 0, byPoint: [], experiments: [] });
    expect((await cli('report', ws, '--from', '2027-01-01T00:00:00Z')).stdout).toMatch(/No runs in this window/);
  });

  it('prints the report as text', async () => {
    const r = await cli('report', ws, '--run', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Pipeline Intelligence: run 2$/m);
    expect(r.stdout).toMatch(/^ {2}onboarding_banner_copy on onboarding_banner: [\d,]+ in the pool/m);
    expect(r.stdout).toMatch(/sample-ratio check χ²=[\d.]+ \(df 1\), p=[\d.e-]+/);
  });

  it.each([
    [['--run', 'abc'], 'run'],
    [['--run', '99'], 'runId'],
    [['--from', 'yesterday'], 'from'],
    [['--to', '2026-13-01'], 'to'],
    [['--from', DAY2, '--to', DAY1], 'to'],
    [['--by', 'hour'], 'by'],
    [['--data-space', 'nope'], 'dataSpace'],
  ])('rejects %j with exit 2 naming %s', async (args, field) => {
    const r = await cli('report', ws, ...args, '--json');
    expect(r.code).toBe(2);
    expect((r.json() as { error: { field: string } }).error.field).toBe(field);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignEstimate } from '../../../engine/batch/estimate.ts';
import { AS_OF, SAMPLE_NOW, cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');

beforeAll(async () => {
  const r = await cli(
    'init',
    ws,
    '--sample',
    'retail',
    '--individuals',
    '600',
    '--items',
    '150',
    '--seed',
    '5',
    '--now',
    SAMPLE_NOW,
  );
  expect(r.code).toBe(0);
});
afterAll(() => tmp.remove());

describe('workbench estimate', () => {
  it('prints a clear estimate of the nightly campaign on a fresh sample', async () => {
    const r = await cli('estimate', ws, '--campaign', 'Nightly Email Recs', '--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Credit estimate for campaign "Nightly Email Recs" (Active), as of 2026-11-28T00:00:00.000Z',
    );
    expect(r.stdout).toContain('segment Active_Shoppers × 1 point(s): email_product_recs');
    expect(r.stdout).toContain(
      'schedule "0 20 * * *" (America/New_York); next run 2026-11-27 20:00 EST (2026-11-28T01:00:00.000Z)',
    );
    expect(r.stdout).toMatch(/segment size at the next run: [\d,]+ individuals → [\d,]+ credits per run/);
    expect(r.stdout).toMatch(
      /30 days \(2026-11-28T00:00:00.000Z → 2026-12-28T00:00:00.000Z\): 30 run\(s\), [\d,]+ credits/,
    );
    expect(r.stdout).toMatch(/budget: [\d,]+ credits per month/);
    expect(r.stdout).toMatch(/December 2026 +31 +[\d,]+ +26 run\(s\), [\d,]+ +ok \(\d+%\)/);
  });

  it('works without --as-of (now) as a newcomer types it', async () => {
    const r = await cli('estimate', ws, '--campaign', 'Nightly Email Recs');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/credits per run/);
  });

  it('prints one JSON document with every scheduled run, growth applied', async () => {
    const r = await cli(
      'estimate',
      ws,
      '--campaign',
      'Weekly Loyalty Email',
      '--as-of',
      AS_OF,
      '--period',
      '12w',
      '--growth',
      '2',
      '--json',
    );
    expect(r.code).toBe(0);
    const e = r.json() as CampaignEstimate;
    expect(e.totalRuns).toBe(12);
    expect(e.runs.map((x) => x.local.slice(11))).toEqual(Array(12).fill('06:00 EST'));
    expect(e.runs[0]).toMatchObject({
      at: '2026-11-30T11:00:00.000Z',
      individuals: e.segmentSize,
      credits: e.segmentSize,
    });
    expect(e.runs[11]!.individuals).toBeGreaterThan(e.segmentSize);
    expect(e.growthPercentPerMonth).toBe(2);
    expect(e.totalCredits).toBe(e.runs.reduce((s, x) => s + x.credits, 0));
  });

  it.each([
    [['--period', '3x'], /InvalidInput: --period "3x" is not a period/],
    [['--period', '0d'], /--period "0d" must be at least 1/],
    [['--period', '20y'], /--period "20y" is longer than the estimator covers/],
    [['--growth', 'fast'], /InvalidInput: --growth "fast" is not a number/],
    [['--growth', '-100'], /--growth -100 is out of range/],
    [['--as-of', 'yesterday'], /asOf "yesterday" is not an ISO-8601 time/],
  ])('refuses %j with exit 2 and a message naming the option', async (args, message) => {
    const r = await cli('estimate', ws, '--campaign', 'Nightly Email Recs', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('refuses an unknown campaign with exit 2, naming the known ones', async () => {
    const r = await cli('estimate', ws, '--campaign', 'Nightly Emails Recs');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'NotFound: campaign "Nightly Emails Recs" does not exist in data space default (did you mean "Nightly Email Recs"?) (known: "Nightly Email Recs", "Weekly Loyalty Email")',
    );
  });

  it('reports bad input as a JSON document with --json, and requires --campaign', async () => {
    const r = await cli('estimate', ws, '--campaign', 'Nightly Email Recs', '--period', 'soon', '--json');
    expect(r.code).toBe(2);
    expect(r.json()).toMatchObject({ error: { code: 'InvalidInput', field: 'period' } });
    const missing = await cli('estimate', ws);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--campaign <name>/);
    const noFile = await cli('estimate', tmp.path('nope.sqlite'), '--campaign', 'Nightly Email Recs');
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/WorkspaceNotFound/);
  });
});

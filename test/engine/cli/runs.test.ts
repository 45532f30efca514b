import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, sampleWorkspace } from '../batch/run-fixture.ts';
import { cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');

beforeAll(async () => {
  await sampleWorkspace(ws, { individuals: 300, items: 100, chunkSize: 50 });
  for (const campaign of ['Nightly Email Recs', 'Two Point Test']) {
    const r = await cli('run', ws, '--campaign', campaign, '--as-of', AS_OF, '--workers', '1', '--json');
    if (r.code !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => tmp.remove());

describe('workbench runs', () => {
  it('lists runs newest first with id, campaign, status and counts', async () => {
    const r = await cli('runs', ws);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^run +campaign +status +as of +individuals +decisions +fallbacks +none +errors +credits +wall$/,
    );
    expect(lines[1]).toMatch(
      /^2 +Two Point Test +succeeded +2026-11-28T00:00:00.000Z +[\d,]+ +[\d,]+ +[\d,]+ +[\d,]+ +0 +[\d,]+ +[\d.]+ s$/,
    );
    expect(lines[2]).toMatch(/^1 +Nightly Email Recs +succeeded/);
    const json = (await cli('runs', ws, '--campaign', 'Nightly Email Recs', '--json')).json() as {
      total: number;
      rows: { runId: number }[];
    };
    expect(json).toMatchObject({ total: 1, rows: [{ runId: 1 }] });
  });

  it('shows one run: its summary and the decisions per point', async () => {
    const r = await cli('runs', ws, 'run_2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Run 2 — Two Point Test/m);
    expect(r.stdout).toMatch(/^Decisions per point:$/m);
    expect(r.stdout).toMatch(/^ {2}email_product_recs: [\d,]+ requests, [\d,]+ credits$/m);
    expect(r.stdout).toMatch(/^ {2}onboarding_banner: [\d,]+ requests, [\d,]+ credits$/m);
    expect(r.stdout).toMatch(/^ {4}onboarding_fallback +fallback +[\d,]+$/m);
    const json = (await cli('runs', ws, '2', '--json')).json() as {
      distribution: { point: string }[];
      errorRecords: { total: number };
    };
    expect(json.distribution.map((d) => d.point)).toEqual(['email_product_recs', 'onboarding_banner']);
    expect(json.errorRecords.total).toBe(0);
  });

  it.each([
    [['99'], /NotFound: run 99 does not exist/],
    [['x1'], /run must be a run id/],
    [['--status', 'done'], /--status must be one of running, succeeded, failed, cancelled/],
    [['--limit', 'many'], /--limit must be a whole number/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await cli('runs', ws, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

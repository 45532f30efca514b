import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshListing, RefreshOutcome } from '../../../engine/service/ops/refresh.ts';
import { SAMPLE_NOW, cli, tempDir } from './cli-harness.ts';

const tmp = tempDir();
const ws = tmp.path('ws.sqlite');

beforeAll(async () => {
  const r = await cli('init', ws, '--sample', 'retail', '--individuals', '300', '--items', '80', '--now', SAMPLE_NOW);
  expect(r.code).toBe(0);
});
afterAll(() => tmp.remove());

describe('workbench refresh', () => {
  it('materializes the refresh of the watermark, then reuses it, and lists it', async () => {
    const first = await cli('refresh', ws, '--as-of', '2026-11-27T20:10:00Z');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Data-graph refresh \d+ of Customer_Profile \(data space default\) at 2026-11-27T20:00:00.000Z — materialized now/,
    );
    expect(first.stdout).toMatch(/300 individuals, [\d.]+ KiB of documents \(\d+ bytes each\)/);
    expect(first.stdout).toMatch(/segments: Active_Shoppers [\d,]+ \([\d.]+%\), Loyalty_Members/);
    expect(first.stdout).toContain(
      'stale: profile data (Customer_Profile) as of the data-graph refresh at 2026-11-27T20:00:00.000Z, 10 min before 2026-11-27T20:10:00.000Z',
    );
    const again = await cli('refresh', ws, '--as-of', '2026-11-27T20:29:00Z', '--json');
    expect(again.code).toBe(0);
    const outcome = again.json() as RefreshOutcome;
    expect(outcome.reused).toBe(true);
    expect(outcome.refresh).toMatchObject({
      graph: 'Customer_Profile',
      refreshedAt: '2026-11-27T20:00:00.000Z',
      individuals: 300,
    });
    const list = await cli('refresh', ws, '--list', '--json');
    expect(list.code).toBe(0);
    expect((list.json() as RefreshListing[]).map((r) => [r.refreshedAt, r.current])).toEqual([
      ['2026-11-27T20:00:00.000Z', true],
    ]);
    const text = await cli('refresh', ws, '--list');
    expect(text.stdout).toMatch(/2026-11-27T20:00:00.000Z +300 +[\d.]+ KiB +yes +Active_Shoppers/);
  });

  it.each([
    [
      ['--graph', 'Nope'],
      /NotFound: profile data graph "Nope" does not exist in data space default \(known: Customer_Profile\)/,
    ],
    [['--as-of', 'noon'], /asOf "noon" is not an ISO-8601 time/],
    [['--data-space', 'other'], /DataSpaceNotFound/],
  ])('refuses %j with exit 2', async (args, message) => {
    const r = await cli('refresh', ws, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

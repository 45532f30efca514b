import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentCount } from '../../../engine/batch/segments.ts';
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
    '400',
    '--items',
    '100',
    '--seed',
    '2',
    '--now',
    SAMPLE_NOW,
  );
  expect(r.code).toBe(0);
});
afterAll(() => tmp.remove());

describe('workbench segments', () => {
  it('lists the sample segments with their member counts as of a time', async () => {
    const r = await cli('segments', ws, '--as-of', AS_OF);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Segments as of 2026-11-28T00:00:00.000Z');
    // Counting reads: with no refresh materialized it counts in memory, and says so.
    expect(r.stdout).toMatch(
      /data: Customer_Profile as of the 2026-11-28T00:00:00.000Z watermark \(400 individuals; counted in memory, no refresh materialized\)/,
    );
    expect(r.stdout).toMatch(
      /Active_Shoppers +[\d,]+ +[\d.]+% +Active Shoppers — Unified Individuals who browsed products in the last 30 days\./,
    );
    expect(r.stdout).toMatch(/Loyalty_Members +[\d,]+ +[\d.]+% +Loyalty Members/);
  });

  it('gives the same counts as JSON, at the refresh of the watermark', async () => {
    const r = await cli('segments', ws, '--as-of', '2026-11-27T12:29:59Z', '--json');
    expect(r.code).toBe(0);
    const doc = r.json() as { asOf: string; segments: SegmentCount[] };
    expect(doc.segments.map((s) => s.apiName)).toEqual(['Active_Shoppers', 'Loyalty_Members']);
    expect(
      doc.segments.every(
        (s) =>
          s.refreshedAt === '2026-11-27T12:00:00.000Z' && s.individuals === 400 && s.members > 0 && s.members < 400,
      ),
    ).toBe(true);
  });

  it('reads a materialized refresh when there is one, with the same counts', async () => {
    const counted = (await cli('segments', ws, '--as-of', AS_OF, '--json')).json() as { segments: SegmentCount[] };
    expect((await cli('refresh', ws, '--as-of', AS_OF)).code).toBe(0);
    const r = await cli('segments', ws, '--as-of', AS_OF);
    expect(r.stdout).toMatch(/data: refresh \d+ of Customer_Profile at 2026-11-28T00:00:00.000Z \(400 individuals\)/);
    const read = (await cli('segments', ws, '--as-of', AS_OF, '--json')).json() as { segments: SegmentCount[] };
    expect(read.segments.map((s) => [s.apiName, s.members])).toEqual(
      counted.segments.map((s) => [s.apiName, s.members]),
    );
    expect(read.segments.every((s) => s.refreshId !== null)).toBe(true);
    expect(counted.segments.every((s) => s.refreshId === null)).toBe(true);
  });

  it('refuses a bad --as-of with exit 2', async () => {
    const r = await cli('segments', ws, '--as-of', '2026-13-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/asOf "2026-13-01" is not an ISO-8601 time/);
  });
});

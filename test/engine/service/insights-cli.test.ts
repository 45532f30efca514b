import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/cli-harness.ts';
import { HOUR, insightConfig, insightWorld, iso, T0, type InsightWorld } from './insights-fixture.ts';

let world: InsightWorld;
let ws: string;

beforeAll(async () => {
  world = await insightWorld();
  world.service.close();
  ws = world.file;
});
afterAll(() => world.remove());

describe('decide --trace for a recommendations point', () => {
  it("shows the strategy, the CI and its refreshedAt, every candidate's score and each exclusion's reason", async () => {
    const r = await cli(
      'decide',
      ws,
      '--individual',
      'ind_2',
      '--point',
      'recs',
      '--as-of',
      iso(T0 + 5 * HOUR),
      '--trace',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rec = (r.json() as { trace: { points: { personalizing: { recommender: Record<string, unknown> } }[] } }).trace
      .points[0]!.personalizing.recommender;
    expect(rec).toMatchObject({
      apiName: 'top',
      type: 'rules-based',
      strategy: 'top-sellers',
      source: 'calculated insight top_sellers (Top Sellers)',
      sourceRefreshedAt: iso(T0),
      insights: [{ name: 'top_sellers', subject: 'item', refreshedAt: iso(T0), refreshKind: 'scheduled' }],
      requested: 3,
      returned: 1,
    });
    expect(rec['candidates']).toEqual([
      { itemId: 'prod_1', score: 3, rank: null, excluded: 'exclusion: purchased within 365 days' },
      { itemId: 'prod_2', score: 1, rank: null, excluded: 'exclusion: purchased within 365 days' },
      { itemId: 'prod_4', score: 1, rank: 1 },
      { itemId: 'prod_5', score: 1, rank: null, excluded: 'filter: out of stock' },
    ]);
  });

  it('prints them in the readable trace too', async () => {
    const r = await cli(
      'decide',
      ws,
      '--individual',
      'ind_2',
      '--point',
      'recs',
      '--as-of',
      iso(T0 + 5 * HOUR),
      '--trace',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/recommender top \(rules-based, top-sellers\): 1\/3 items/);
    expect(r.stdout).toContain(`source: calculated insight top_sellers (Top Sellers), refreshed at ${iso(T0)}`);
    expect(r.stdout).toMatch(/prod_1 +score +3 +dropped: exclusion: purchased within 365 days/);
    expect(r.stdout).toMatch(/prod_5 +score +1 +dropped: filter: out of stock/);
  });
});

describe('workbench import config with a bad calculated insight', () => {
  it.each([
    ['DELETE', 'DELETE FROM engagement', /DELETE statements are not allowed/],
    [
      'two statements',
      'SELECT item_id, 1 AS value FROM items; DROP TABLE items',
      /the SQL holds 2 statements \(the second begins with DROP\)/,
    ],
    ['a syntax error', 'SELECT item_id, 1 AS value FROM items WHERE', /SQLite: incomplete input/],
  ])('refuses %s (exit 2), names the file and the JSON path, and saves nothing', async (name, sql, message) => {
    const cfg = insightConfig();
    cfg.dataSpaces[0]!.calculatedInsights![2]!.sql = sql;
    const file = join(world.dir, `bad-${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(cfg));
    const before = await cli('export-config', ws);
    const r = await cli('import', ws, 'config', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/InvalidInput: .*nothing was saved/);
    expect(r.stderr).toContain('$.dataSpaces[0].calculatedInsights[2].sql: calculated insight ltv: ');
    expect(r.stderr).toMatch(message);
    expect((await cli('export-config', ws)).stdout).toBe(before.stdout);
  });
});

describe('workbench refresh-insight and insights', () => {
  it('refreshes a CI by hand as of a time and lists it', async () => {
    const r = await cli('refresh-insight', ws, '--insight', 'manual_top', '--as-of', '2026-11-28T02:00:00Z');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Refreshed manual_top as of 2026-11-28T02:00:00.000Z: 4 value\(s\) in [\d.]+ ms \(refresh \d+\)\.\n$/,
    );
    const list = await cli('insights', ws);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /manual_top — Top Sellers \(by hand\) \(per item: item_id, value\), No Schedule \(manual refresh\)\n {2}2026-11-28T02:00:00.000Z {2}manual +4 rows/,
    );
    const json = await cli('insights', ws, '--json');
    const doc = json.json() as { insights: { apiName: string; refreshes: unknown[] }[] };
    expect(doc.insights.map((c) => c.apiName)).toEqual(['top_sellers', 'manual_top', 'ltv', 'affinity', 'pairs']);
  });

  it('prints the values a request at a time sees', async () => {
    const r = await cli('insights', ws, '--values', 'top_sellers', '--as-of', '2026-11-28T01:00:00Z', '--limit', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'top_sellers as of 2026-11-28T01:00:00.000Z: scheduled refresh at 2026-11-28T00:00:00.000Z, 4 value(s), the best 2',
        '  item_id  value',
        '  prod_1       3',
        '  prod_2       1',
        '',
      ].join('\n'),
    );
    const json = await cli(
      'insights',
      ws,
      '--values',
      'affinity',
      '--key',
      'ind_1',
      '--as-of',
      '2026-11-28T01:00:00Z',
      '--json',
    );
    expect((json.json() as { rows: unknown[] }).rows).toEqual([
      { individual_id: 'ind_1', category: 'Hats', value: 2 },
      { individual_id: 'ind_1', category: 'Shoes', value: 1 },
    ]);
  });

  it.each([
    [
      ['refresh-insight', '--insight', 'top_seller'],
      /NotFound: calculated insight "top_seller" is not configured in data space default \(did you mean "top_sellers"\?\)/,
    ],
    [
      ['refresh-insight', '--insight', 'top_sellers', '--as-of', '28/11/2026'],
      /InvalidRequest: asOf "28\/11\/2026" is not an ISO-8601 time/,
    ],
    [['insights', '--values', 'nope'], /NotFound: calculated insight "nope"/],
    [['insights', '--limit', 'ten'], /--limit must be a whole number/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const [command, ...rest] = args;
    const r = await cli(command!, ws, ...rest);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--json prints one document for refresh-insight', async () => {
    const r = await cli('refresh-insight', ws, '--insight', 'ltv', '--as-of', '2026-11-28T03:00:00Z', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      insight: 'ltv',
      subject: 'individual',
      refreshedAt: '2026-11-28T03:00:00.000Z',
      kind: 'manual',
      rows: 2,
      current: true,
    });
  });
});

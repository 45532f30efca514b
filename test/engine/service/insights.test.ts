import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionTrace, WorkspaceConfigInput } from '../../../engine/model/index.ts';
import { openService } from '../../../engine/service/service.ts';
import { scheduledRefreshAt } from '../../../engine/runtime/insight-source.ts';
import {
  DAY,
  HOUR,
  insightConfig,
  insightSpace,
  insightWorld,
  iso,
  T0,
  type InsightWorld,
} from './insights-fixture.ts';

let world: InsightWorld | undefined;
afterEach(() => {
  world?.remove();
  world = undefined;
});
const open = async (config?: WorkspaceConfigInput) => (world = await insightWorld(config));

type RecommenderTrace = NonNullable<NonNullable<DecisionTrace['points'][number]['personalizing']>['recommender']>;

/** decide with its trace; the recommender trace of the first point. */
async function decideTraced(
  w: InsightWorld,
  individualId: string,
  point: string,
  asOfMs: number,
): Promise<{ items: string[]; rec: RecommenderTrace; trace: DecisionTrace }> {
  const r = await w.service.call('decide', { individualId, points: [point], asOf: iso(asOfMs), trace: true });
  if (!r.ok) throw new Error(r.error.message);
  const trace = r.data.trace!;
  const rec = trace.points[0]!.personalizing!.recommender!;
  const data = r.data.response.personalizations[0]?.data as { recommendations: { itemId: string }[] } | undefined;
  return { items: data?.recommendations.map((x) => x.itemId) ?? [], rec, trace };
}

const refreshesOf = (w: InsightWorld, insight: string) => w.store.insights.list(w.space, { insight });

describe('saving a configuration with a bad calculated insight', () => {
  it.each([
    ['DELETE', 'DELETE FROM items', /calculated insight top_sellers: DELETE statements are not allowed/],
    [
      'two statements',
      'SELECT item_id, 1 AS value FROM items; SELECT item_id, 2 AS value FROM items',
      /calculated insight top_sellers: the SQL holds 2 statements/,
    ],
    [
      'a syntax error',
      'SELECT item_id, count(*) AS value FROM engagement WHERE GROUP BY item_id',
      /calculated insight top_sellers: SQLite: near "GROUP": syntax error/,
    ],
  ])('refuses %s with a clear message and changes nothing', async (_, sql, message) => {
    const w = await open();
    const before = await w.service.call('config.get', {});
    const bad = insightConfig();
    bad.dataSpaces[0]!.calculatedInsights![0]!.sql = sql;
    const saved = await w.service.call('config.save', { config: bad });
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.code).toBe('InvalidInput');
    expect(saved.error.message).toMatch(/nothing was saved/);
    expect(saved.error.problems).toContainEqual({
      path: '$.dataSpaces[0].calculatedInsights[0].sql',
      message: expect.stringMatching(message),
    });
    const after = await w.service.call('config.get', {});
    expect(after.ok && before.ok && after.data.revision).toBe(before.ok ? before.data.revision : -1);
    expect(w.store.listConfigRevisions()).toHaveLength(1);
    expect(w.store.insights.list(w.space)).toEqual([]);
    const check = await w.service.call('config.validate', { config: bad });
    expect(check.ok && check.data.valid).toBe(false);
  });
});

describe('what validation checks of insights and recommenders', () => {
  const problems = async (
    over: Parameters<typeof insightSpace>[0] | ((s: ReturnType<typeof insightSpace>) => void),
  ) => {
    const w = world ?? (await open());
    const space = insightSpace(typeof over === 'function' ? {} : over);
    if (typeof over === 'function') over(space);
    const r = await w.service.call('config.validate', { config: { version: 1, dataSpaces: [space] } });
    if (!r.ok) throw new Error(r.error.message);
    return r.data;
  };
  const P = '$.dataSpaces[0]';

  it.each<[string, (s: ReturnType<typeof insightSpace>) => void, string, RegExp]>([
    [
      'a strategy that needs a CI names none',
      (s) => void (s.recommenders![2] = { ...s.recommenders![2]!, calculatedInsight: undefined } as never),
      `${P}.recommenders[2].calculatedInsight`,
      /strategy category-affinity reads an individual × category calculated insight; name one in calculatedInsight \(an individual × category CI: affinity\)/,
    ],
    [
      'a CI of the wrong subject',
      (s) => void ((s.recommenders![0] as { calculatedInsight: string }).calculatedInsight = 'ltv'),
      `${P}.recommenders[0].calculatedInsight`,
      /calculated insight ltv is an individual calculated insight; strategy top-sellers reads an item calculated insight \(an item CI: top_sellers, manual_top\)/,
    ],
    [
      'an unknown CI',
      (s) => void ((s.recommenders![0] as { calculatedInsight: string }).calculatedInsight = 'top_seller'),
      `${P}.recommenders[0].calculatedInsight`,
      /unknown calculated insight "top_seller" \(did you mean "top_sellers"\?\)/,
    ],
    [
      'an unknown backfill',
      (s) => void ((s.recommenders![1] as { backfill: string }).backfill = 'tops'),
      `${P}.recommenders[1].backfill`,
      /unknown backfill recommender "tops" \(did you mean "top"\?\)/,
    ],
    [
      'a backfill cycle',
      (s) => void ((s.recommenders![0] as { backfill: string }).backfill = 'by_hand'),
      `${P}.recommenders[0].backfill`,
      /backfill cycle: top → by_hand → top; a backfill chain must end/,
    ],
    [
      'its own backfill',
      (s) => void ((s.recommenders![0] as { backfill: string }).backfill = 'top'),
      `${P}.recommenders[0].backfill`,
      /cannot be its own backfill/,
    ],
    [
      'similar attributes without attributes',
      (s) =>
        void s.recommenders!.push({
          apiName: 'sim',
          label: 'Sim',
          type: 'rules-based',
          itemDataGraph: 'Products',
          strategy: 'similar-attributes',
        }),
      `${P}.recommenders[3].attributes`,
      /name at least one/,
    ],
    [
      'an unknown item field in a boost',
      (s) =>
        void ((s.recommenders![0] as { boosts: unknown[] }).boosts = [
          { field: 'colour', equals: 'red', multiplier: 2 },
        ]),
      `${P}.recommenders[0].boosts[0].field`,
      /boost: item data graph Products has no field "colour"/,
    ],
    [
      'abandoned cart excluding the cart',
      (s) =>
        void s.recommenders!.push({
          apiName: 'cart',
          label: 'Cart',
          type: 'rules-based',
          itemDataGraph: 'Products',
          strategy: 'abandoned-cart',
          exclusions: { inCart: true },
        }),
      `${P}.recommenders[3].exclusions.inCart`,
      /would drop every candidate/,
    ],
    [
      'a profile graph holding a CI that is not per individual',
      (s) => void (s.profileDataGraphs![0]!.calculatedInsights = ['ltv', 'affinity']),
      `${P}.profileDataGraphs[0].calculatedInsights[1]`,
      /calculated insight affinity is an individual × category calculated insight; a profile data graph reads an individual calculated insight/,
    ],
    [
      'a rule reading a CI its graph does not hold',
      (s) => void (s.personalizationPoints![0]!.decisions![0]!.targetingRule = { '>': [{ ci: 'top_sellers' }, 1] }),
      `${P}.personalizationPoints[0].decisions[0].targetingRule[">"][0]`,
      /calculated insight "top_sellers" is not in profile data graph Profile/,
    ],
    [
      'a duplicate CI name',
      (s) => void s.calculatedInsights!.push({ ...s.calculatedInsights![0]! }),
      `${P}.calculatedInsights[5].apiName`,
      /duplicate calculated insight "top_sellers"/,
    ],
  ])('%s', async (_, edit, path, message) => {
    const r = await problems(edit);
    expect(r.valid).toBe(false);
    expect(r.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('warns when an anchor strategy serves a point whose requests carry no anchor', async () => {
    const r = await problems((s) => {
      s.recommenders!.push({
        apiName: 'bought',
        label: 'Bought',
        type: 'rules-based',
        itemDataGraph: 'Products',
        strategy: 'bought-together',
        calculatedInsight: 'pairs',
      });
      (s.personalizationPoints![1]!.decisions![0]!.content as { recommender: string }).recommender = 'bought';
      s.personalizationPoints![1]!.source = 'cms';
    });
    expect(r.valid).toBe(true);
    expect(r.warnings).toContainEqual({
      path: `${P}.personalizationPoints[1].decisions[0].content.recommender`,
      message:
        'recommender bought (bought-together) needs an anchor item in the request context, but point by_hand_recs serves cms content, whose requests carry no context: it yields nothing, and it has no backfill that does not need one',
    });
    const web = await problems((s) => {
      s.recommenders!.push({
        apiName: 'bought',
        label: 'Bought',
        type: 'rules-based',
        itemDataGraph: 'Products',
        strategy: 'bought-together',
        calculatedInsight: 'pairs',
        backfill: 'top',
      });
      (s.personalizationPoints![1]!.decisions![0]!.content as { recommender: string }).recommender = 'bought';
    });
    expect(web.warnings).toEqual([]);
  });
});

describe('a request as of T sees each CI as of its last refresh at or before T', () => {
  it('materializes the scheduled refresh at the last N-hour boundary on demand, and keeps it', async () => {
    const w = await open();
    const first = await decideTraced(w, 'ind_3', 'recs', T0 + 5 * HOUR);
    expect(first.items).toEqual(['prod_1', 'prod_2', 'prod_4']);
    expect(first.rec.insights).toEqual([
      { name: 'top_sellers', subject: 'item', refreshedAt: iso(T0), refreshKind: 'scheduled' },
    ]);
    expect(first.trace.freshness.stale).toContain(`calculated insight top_sellers: as of ${iso(T0)}`);
    expect(refreshesOf(w, 'top_sellers').map((r) => [r.refreshedAt, r.kind])).toEqual([[iso(T0), 'scheduled']]);
    // Same boundary: the kept refresh, nothing new. Next boundary: a new one.
    await decideTraced(w, 'ind_3', 'recs', T0 + 5 * HOUR + 59 * 60_000);
    expect(refreshesOf(w, 'top_sellers')).toHaveLength(1);
    const later = await decideTraced(w, 'ind_3', 'recs', T0 + 6 * HOUR);
    expect(later.rec.insights![0]!.refreshedAt).toBe(iso(T0 + 6 * HOUR));
    expect(refreshesOf(w, 'top_sellers').map((r) => r.refreshedAt)).toEqual([iso(T0 + 6 * HOUR), iso(T0)]);
  });

  it('is deterministic: the same request twice gives the same response and trace (timings aside)', async () => {
    const w = await open();
    const strip = (t: DecisionTrace) => ({ ...t, stages: t.stages.map((s) => ({ ...s, durationMs: 0 })) });
    const a = await decideTraced(w, 'ind_1', 'recs', T0 + 5 * HOUR);
    const b = await decideTraced(w, 'ind_1', 'recs', T0 + 5 * HOUR);
    expect(JSON.stringify(strip(b.trace))).toBe(JSON.stringify(strip(a.trace)));
  });

  it('uses a manual refresh made after the last boundary, and not before it was made', async () => {
    const w = await open();
    const started = await w.service.call('insights.refresh', { insight: 'top_sellers', asOf: iso(T0 + 3 * HOUR) });
    if (!started.ok) throw new Error(started.error.message);
    const job = await w.service.call('jobs.wait', { id: started.data.jobId });
    expect(job.ok && job.data).toMatchObject({
      status: 'succeeded',
      result: { insight: 'top_sellers', refreshedAt: iso(T0 + 3 * HOUR), kind: 'manual', rows: 4, current: true },
    });
    expect((await decideTraced(w, 'ind_3', 'recs', T0 + 5 * HOUR)).rec.insights![0]).toMatchObject({
      refreshedAt: iso(T0 + 3 * HOUR),
      refreshKind: 'manual',
    });
    expect((await decideTraced(w, 'ind_3', 'recs', T0 + 2 * HOUR)).rec.insights![0]).toMatchObject({
      refreshedAt: iso(T0),
      refreshKind: 'scheduled',
    });
    expect((await decideTraced(w, 'ind_3', 'recs', T0 + 7 * HOUR)).rec.insights![0]).toMatchObject({
      refreshedAt: iso(T0 + 6 * HOUR),
      refreshKind: 'scheduled',
    });
  });

  it('"No Schedule": never refreshed yields nothing (the trace says so); a manual refresh is seen from its time on', async () => {
    const w = await open();
    const never = await decideTraced(w, 'ind_3', 'by_hand_recs', T0 + HOUR);
    expect(never.rec.note).toBe(
      `calculated insight manual_top ("No Schedule") was never refreshed at or before ${iso(T0 + HOUR)}; refresh it with \`workbench refresh-insight --insight manual_top\``,
    );
    expect(never.rec.insights).toEqual([{ name: 'manual_top', subject: 'item', refreshedAt: null }]);
    expect(never.rec.contributed).toBe(0);
    expect(never.rec.candidates.every((c) => c.from === 'top')).toBe(true);
    expect(never.trace.freshness.stale).toContain(
      `calculated insight manual_top: never refreshed at or before ${iso(T0 + HOUR)}`,
    );

    const job = await w.service.call('insights.refresh', { insight: 'manual_top', asOf: iso(T0 + 2 * HOUR) });
    if (!job.ok) throw new Error(job.error.message);
    await w.service.call('jobs.wait', { id: job.data.jobId });
    const seen = await decideTraced(w, 'ind_3', 'by_hand_recs', T0 + 30 * DAY);
    expect(seen.rec).toMatchObject({
      contributed: 2,
      insights: [{ name: 'manual_top', refreshedAt: iso(T0 + 2 * HOUR), refreshKind: 'manual' }],
    });
    expect((await decideTraced(w, 'ind_3', 'by_hand_recs', T0 + HOUR)).rec.contributed).toBe(0);
  });

  it('never reads values of an earlier SQL definition', async () => {
    const w = await open();
    const job = await w.service.call('insights.refresh', { insight: 'manual_top', asOf: iso(T0) });
    if (!job.ok) throw new Error(job.error.message);
    await w.service.call('jobs.wait', { id: job.data.jobId });
    const edited = insightConfig();
    edited.dataSpaces[0]!.calculatedInsights![1]!.sql =
      "SELECT item_id, count(*) AS value FROM engagement WHERE type = 'order' GROUP BY item_id";
    const saved = await w.service.call('config.save', { config: edited });
    expect(saved.ok).toBe(true);
    const r = await decideTraced(w, 'ind_3', 'by_hand_recs', T0 + HOUR);
    expect(r.rec.note).toMatch(
      /was never refreshed at or before .* \(its earlier refreshes were of another SQL definition\)/,
    );
    const list = await w.service.call('insights.list', {});
    expect(
      list.ok && list.data.insights.find((c) => c.apiName === 'manual_top')!.refreshes.map((x) => x.current),
    ).toEqual([false]);
  });

  it('refreshes again at the same boundary once the data changed (an import)', async () => {
    const w = await open();
    expect((await decideTraced(w, 'ind_3', 'recs', T0 + HOUR)).items).toEqual(['prod_1', 'prod_2', 'prod_4']);
    w.store.insertEvents(w.space, [
      { individualId: 'ind_2', itemId: 'prod_3', type: 'order', timestamp: iso(T0 - DAY), quantity: 9, price: 30 },
    ]);
    w.service.context.sources.invalidate();
    expect((await decideTraced(w, 'ind_3', 'recs', T0 + HOUR)).items).toEqual(['prod_3', 'prod_1', 'prod_2']);
    expect(refreshesOf(w, 'top_sellers').map((r) => r.refreshedAt)).toEqual([iso(T0), iso(T0)]);
  });

  it('computes in memory, storing nothing, on a read-only workspace', async () => {
    const w = await open();
    w.service.close();
    const ro = openService(w.file, { readonly: true });
    if (!ro.ok) throw new Error(ro.error.message);
    try {
      const r = await ro.data.call('decide', {
        individualId: 'ind_1',
        points: ['recs'],
        asOf: iso(T0 + HOUR),
        trace: true,
      });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.data.response.personalizations[0]!.contentId).toBe('big_spenders');
      expect(r.data.trace!.points[0]!.personalizing!.recommender!.insights!.map((i) => i.refreshedAt)).toEqual([
        iso(T0),
        iso(T0),
      ]);
      expect(ro.data.context.store.insights.list(w.space)).toEqual([]);
    } finally {
      ro.data.close();
    }
  });
});

describe('per-individual CIs in profile documents', () => {
  it('fill `ci` of the document, which rules read', async () => {
    const w = await open();
    const doc = await w.service.call('individuals.profile', { individualId: 'ind_1', asOf: iso(T0 + HOUR) });
    expect(doc.ok && doc.data.data.ci).toEqual({ ltv: 100 });
    const none = await w.service.call('individuals.profile', { individualId: 'ind_3', asOf: iso(T0 + HOUR) });
    expect(none.ok && none.data.data.ci).toEqual({});
    const big = await decideTraced(w, 'ind_1', 'recs', T0 + HOUR);
    expect(big.trace.points[0]!.decisionId).toBe('big_spenders');
    expect(big.items).toEqual(['prod_2']);
    expect((await decideTraced(w, 'ind_2', 'recs', T0 + HOUR)).trace.points[0]!.decisionId).toBe('everyone');
  });

  it('come through runtime.insights as of a data-graph refresh (the InsightSource contract)', async () => {
    const w = await open();
    const rt = w.service.context.sources.space('default');
    if (!rt.ok) throw new Error(rt.error.message);
    const values = rt.data.insights.at(['ltv', 'manual_top'], T0 + 30 * 60_000);
    expect(values.refreshedAt).toEqual({ ltv: iso(T0), manual_top: null });
    expect(values.forIndividual('ind_2')).toEqual({ ltv: 40 });
    expect(values.forIndividual('nobody')).toEqual({});
  });
});

describe('insights ops', () => {
  it('insights.list: each CI with its schedule and refresh history', async () => {
    const w = await open();
    await decideTraced(w, 'ind_3', 'recs', T0 + HOUR);
    const r = await w.service.call('insights.list', {});
    if (!r.ok) throw new Error(r.error.message);
    const top = r.data.insights.find((c) => c.apiName === 'top_sellers')!;
    expect(top).toMatchObject({
      subject: 'item',
      columns: ['item_id', 'value'],
      scheduleText: 'every 6 hours',
      refreshCount: 1,
    });
    expect(top.refreshes[0]).toMatchObject({ refreshedAt: iso(T0), kind: 'scheduled', rows: 4, current: true });
    expect(r.data.insights.find((c) => c.apiName === 'manual_top')).toMatchObject({
      scheduleText: 'No Schedule (manual refresh)',
      refreshes: [],
      refreshCount: 0,
    });
  });

  it('insights.values: the best values as of a time, or one key of a two-key CI', async () => {
    const w = await open();
    const r = await w.service.call('insights.values', { insight: 'top_sellers', asOf: iso(T0 + HOUR), limit: 2 });
    expect(r.ok && r.data).toEqual({
      insight: 'top_sellers',
      subject: 'item',
      asOf: iso(T0 + HOUR),
      columns: ['item_id', 'value'],
      refreshedAt: iso(T0),
      refreshKind: 'scheduled',
      total: 4,
      rows: [
        { item_id: 'prod_1', value: 3 },
        { item_id: 'prod_2', value: 1 },
      ],
    });
    const pairs = await w.service.call('insights.values', { insight: 'pairs', asOf: iso(T0 + HOUR), key: 'prod_4' });
    expect(pairs.ok && pairs.data.rows).toEqual([{ item_id: 'prod_4', related_item_id: 'prod_5', value: 1 }]);
    const never = await w.service.call('insights.values', { insight: 'manual_top', asOf: iso(T0) });
    expect(never.ok && never.data).toMatchObject({
      refreshedAt: null,
      rows: [],
      problem: expect.stringMatching(/never refreshed/),
    });
  });

  it('insights.validate: checks SQL without saving, and previews it', async () => {
    const w = await open();
    const bad = await w.service.call('insights.validate', { sql: 'DELETE FROM items', subject: 'item' });
    expect(bad.ok && bad.data).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/^DELETE statements are not allowed/),
    });
    const good = await w.service.call('insights.validate', {
      sql: "SELECT individual_id, count(*) AS value FROM engagement WHERE type = 'order' GROUP BY individual_id",
      subject: 'individual',
      preview: true,
      asOf: iso(T0),
    });
    expect(good.ok && good.data).toEqual({
      valid: true,
      columns: ['individual_id', 'value'],
      preview: {
        asOf: iso(T0),
        total: 2,
        rows: [
          { individual_id: 'ind_1', value: 3 },
          { individual_id: 'ind_2', value: 2 },
        ],
      },
    });
    expect(w.store.insights.list(w.space)).toEqual([]);
  });

  it('refuse unknown insights, bad times and read-only workspaces with clear faults', async () => {
    const w = await open();
    expect(await w.service.call('insights.refresh', { insight: 'top_seller' })).toMatchObject({
      ok: false,
      error: {
        code: 'NotFound',
        message: expect.stringMatching(
          /calculated insight "top_seller" is not configured in data space default \(did you mean "top_sellers"\?\)/,
        ),
      },
    });
    expect(await w.service.call('insights.values', { insight: 'top_sellers', asOf: 'yesterday' })).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest', message: expect.stringMatching(/asOf "yesterday"/) },
    });
    expect(await w.service.call('insights.list', { dataSpace: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'DataSpaceNotFound' },
    });
  });

  it('a manual refresh whose SQL fails at run time ends the job with the fault and stores nothing', async () => {
    const cfg = insightConfig();
    cfg.dataSpaces[0]!.calculatedInsights![1]!.sql = "SELECT item_id, 1 AS value FROM engagement WHERE type = 'order'";
    const w = await open(cfg);
    const started = await w.service.call('insights.refresh', { insight: 'manual_top', asOf: iso(T0) });
    if (!started.ok) throw new Error(started.error.message);
    const job = await w.service.call('jobs.wait', { id: started.data.jobId });
    expect(job.ok && job.data).toMatchObject({
      status: 'failed',
      error: {
        code: 'InvalidInput',
        message: expect.stringMatching(/calculated insight manual_top: result row \d repeats a key/),
      },
    });
    expect(refreshesOf(w, 'manual_top')).toEqual([]);
  });
});

describe('scheduledRefreshAt', () => {
  it.each([
    [{ kind: 'hourly' as const, everyHours: 1 }, '2026-11-28T05:59:59.999Z', '2026-11-28T05:00:00.000Z'],
    [{ kind: 'hourly' as const, everyHours: 6 }, '2026-11-28T05:59:59.999Z', '2026-11-28T00:00:00.000Z'],
    [{ kind: 'hourly' as const, everyHours: 6 }, '2026-11-28T06:00:00.000Z', '2026-11-28T06:00:00.000Z'],
    [{ kind: 'hourly' as const, everyHours: 24 }, '2026-11-28T23:00:00.000Z', '2026-11-28T00:00:00.000Z'],
  ])('%j at %s → %s', (schedule, at, expected) => {
    expect(iso(scheduledRefreshAt(schedule, Date.parse(at))!)).toBe(expected);
  });
  it('"No Schedule" has no boundary', () => expect(scheduledRefreshAt({ kind: 'none' }, T0)).toBeNull());
});

describe('StoreInsights.refreshAll (for runs)', () => {
  it("materializes every missing scheduled refresh as of a time and reports each CI's watermark", async () => {
    const w = await open();
    const rt = w.service.context.sources.space('default');
    if (!rt.ok) throw new Error(rt.error.message);
    const { storeInsightSource } = await import('../../../engine/runtime/insight-source.ts');
    const marks = storeInsightSource(w.store, w.space, rt.data.config).refreshAll(T0 + 13 * HOUR);
    expect(marks).toEqual([
      { name: 'top_sellers', subject: 'item', refreshedAt: iso(T0 + 12 * HOUR), kind: 'scheduled' },
      {
        name: 'manual_top',
        subject: 'item',
        refreshedAt: null,
        kind: null,
        problem: expect.stringMatching(/never refreshed/),
      },
      { name: 'ltv', subject: 'individual', refreshedAt: iso(T0), kind: 'scheduled' },
      { name: 'affinity', subject: 'individual_category', refreshedAt: iso(T0 + 12 * HOUR), kind: 'scheduled' },
      { name: 'pairs', subject: 'item_pair', refreshedAt: iso(T0), kind: 'scheduled' },
    ]);
    expect(w.store.insights.list(w.space)).toHaveLength(4);
  });
});

describe('StoreInsights.prefetchIndividuals (batch chunks)', () => {
  it('answers rowsFor for the prefetched individuals exactly as one query per individual does', async () => {
    const w = await open();
    const rt = w.service.context.sources.space('default');
    if (!rt.ok) throw new Error(rt.error.message);
    const { storeInsightSource } = await import('../../../engine/runtime/insight-source.ts');
    const at = T0 + 13 * HOUR;
    const ids = ['ind_1', 'ind_2', 'ind_3', 'ind_unknown'];
    const perIndividual = storeInsightSource(w.store, w.space, rt.data.config);
    const expected = ids.map((id) => perIndividual.rowsFor('affinity', id, at));
    expect(expected[0]!.rows.length).toBeGreaterThan(0);
    const prefetching = storeInsightSource(w.store, w.space, rt.data.config);
    prefetching.prefetchIndividuals(['ind_1', 'ind_3', 'ind_unknown'], at);
    // ind_2 was not prefetched: read on its own; the others come from the chunk's rows.
    expect(ids.map((id) => prefetching.rowsFor('affinity', id, at))).toEqual(expected);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSpaceConfigInput, EngagementEvent, Item, WorkspaceConfigInput } from '../../../engine/model/index.ts';
import { createService, type Service } from '../../../engine/service/service.ts';
import { openWorkspace, type WorkspaceStore } from '../../../engine/store/index.ts';

export const T0 = Date.parse('2026-11-28T00:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();

const TOP_SELLERS_SQL =
  "SELECT item_id, sum(quantity) AS value FROM engagement WHERE type = 'order' AND ts_ms > :as_of_ms - 30 * 86400000 GROUP BY item_id";

export const product = (n: number, over: Partial<Item> = {}): Item => ({
  id: `prod_${n}`,
  name: `Product ${n}`,
  category: n <= 3 ? 'Shoes' : 'Hats',
  price: 10 * n,
  imageUrl: `https://img/${n}.jpg`,
  url: `/p/${n}`,
  brand: n % 2 ? 'Acme' : 'Zenith',
  inStock: n !== 5,
  createdAt: '2025-01-01T00:00:00.000Z',
  attributes: {},
  ...over,
});

const order = (who: string, n: number, atMs: number, quantity = 1): EngagementEvent => ({
  individualId: who,
  itemId: `prod_${n}`,
  type: 'order',
  timestamp: iso(atMs),
  quantity,
  price: 10 * n,
});

/** The data space config of the insight tests: five CIs, recommenders reading them, two points. */
export function insightSpace(over: Partial<DataSpaceConfigInput> = {}): DataSpaceConfigInput {
  return {
    apiName: 'default',
    label: 'Default',
    profileDataGraphs: [
      { apiName: 'Profile', label: 'Profile', fields: [{ name: 'tier', type: 'string' }], calculatedInsights: ['ltv'] },
    ],
    itemDataGraphs: [{ apiName: 'Products', label: 'Products' }],
    calculatedInsights: [
      {
        apiName: 'top_sellers',
        label: 'Top Sellers',
        subject: 'item',
        sql: TOP_SELLERS_SQL,
        schedule: { kind: 'hourly', everyHours: 6 },
      },
      {
        apiName: 'manual_top',
        label: 'Top Sellers (by hand)',
        subject: 'item',
        sql: TOP_SELLERS_SQL,
        schedule: { kind: 'none' },
      },
      {
        apiName: 'ltv',
        label: 'Lifetime Value',
        subject: 'individual',
        sql: "SELECT individual_id, sum(quantity * price) AS value FROM engagement WHERE type = 'order' GROUP BY individual_id",
        schedule: { kind: 'hourly', everyHours: 24 },
      },
      {
        apiName: 'affinity',
        label: 'Category Affinity',
        subject: 'individual_category',
        sql: 'SELECT individual_id, category, count(*) AS value FROM engagement GROUP BY individual_id, category',
        schedule: { kind: 'hourly', everyHours: 12 },
      },
      {
        apiName: 'pairs',
        label: 'Bought Together',
        subject: 'item_pair',
        sql: "SELECT a.item_id, b.item_id AS related_item_id, count(*) AS value FROM engagement a JOIN engagement b ON b.individual_id = a.individual_id AND b.ts_ms = a.ts_ms AND b.item_id <> a.item_id WHERE a.type = 'order' AND b.type = 'order' GROUP BY 1, 2",
        schedule: { kind: 'hourly', everyHours: 24 },
      },
    ],
    recommenders: [
      {
        apiName: 'top',
        label: 'Top',
        type: 'rules-based',
        itemDataGraph: 'Products',
        strategy: 'top-sellers',
        calculatedInsight: 'top_sellers',
      },
      {
        apiName: 'by_hand',
        label: 'By hand',
        type: 'rules-based',
        itemDataGraph: 'Products',
        strategy: 'top-sellers',
        calculatedInsight: 'manual_top',
        backfill: 'top',
      },
      {
        apiName: 'picked',
        label: 'Picked',
        type: 'rules-based',
        itemDataGraph: 'Products',
        strategy: 'category-affinity',
        calculatedInsight: 'affinity',
        popularityInsight: 'top_sellers',
      },
    ],
    personalizationPoints: [
      {
        apiName: 'recs',
        label: 'Recs',
        type: 'recommendations',
        profileDataGraph: 'Profile',
        itemDataGraph: 'Products',
        responseTemplate: { fields: [{ name: 'itemId' }, { name: 'name', required: true }] },
        decisions: [
          {
            id: 'big_spenders',
            label: 'Big spenders',
            priority: 0,
            targetingRule: { '>=': [{ ci: ['ltv', 0] }, 50] },
            content: { type: 'recommendations', recommender: 'picked', itemCount: 2 },
          },
          {
            id: 'everyone',
            label: 'Everyone',
            priority: 1,
            content: { type: 'recommendations', recommender: 'top', itemCount: 3 },
          },
        ],
      },
      {
        apiName: 'by_hand_recs',
        label: 'By hand',
        type: 'recommendations',
        profileDataGraph: 'Profile',
        itemDataGraph: 'Products',
        responseTemplate: { fields: [{ name: 'itemId' }, { name: 'name' }] },
        decisions: [
          {
            id: 'all',
            label: 'All',
            priority: 0,
            content: { type: 'recommendations', recommender: 'by_hand', itemCount: 2 },
          },
        ],
      },
    ],
    ...over,
  };
}

export const insightConfig = (over: Partial<DataSpaceConfigInput> = {}): WorkspaceConfigInput => ({
  version: 1,
  dataSpaces: [insightSpace(over)],
});

export interface InsightWorld {
  dir: string;
  file: string;
  store: WorkspaceStore;
  service: Service;
  space: number;
  /** The service's clock (as-of default, refresh createdAt). */
  clock: { now: number };
  remove: () => void;
}

/**
 * A workspace for the insight tests: five products, three individuals with orders before T0
 * (ind_1 spends 60 on Hats, ind_2 20 on Shoes, ind_3 nothing), the config above, saved through the service.
 */
export async function insightWorld(config: WorkspaceConfigInput = insightConfig()): Promise<InsightWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'bpw-insights-'));
  const file = join(dir, 'ws.sqlite');
  const opened = openWorkspace(file, { create: true, createdAt: '2026-01-01T00:00:00.000Z' });
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.data;
  const space = store.dataSpaceId('default')!;
  store.insertItems(
    space,
    [1, 2, 3, 4, 5].map((n) => product(n)),
  );
  store.insertIndividuals(space, [
    { id: 'ind_1', attributes: { tier: 'Gold' } },
    { id: 'ind_2', attributes: { tier: 'None' } },
    { id: 'ind_3', attributes: { tier: 'None' } },
  ]);
  store.insertEvents(space, [
    order('ind_1', 4, T0 - 2 * DAY, 1),
    order('ind_1', 5, T0 - 2 * DAY, 1),
    order('ind_1', 1, T0 - 10 * DAY, 1),
    order('ind_2', 2, T0 - 3 * DAY, 1),
    order('ind_2', 1, T0 - 1 * DAY, 2),
  ]);
  const clock = { now: T0 + 12 * HOUR };
  const service = createService(store, { now: () => clock.now });
  const saved = await service.call('config.save', { config, note: 'insight tests' });
  if (!saved.ok) throw new Error(`${saved.error.message}\n${JSON.stringify(saved.error.problems)}`);
  return {
    dir,
    file,
    store,
    service,
    space,
    clock,
    remove: () => {
      service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import type { z } from 'zod';
import {
  ObjectiveBasedRecommender,
  RulesBasedRecommender,
  type EngagementRow,
  type InsightSubject,
  type Item,
  type JsonValue,
  type ProfileData,
  type Recommender,
} from '../../../engine/model/index.ts';
import { DAY_MS, isoOf } from '../../../engine/model/time.ts';
import type { InsightRows, ItemCatalog, ObjectiveScores, StrategyData } from '../../../engine/model/sources.ts';
import type { RecommendRequest } from '../../../engine/recommenders/index.ts';
import { compareIds } from '../../../engine/recommenders/order.ts';

export const AS_OF = '2026-11-28T00:00:00.000Z';
export const AS_OF_MS = Date.parse(AS_OF);
/** An ISO time `days` before the as-of time (negative: after it). */
export const daysAgo = (days: number): string => isoOf(AS_OF_MS - days * DAY_MS);

/** A Goods Product with defaults: in stock, created long ago, every response field filled. */
export function item(
  id: string,
  over: Partial<Omit<Item, 'attributes'>> & { color?: string; material?: string } = {},
): Item {
  const { color = 'black', material = 'cotton', ...base } = over;
  return {
    id,
    name: `Item ${id}`,
    category: 'Shoes',
    price: 50,
    imageUrl: `https://img/${id}.jpg`,
    url: `/p/${id}`,
    brand: 'Acme',
    inStock: true,
    createdAt: '2025-01-01T00:00:00.000Z',
    attributes: { color, material },
    ...base,
  };
}

/** The catalogue every golden case reads. */
export const CATALOG: Item[] = [
  item('p01', { category: 'Shoes', brand: 'Acme', color: 'red', material: 'leather', price: 50 }),
  item('p02', { category: 'Shoes', brand: 'Acme', color: 'blue', material: 'mesh', price: 80 }),
  item('p03', { category: 'Shoes', brand: 'Zenith', color: 'red', material: 'leather', price: 120 }),
  item('p04', { category: 'Shirts', brand: 'Acme', color: 'red', price: 25 }),
  item('p05', { category: 'Shirts', brand: 'Zenith', color: 'white', price: 30, inStock: false }),
  item('p06', { category: 'Hats', brand: 'Acme', color: 'red', material: 'wool', price: 15 }),
  item('p07', {
    category: 'Hats',
    brand: 'Zenith',
    color: 'black',
    material: 'wool',
    price: 20,
    createdAt: daysAgo(3),
  }),
  item('p08', {
    category: 'Shoes',
    brand: 'Acme',
    color: 'red',
    material: 'leather',
    price: 60,
    createdAt: daysAgo(8),
  }),
  item('p09', { category: 'Shirts', brand: 'Acme', color: 'blue', price: 35, createdAt: daysAgo(-7) }),
  item('p10', {
    category: 'Bags',
    brand: 'Zenith',
    color: 'black',
    material: 'leather',
    price: 200,
    createdAt: daysAgo(1),
  }),
  item('p11', { category: 'Shoes', brand: 'Acme', color: 'red', material: 'leather', price: 55, url: '' }),
];

/** A calculated insight as a test environment holds it: rows [key1, value] or [key1, key2, value]. */
export interface InsightFixture {
  subject: InsightSubject;
  refreshedAt: string | null;
  rows: ([string, number] | [string, string, number])[];
  problem?: string;
}

/** The calculated insights every golden case can read. */
export const INSIGHTS: Record<string, InsightFixture> = {
  top_sellers: {
    subject: 'item',
    refreshedAt: '2026-11-27T18:00:00.000Z',
    rows: [
      ['p01', 40],
      ['p02', 35],
      ['p03', 35],
      ['p04', 20],
      ['p05', 18],
      ['p06', 10],
      ['p09', 5],
      ['p99', 3],
    ],
  },
  views: {
    subject: 'item',
    refreshedAt: '2026-11-27T23:00:00.000Z',
    rows: [
      ['p06', 100],
      ['p04', 80],
      ['p01', 80],
      ['p07', 30],
    ],
  },
  trending: {
    subject: 'item',
    refreshedAt: '2026-11-27T18:00:00.000Z',
    rows: [
      ['p07', 3.5],
      ['p10', 2],
      ['p02', 1.2],
    ],
  },
  bought_together: {
    subject: 'item_pair',
    refreshedAt: '2026-11-27T00:00:00.000Z',
    rows: [
      ['p01', 'p04', 12],
      ['p01', 'p06', 12],
      ['p01', 'p02', 5],
      ['p02', 'p01', 5],
    ],
  },
  affinity: {
    subject: 'individual_category',
    refreshedAt: '2026-11-27T12:00:00.000Z',
    rows: [
      ['ind_a', 'Shoes', 6],
      ['ind_a', 'Hats', 2],
      ['ind_c', 'Bags', 1],
    ],
  },
  never: {
    subject: 'item',
    refreshedAt: null,
    rows: [],
    problem: 'calculated insight never ("No Schedule") was never refreshed at or before 2026-11-28T00:00:00.000Z',
  },
};

/** Units ordered, as the events would count them (the top-sellers strategy without a CI). */
export const TOP_SELLERS_FROM_EVENTS = [
  { itemId: 'p03', score: 9 },
  { itemId: 'p06', score: 7 },
  { itemId: 'p01', score: 2 },
];

/** An engagement row of a profile document. */
export const row = (type: 'browse' | 'cart' | 'order', itemId: string, days: number): EngagementRow => ({
  itemId,
  type,
  timestamp: daysAgo(days),
  quantity: 1,
  price: 10,
  category: null,
});

/** The individuals of the golden cases: ind_a browsed, carted and ordered; ind_b did nothing. */
export const PROFILES: Record<string, ProfileData> = {
  ind_a: {
    id: 'ind_a',
    engagement: {
      browse: [row('browse', 'p03', 1), row('browse', 'p06', 3), row('browse', 'p03', 5), row('browse', 'p10', 40)],
      cart: [row('cart', 'p02', 2), row('cart', 'p04', 10), row('cart', 'p06', 50)],
      order: [row('order', 'p04', 9), row('order', 'p01', 100)],
    },
    segments: [],
    ci: {},
  },
  ind_b: { id: 'ind_b', engagement: { browse: [], cart: [], order: [] }, segments: [], ci: {} },
  ind_c: { id: 'ind_c', engagement: { browse: [], cart: [], order: [] }, segments: [], ci: {} },
};

/** A rules-based recommender with the schema's defaults applied. */
export const rules = (
  input: Omit<z.input<typeof RulesBasedRecommender>, 'type' | 'label' | 'itemDataGraph'> & { label?: string },
): Recommender =>
  RulesBasedRecommender.parse({ label: input.apiName, itemDataGraph: 'Products', type: 'rules-based', ...input });

/** An objective-based recommender with the schema's defaults applied. */
export const objective = (
  apiName: string,
  over: Partial<z.input<typeof ObjectiveBasedRecommender>> = {},
): Recommender =>
  ObjectiveBasedRecommender.parse({
    apiName,
    label: apiName,
    itemDataGraph: 'Products',
    type: 'objective-based',
    objective: 'purchase',
    ...over,
  });

/** An in-memory catalogue. */
export function catalog(items: readonly Item[] = CATALOG): ItemCatalog {
  const byId = new Map(items.map((i) => [i.id, i]));
  return { getItem: (id) => byId.get(id), size: byId.size };
}

/** An in-memory StrategyData over insight fixtures (rows returned best first, as the store does). */
export function strategyData(
  opts: {
    insights?: Record<string, InsightFixture>;
    items?: readonly Item[];
    objective?: (rec: Recommender) => ObjectiveScores;
  } = {},
): StrategyData {
  const insights = opts.insights ?? INSIGHTS;
  const items = [...(opts.items ?? CATALOG)].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : compareIds(a.id, b.id),
  );
  const rowsOf = (name: string, key?: string): InsightRows => {
    const f = insights[name];
    if (!f)
      return {
        insight: name,
        subject: 'item',
        source: `calculated insight ${name}`,
        refreshedAt: null,
        rows: [],
        problem: `calculated insight "${name}" is not configured`,
      };
    const two = f.subject === 'item_pair' || f.subject === 'individual_category';
    const rows = f.rows
      .filter((r) => (key === undefined ? !two : two && r[0] === key))
      .map((r) => (r.length === 3 ? { key: r[1], value: r[2] } : { key: r[0], value: r[1] }))
      .sort((a, b) => b.value - a.value || compareIds(a.key, b.key));
    return {
      insight: name,
      subject: f.subject,
      source: `calculated insight ${name}`,
      refreshedAt: f.refreshedAt,
      rows,
      ...(f.problem ? { problem: f.problem } : {}),
    };
  };
  const data: StrategyData = {
    topSellers: (windowDays, asOfMs) => ({
      source: `top sellers: units ordered in the ${windowDays} days before ${isoOf(asOfMs)}`,
      refreshedAt: isoOf(asOfMs),
      items: TOP_SELLERS_FROM_EVENTS,
    }),
    itemInsight: (name) => rowsOf(name),
    insightRowsFor: (name, key) => rowsOf(name, key),
    catalogItems: () => items,
  };
  if (opts.objective) data.objectiveScores = (rec) => opts.objective!(rec);
  return data;
}

/** A request of the golden cases. */
export function request(
  over: Partial<RecommendRequest> & { individual?: string; backfillRecs?: Recommender[] } = {},
): RecommendRequest {
  const { individual = 'ind_b', backfillRecs, ...rest } = over;
  return {
    profile: PROFILES[individual]!,
    context: {} as Record<string, JsonValue>,
    count: 3,
    asOfMs: AS_OF_MS,
    catalog: catalog(),
    requiredFields: ['itemId', 'name', 'url'],
    trace: true,
    ...(backfillRecs ? { backfills: backfillRecs.map((r) => ({ name: r.apiName, recommender: r })) } : {}),
    ...rest,
  };
}

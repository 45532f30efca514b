import {
  DataSpaceConfig,
  type DataSpaceConfigInput,
  type EngagementRow,
  type Item,
  type ProfileData,
  type ProfileDocument,
} from '../../../engine/model/index.ts';
import { compileSpace } from '../../../engine/pipeline/compile-space.ts';
import type { DecideEnv } from '../../../engine/pipeline/decide-types.ts';
import type { ItemCatalog, ProfileSource, StrategyData } from '../../../engine/model/sources.ts';

export const AS_OF = '2026-11-28T20:00:00.000Z';

/** A profile's data with defaults: no engagement, no segments. */
export function profile(
  id: string,
  attrs: Record<string, unknown> = {},
  engagement: Partial<Record<'browse' | 'cart' | 'order', EngagementRow[]>> = {},
  segments: string[] = [],
): ProfileData {
  return { id, ...attrs, engagement: { browse: [], cart: [], order: [], ...engagement }, segments, ci: {} };
}

export function row(
  type: 'browse' | 'cart' | 'order',
  itemId: string,
  timestamp: string,
  extra: Partial<EngagementRow> = {},
): EngagementRow {
  return { itemId, type, timestamp, quantity: 1, price: 10, category: 'Shoes', ...extra };
}

export function item(id: string, over: Partial<Item> = {}): Item {
  return {
    id,
    name: `Item ${id}`,
    category: 'Shoes',
    price: 50,
    imageUrl: `https://img/${id}.jpg`,
    url: `/p/${id}`,
    brand: 'Acme',
    inStock: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    attributes: {},
    ...over,
  };
}

/** A small data space: a manual point with decisions and a fallback, a recommendations point. */
export function spaceConfig(over: Partial<DataSpaceConfigInput> = {}): DataSpaceConfigInput {
  return {
    apiName: 'default',
    label: 'Default',
    profileDataGraphs: [
      {
        apiName: 'Profile',
        label: 'Profile',
        fields: [
          { name: 'firstName', type: 'string' },
          { name: 'loyaltyTier', type: 'string' },
          { name: 'createdAt', type: 'datetime' },
        ],
      },
    ],
    itemDataGraphs: [{ apiName: 'Products', label: 'Products' }],
    segments: [
      { apiName: 'Gold', label: 'Gold', profileDataGraph: 'Profile', rule: { '==': [{ var: 'loyaltyTier' }, 'Gold'] } },
    ],
    recommenders: [
      {
        apiName: 'top',
        label: 'Top',
        type: 'rules-based',
        itemDataGraph: 'Products',
        strategy: 'top-sellers',
        windowDays: 30,
      },
    ],
    personalizationPoints: [
      {
        apiName: 'banner',
        label: 'Banner',
        type: 'manual',
        profileDataGraph: 'Profile',
        responseTemplate: { fields: [{ name: 'headline', required: true }, { name: 'body' }] },
        decisions: [
          {
            id: 'gold',
            label: 'Gold',
            priority: 0,
            targetingRule: { '==': [{ var: 'loyaltyTier' }, 'Gold'] },
            content: { type: 'manual', values: { headline: 'Hi {{firstName}}, gold!' } },
          },
          {
            id: 'named',
            label: 'Named',
            priority: 1,
            targetingRule: { '!!': { var: 'firstName' } },
            content: { type: 'manual', values: { headline: 'Hello {{firstName | "friend"}}', body: 'b' } },
          },
        ],
        fallback: {
          id: 'generic',
          label: 'Generic',
          content: { type: 'manual', values: { headline: 'Hello {{firstName | "there"}}' } },
        },
      },
      {
        apiName: 'recs',
        label: 'Recs',
        type: 'recommendations',
        profileDataGraph: 'Profile',
        itemDataGraph: 'Products',
        responseTemplate: { fields: [{ name: 'itemId' }, { name: 'name', required: true }, { name: 'price' }] },
        decisions: [
          {
            id: 'top3',
            label: 'Top 3',
            priority: 0,
            content: { type: 'recommendations', recommender: 'top', itemCount: 3 },
          },
        ],
      },
    ],
    ...over,
  };
}

/** An in-memory environment for decide(). */
export function env(
  profiles: ProfileData[],
  items: Item[],
  topSellers: { itemId: string; score: number }[],
  config: DataSpaceConfigInput = spaceConfig(),
): DecideEnv {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  const source: ProfileSource = {
    getProfile(id, _graph, asOfMs): ProfileDocument | undefined {
      const data = byId.get(id);
      return (
        data && {
          individualId: id,
          refreshedAt: new Date(Math.floor(asOfMs / 1_800_000) * 1_800_000).toISOString(),
          data,
        }
      );
    },
  };
  const itemMap = new Map(items.map((i) => [i.id, i]));
  const catalog: ItemCatalog = { getItem: (id) => itemMap.get(id), size: itemMap.size };
  const strategies: StrategyData = {
    topSellers: (windowDays, asOfMs) => ({
      source: `top sellers ${windowDays}d`,
      refreshedAt: new Date(asOfMs).toISOString(),
      items: topSellers,
    }),
  };
  return {
    dataSpace: 'default',
    space: compileSpace(DataSpaceConfig.parse(config)),
    profiles: source,
    catalog,
    strategies,
  };
}

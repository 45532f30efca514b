import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSpaceConfigInput, EngagementEvent, Item, WorkspaceConfigInput } from '../../../engine/model/index.ts';
import { DAY_MS, isoOf } from '../../../engine/model/time.ts';
import { validateConfig } from '../../../engine/config/validate.ts';
import { plantedInteractions } from '../../../engine/recommenders/evaluation/planted-data.ts';
import { seededRandom } from '../../../engine/recommenders/objective/random.ts';
import { createService, type Service } from '../../../engine/service/service.ts';
import { openWorkspace, type WorkspaceStore } from '../../../engine/store/index.ts';

/** The end of the fixture's events: a training boundary (midnight UTC). */
export const END = '2026-11-28T00:00:00.000Z';
export const END_MS = Date.parse(END);
/** An item created the day after END: unknown to a model trained at END. */
export const NEW_ITEM = 'prod_new';

export type RecommenderInput = DataSpaceConfigInput extends { recommenders?: (infer R)[] } ? R : never;

/** The fixture's objective-based recommender (purchase), with a rules-based backfill. */
export const objectiveRec = (over: Record<string, unknown> = {}): RecommenderInput =>
  ({
    apiName: 'picks',
    label: 'Picks for You',
    type: 'objective-based',
    itemDataGraph: 'Goods_Product',
    objective: 'purchase',
    trainingWindowDays: 90,
    hyperparameters: { factors: 8, iterations: 4 },
    seed: 1,
    backfill: 'top',
    exclusions: { purchasedWithinDays: null, inCart: false, anchor: true },
    ...over,
  }) as RecommenderInput;

/** A workspace config with one recommendations point served by the first of `recs` (default `picks`; `top` without any). */
export function fixtureConfig(recs: RecommenderInput[] = [objectiveRec()]): WorkspaceConfigInput {
  return {
    version: 1,
    dataSpaces: [
      {
        apiName: 'default',
        label: 'Default',
        profileDataGraphs: [{ apiName: 'Customer_Profile', label: 'Customer Profile', fields: [] }],
        itemDataGraphs: [{ apiName: 'Goods_Product', label: 'Goods Product' }],
        recommenders: [
          {
            apiName: 'top',
            label: 'Top Sellers',
            type: 'rules-based',
            itemDataGraph: 'Goods_Product',
            strategy: 'top-sellers',
            windowDays: 90,
          },
          ...recs,
        ],
        personalizationPoints: [
          {
            apiName: 'picks_point',
            label: 'Picks',
            type: 'recommendations',
            profileDataGraph: 'Customer_Profile',
            itemDataGraph: 'Goods_Product',
            responseTemplate: {
              fields: [
                { name: 'itemId', type: 'text', required: true },
                { name: 'name', type: 'text', required: false },
              ],
            },
            source: 'api',
            decisions: [
              {
                id: 'picks_decision',
                label: 'Picks',
                priority: 0,
                targetingRule: null,
                content: { type: 'recommendations', recommender: recs[0]?.apiName ?? 'top', itemCount: 5 },
              },
            ],
          },
        ],
      },
    ],
  };
}

const item = (id: string, n: number, createdAt: string): Item => ({
  id,
  name: `Product ${n}`,
  category: `Category ${n % 5}`,
  price: 10 + n,
  imageUrl: '',
  url: `/p/${id}`,
  brand: 'Acme',
  inStock: true,
  createdAt,
  attributes: {},
});

/**
 * Planted engagement over the 60 days before END (seeded): individuals mostly browse one cluster
 * of items; some browses go to the cart, some carts are ordered.
 */
export function fixtureEvents(opts: { users: number; items: number; seed: number }): EngagementEvent[] {
  const d = plantedInteractions({
    users: opts.users,
    items: opts.items,
    clusters: 6,
    eventsPerUser: 10,
    focus: 0.85,
    seed: opts.seed,
  });
  const rng = seededRandom(opts.seed, 5);
  const events: EngagementEvent[] = [];
  const byUser = Array.from({ length: d.users }, () => [] as number[]);
  for (let e = 0; e < d.length; e++) byUser[d.user[e]!]!.push(e);
  byUser.forEach((list, u) => {
    const individualId = `ind_${String(u).padStart(4, '0')}`;
    const rows: EngagementEvent[] = [];
    for (const e of list) {
      const ms = Math.floor(END_MS - 60 * DAY_MS + d.time[e]! * 60 * DAY_MS);
      const itemId = `prod_${String(d.item[e]!).padStart(3, '0')}`;
      rows.push({ individualId, itemId, type: 'browse', timestamp: isoOf(ms), quantity: 1, price: null });
      if (rng.next() < 0.35) {
        rows.push({ individualId, itemId, type: 'cart', timestamp: isoOf(ms + 60_000), quantity: 1, price: null });
        if (rng.next() < 0.6)
          rows.push({ individualId, itemId, type: 'order', timestamp: isoOf(ms + 120_000), quantity: 1, price: null });
      }
    }
    rows.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    events.push(...rows);
  });
  return events;
}

export interface ModelWorkspace {
  dir: string;
  file: string;
  store: WorkspaceStore;
  service: Service;
  spaceId: number;
  close: () => void;
}

/** A workspace file with the fixture's items, individuals, events and config; a service over it. */
export function modelWorkspace(
  opts: { users?: number; items?: number; seed?: number; config?: WorkspaceConfigInput; dir?: string } = {},
): ModelWorkspace {
  const users = opts.users ?? 240;
  const items = opts.items ?? 60;
  const seed = opts.seed ?? 3;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'bpw-models-'));
  const file = join(dir, `ws-${users}-${items}-${seed}.sqlite`);
  const opened = openWorkspace(file, { create: true, createdAt: '2026-01-01T00:00:00.000Z' });
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.data;
  const spaceId = store.dataSpaceId('default')!;
  store.insertItems(spaceId, [
    ...Array.from({ length: items }, (_, n) =>
      item(`prod_${String(n).padStart(3, '0')}`, n, '2025-01-01T00:00:00.000Z'),
    ),
    item(NEW_ITEM, items, isoOf(END_MS + DAY_MS)),
  ]);
  store.insertIndividuals(
    spaceId,
    Array.from({ length: users }, (_, u) => ({ id: `ind_${String(u).padStart(4, '0')}`, attributes: {} })),
  );
  store.insertEvents(spaceId, fixtureEvents({ users, items, seed }));
  const check = validateConfig(opts.config ?? fixtureConfig());
  if (!check.config) throw new Error(JSON.stringify(check.errors));
  store.saveConfig(check.config, 'models fixture', '2026-01-01T00:00:00.000Z');
  // A clock that moves one second per reading: deterministic, and the job registry's progress
  // throttle lets every event through. Requests in the tests pass their as-of time.
  let tick = 0;
  const service = createService(store, { now: () => END_MS + 10 * 3600_000 + 1000 * tick++ });
  return {
    dir,
    file,
    store,
    service,
    spaceId,
    close: () => {
      service.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

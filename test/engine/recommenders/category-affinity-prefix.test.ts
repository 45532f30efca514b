import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileData } from '../../../engine/model/index.ts';
import { recommend } from '../../../engine/recommenders/index.ts';
import { STRATEGIES } from '../../../engine/recommenders/strategies/index.ts';
import { catalog, item, request, row, rules, strategyData, type InsightFixture } from './factories.ts';

const CATEGORIES = ['Shoes', 'Hats', 'Bags', 'Shirts'];

/** A world of many items with tied and near-tied popularity (shares that round scores together), exclusions and stock. */
const world = fc.record({
  items: fc.array(
    fc.record({
      category: fc.constantFrom(...CATEGORIES),
      units: fc.integer({ min: 1, max: 6 }),
      inStock: fc.boolean(),
    }),
    { minLength: 1, maxLength: 120 },
  ),
  affinity: fc.array(fc.tuple(fc.constantFrom(...CATEGORIES), fc.integer({ min: -1, max: 7 })), { maxLength: 6 }),
  ordered: fc.array(fc.nat(119), { maxLength: 60 }),
  count: fc.integer({ min: 1, max: 24 }),
});

describe('category affinity without a trace', () => {
  it('lists the best few exactly as the complete list starts, and recommends the same items as with a trace', () => {
    fc.assert(
      fc.property(world, (w) => {
        const items = w.items.map((x, i) =>
          item(`i${String(i).padStart(3, '0')}`, { category: x.category, inStock: x.inStock }),
        );
        const byCategory = new Map<string, number>();
        for (const [c, v] of w.affinity) byCategory.set(c, v);
        const insights: Record<string, InsightFixture> = {
          popular: {
            subject: 'item',
            refreshedAt: '2026-11-27T00:00:00.000Z',
            rows: w.items.map((x, i) => [items[i]!.id, x.units / 3]),
          },
          affinity: {
            subject: 'individual_category',
            refreshedAt: '2026-11-27T00:00:00.000Z',
            rows: [...byCategory].map(([c, v]) => ['ind_x', c, v / 7]),
          },
        };
        const profile: ProfileData = {
          id: 'ind_x',
          engagement: {
            browse: [],
            cart: [],
            order: w.ordered.filter((n) => n < items.length).map((n) => row('order', items[n]!.id, 3)),
          },
          segments: [],
          ci: {},
        };
        const rec = rules({
          apiName: 'aff',
          strategy: 'category-affinity',
          calculatedInsight: 'affinity',
          popularityInsight: 'popular',
        });
        const data = strategyData({ insights, items });
        const base = { catalog: catalog(items), count: w.count, requiredFields: ['itemId'] };
        const full = STRATEGIES['category-affinity'](rec as never, data, { ...request(base), profile, trace: true });
        const few = STRATEGIES['category-affinity'](rec as never, data, { ...request(base), profile, trace: false });
        expect(few.items).toEqual(full.items.slice(0, few.items.length).map((c) => expect.objectContaining(c)));
        if (few.complete) expect(few.complete()).toEqual(full.items);
        else expect(few.items.length).toBe(full.items.length);
        const traced = recommend(rec, data, { ...request(base), profile, trace: true });
        const fast = recommend(rec, data, { ...request(base), profile, trace: false });
        expect(fast.items.map((i) => i.id)).toEqual(traced.items.map((i) => i.id));
      }),
      { seed: 20261129, numRuns: 400 },
    );
  });
});

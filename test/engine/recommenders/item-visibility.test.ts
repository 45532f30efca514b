import { describe, expect, it } from 'vitest';
import { recommend } from '../../../engine/recommenders/index.ts';
import { catalog, item, PROFILES, rules, strategyData } from './factories.ts';

/** An item created at 10:05: the item data graph's refreshes run every 30 minutes (10:00, 10:30…). */
const CREATED = '2026-11-27T10:05:00.000Z';
const ITEMS = [item('old'), item('fresh', { createdAt: CREATED })];
const at = (iso: string) => Date.parse(iso);

function recommended(strategy: 'new-arrivals' | 'top-sellers', asOf: string) {
  const rec = rules({ apiName: 'r', strategy, windowDays: 3650 });
  const data = {
    ...strategyData({ items: ITEMS }),
    topSellers: () => ({
      source: 'units',
      refreshedAt: asOf,
      items: [
        { itemId: 'fresh', score: 9 },
        { itemId: 'old', score: 1 },
      ],
    }),
  };
  return recommend(rec, data, {
    profile: PROFILES['ind_b']!,
    context: {},
    count: 2,
    asOfMs: at(asOf),
    catalog: catalog(ITEMS),
    requiredFields: ['itemId'],
    trace: true,
  });
}

describe('items reach decisions through item data-graph refreshes', () => {
  it.each(['new-arrivals', 'top-sellers'] as const)(
    '%s: an item created at 10:05 is not recommended at 10:10 or 10:29, and is from the 10:30 refresh on',
    (strategy) => {
      for (const asOf of ['2026-11-27T10:10:00.000Z', '2026-11-27T10:29:59.999Z']) {
        const r = recommended(strategy, asOf);
        expect(r.items.map((i) => i.id)).toEqual(['old']);
        if (strategy === 'top-sellers')
          expect(r.trace!.candidates.find((c) => c.itemId === 'fresh')!.excluded).toBe(
            `filter: not in the item data graph yet: created ${CREATED}, after its refresh at 2026-11-27T10:00:00.000Z`,
          );
      }
      const later = recommended(strategy, '2026-11-27T10:30:00.000Z');
      expect(later.items.map((i) => i.id)).toEqual(['fresh', 'old']);
    },
  );
});

import type { JsonValue } from '../../../engine/model/index.ts';
import { AS_OF, daysAgo, type rules } from './factories.ts';

type RulesInput = Parameters<typeof rules>[0];

/**
 * One golden case: a recommender (and its backfill chain) over the fixture world of factories.ts,
 * the request, and what must come out — the items in order, and the candidates considered with the
 * reason each dropped one was dropped (and, for backfill candidates, which recommender proposed it).
 */
export interface GoldenCase {
  name: string;
  recommender: RulesInput;
  backfills?: RulesInput[];
  individual?: string;
  context?: Record<string, JsonValue>;
  count?: number;
  expected: {
    items: string[];
    /** Every considered candidate: [itemId, reason or null] or [itemId, reason or null, from]. */
    candidates?: ([string, string | null] | [string, string | null, string])[];
    /** Dropped candidates of the recommender itself: itemId → reason (when `candidates` is not given). */
    dropped?: Record<string, string>;
    /** Boost multipliers that applied: itemId → multiplier. */
    boosts?: Record<string, number>;
    note?: string;
    /** Backfill recommenders asked, with what each contributed. */
    backfill?: Record<string, number>;
  };
}

const PURCHASED = 'exclusion: purchased within 365 days';
const OUT_OF_STOCK = 'filter: out of stock';
const FUTURE_P09 = `filter: not in the item data graph yet: created ${daysAgo(-7)}, after its refresh at ${AS_OF}`;
const NOT_IN_CATALOG = 'missing item data: not in the item data graph';
const ANCHOR = 'exclusion: the anchor item itself';

const top: RulesInput = { apiName: 'top', strategy: 'top-sellers', calculatedInsight: 'top_sellers' };
const similar = (attributes: string[], over: Partial<RulesInput> = {}): RulesInput => ({
  apiName: 'similar',
  strategy: 'similar-attributes',
  attributes,
  ...over,
});

export const STRATEGY_CASES: GoldenCase[] = [
  { name: 'top sellers from its CI', recommender: top, expected: { items: ['p01', 'p02', 'p03'], dropped: {} } },
  {
    name: 'top sellers from its CI, dropping what the individual bought and what is out of stock',
    recommender: top,
    individual: 'ind_a',
    expected: { items: ['p02', 'p03', 'p06'], dropped: { p01: PURCHASED, p04: PURCHASED, p05: OUT_OF_STOCK } },
  },
  {
    name: 'top sellers without a CI: units ordered counted from the events',
    recommender: { apiName: 'top_events', strategy: 'top-sellers', windowDays: 30 },
    count: 2,
    expected: { items: ['p03', 'p06'], dropped: {} },
  },
  {
    name: 'trending: the growth score of its CI',
    recommender: { apiName: 'trend', strategy: 'trending', calculatedInsight: 'trending' },
    expected: { items: ['p07', 'p10', 'p02'], dropped: {} },
  },
  {
    name: 'most viewed, ties by item id',
    recommender: { apiName: 'viewed', strategy: 'most-viewed', calculatedInsight: 'views' },
    expected: { items: ['p06', 'p01', 'p04'], dropped: {} },
  },
  {
    name: 'recently viewed: views in the window, the latest first',
    recommender: { apiName: 'recent', strategy: 'recently-viewed', windowDays: 30 },
    individual: 'ind_a',
    expected: { items: ['p03', 'p06'], dropped: {} },
  },
  {
    name: 'recently viewed by someone who viewed nothing',
    recommender: { apiName: 'recent', strategy: 'recently-viewed', windowDays: 30 },
    expected: {
      items: [],
      dropped: {},
      note: 'ind_b viewed no product in the 30 days before the as-of time (as the profile document holds them)',
    },
  },
  {
    name: 'abandoned cart: carted in the window and not ordered since',
    recommender: { apiName: 'cart', strategy: 'abandoned-cart', windowDays: 30 },
    individual: 'ind_a',
    expected: { items: ['p02'], dropped: {} },
  },
  {
    name: 'bought together with the anchor item',
    recommender: { apiName: 'bought', strategy: 'bought-together', calculatedInsight: 'bought_together' },
    context: { anchorItemId: 'p01' },
    expected: { items: ['p04', 'p06', 'p02'], dropped: {} },
  },
  {
    name: 'bought together without an anchor yields nothing',
    recommender: { apiName: 'bought', strategy: 'bought-together', calculatedInsight: 'bought_together' },
    expected: {
      items: [],
      dropped: {},
      note: 'no anchor item in the request context (anchorItemId or itemId): bought together yields nothing',
    },
  },
  {
    name: 'similar attributes: share of equal fields with the anchor, ties by id',
    recommender: similar(['category', 'brand', 'color']),
    context: { anchorItemId: 'p01' },
    count: 4,
    expected: {
      items: ['p08', 'p02', 'p03', 'p04'],
      dropped: { p01: ANCHOR, p11: 'missing item data: required field "url" is empty' },
    },
  },
  {
    name: 'similar attributes reads the anchor from itemId too',
    recommender: similar(['category']),
    context: { itemId: 'p06' },
    expected: { items: ['p07'], dropped: { p06: ANCHOR } },
  },
  {
    name: 'category affinity × popularity from a CI',
    recommender: {
      apiName: 'affinity',
      strategy: 'category-affinity',
      calculatedInsight: 'affinity',
      popularityInsight: 'top_sellers',
    },
    individual: 'ind_a',
    count: 4,
    expected: { items: ['p02', 'p03', 'p06'], dropped: { p01: PURCHASED } },
  },
  {
    name: 'category affinity × units ordered when it names no popularity CI',
    recommender: { apiName: 'affinity', strategy: 'category-affinity', calculatedInsight: 'affinity' },
    individual: 'ind_a',
    expected: { items: ['p03', 'p06'], dropped: { p01: PURCHASED } },
  },
  {
    name: 'category affinity for someone without affinity',
    recommender: {
      apiName: 'affinity',
      strategy: 'category-affinity',
      calculatedInsight: 'affinity',
      popularityInsight: 'top_sellers',
    },
    expected: {
      items: [],
      dropped: {},
      note: 'ind_b has no category affinity in calculated insight affinity as of 2026-11-27T12:00:00.000Z',
    },
  },
  {
    name: 'new arrivals: created in the window, newest first, none from the future',
    recommender: { apiName: 'new', strategy: 'new-arrivals', windowDays: 14 },
    count: 5,
    expected: { items: ['p10', 'p07', 'p08'], dropped: {} },
  },
];

export const FILTER_CASES: GoldenCase[] = [
  {
    name: 'context category',
    recommender: { ...top, filters: { contextCategory: true } },
    context: { category: 'Shirts' },
    count: 2,
    expected: {
      items: ['p04'],
      dropped: {
        p01: 'filter: category "Shoes" is not the context category "Shirts"',
        p02: 'filter: category "Shoes" is not the context category "Shirts"',
        p03: 'filter: category "Shoes" is not the context category "Shirts"',
        p05: OUT_OF_STOCK,
        p06: 'filter: category "Hats" is not the context category "Shirts"',
        p09: FUTURE_P09,
        p99: NOT_IN_CATALOG,
      },
    },
  },
  {
    name: 'price range',
    recommender: { ...top, filters: { priceMin: 30, priceMax: 100 } },
    expected: {
      items: ['p01', 'p02'],
      dropped: {
        p03: 'filter: price 120 above 100',
        p04: 'filter: price 25 below 30',
        p05: OUT_OF_STOCK,
        p06: 'filter: price 15 below 30',
        p09: FUTURE_P09,
        p99: NOT_IN_CATALOG,
      },
    },
  },
  {
    name: 'in stock only, switched off',
    recommender: { ...top, filters: { inStockOnly: false } },
    individual: 'ind_a',
    expected: { items: ['p02', 'p03', 'p05'], dropped: { p01: PURCHASED, p04: PURCHASED } },
  },
  {
    name: 'an item attribute',
    recommender: { ...top, filters: { attributes: [{ field: 'color', equals: 'red' }] } },
    expected: { items: ['p01', 'p03', 'p04'], dropped: { p02: 'filter: color is "blue", not "red"' } },
  },
  {
    name: 'a base field of the item',
    recommender: { ...top, filters: { attributes: [{ field: 'brand', equals: 'Zenith' }] } },
    count: 2,
    expected: {
      items: ['p03'],
      dropped: {
        p01: 'filter: brand is "Acme", not "Zenith"',
        p02: 'filter: brand is "Acme", not "Zenith"',
        p04: 'filter: brand is "Acme", not "Zenith"',
        p05: OUT_OF_STOCK,
        p06: 'filter: brand is "Acme", not "Zenith"',
        p09: FUTURE_P09,
        p99: NOT_IN_CATALOG,
      },
    },
  },
];

export const EXCLUSION_CASES: GoldenCase[] = [
  {
    name: 'in cart',
    recommender: { ...top, exclusions: { inCart: true, purchasedWithinDays: null } },
    individual: 'ind_a',
    expected: {
      items: ['p01', 'p03'],
      dropped: {
        p02: 'exclusion: in cart',
        p04: 'exclusion: in cart',
        p05: OUT_OF_STOCK,
        p06: 'exclusion: in cart',
        p09: FUTURE_P09,
        p99: NOT_IN_CATALOG,
      },
    },
  },
  {
    name: 'purchased within 30 days (an older order is not excluded)',
    recommender: { ...top, exclusions: { purchasedWithinDays: 30 } },
    individual: 'ind_a',
    count: 4,
    expected: {
      items: ['p01', 'p02', 'p03', 'p06'],
      dropped: { p04: 'exclusion: purchased within 30 days', p05: OUT_OF_STOCK },
    },
  },
  {
    name: 'purchases never excluded (purchasedWithinDays null)',
    recommender: { ...top, exclusions: { purchasedWithinDays: null } },
    individual: 'ind_a',
    expected: { items: ['p01', 'p02', 'p03'], dropped: {} },
  },
  {
    name: 'the anchor item itself',
    recommender: top,
    context: { anchorItemId: 'p02' },
    count: 2,
    expected: { items: ['p01', 'p03'], dropped: { p02: ANCHOR } },
  },
  {
    name: 'the anchor kept when its exclusion is off',
    recommender: similar(['category', 'brand', 'color'], { exclusions: { anchor: false } }),
    context: { anchorItemId: 'p01' },
    count: 2,
    expected: { items: ['p01', 'p08'], dropped: {} },
  },
];

export const BOOST_CASES: GoldenCase[] = [
  {
    name: 'a field match multiplies the score and re-ranks',
    recommender: { ...top, boosts: [{ field: 'brand', equals: 'Zenith', multiplier: 2 }] },
    expected: { items: ['p03', 'p01', 'p02'], dropped: { p05: OUT_OF_STOCK }, boosts: { p03: 2, p05: 2 } },
  },
  {
    name: '"$context.category" boosts the request context\'s category',
    recommender: { ...top, boosts: [{ field: 'category', equals: '$context.category', multiplier: 5 }] },
    context: { category: 'Hats' },
    count: 2,
    expected: { items: ['p06', 'p01'], dropped: {}, boosts: { p06: 5 } },
  },
  {
    name: '"$context.category" does nothing without a context category',
    recommender: { ...top, boosts: [{ field: 'category', equals: '$context.category', multiplier: 5 }] },
    count: 2,
    expected: { items: ['p01', 'p02'], dropped: {}, boosts: {} },
  },
  {
    name: 'two boosts multiply (a base field and an attribute)',
    recommender: {
      ...top,
      boosts: [
        { field: 'brand', equals: 'Acme', multiplier: 2 },
        { field: 'color', equals: 'red', multiplier: 1.5 },
      ],
    },
    expected: { items: ['p01', 'p02', 'p04'], dropped: {}, boosts: { p01: 3, p02: 2, p04: 3 } },
  },
];

export const BACKFILL_CASES: GoldenCase[] = [
  {
    name: 'the backfill fills the list, skipping what is already in it',
    recommender: { apiName: 'trend', strategy: 'trending', calculatedInsight: 'trending', backfill: 'top' },
    backfills: [top],
    count: 5,
    expected: {
      items: ['p07', 'p10', 'p02', 'p01', 'p03'],
      candidates: [
        ['p07', null],
        ['p10', null],
        ['p02', null],
        ['p01', null, 'top'],
        ['p02', 'duplicate: already in the list', 'top'],
        ['p03', null, 'top'],
      ],
      backfill: { top: 2 },
    },
  },
  {
    name: 'a chain: bought together and similar attributes need an anchor, top sellers fill',
    recommender: {
      apiName: 'bought',
      strategy: 'bought-together',
      calculatedInsight: 'bought_together',
      backfill: 'similar',
    },
    backfills: [similar(['category'], { backfill: 'top' }), top],
    count: 2,
    expected: {
      items: ['p01', 'p02'],
      candidates: [
        ['p01', null, 'top'],
        ['p02', null, 'top'],
      ],
      backfill: { similar: 0, top: 2 },
      note: 'no anchor item in the request context (anchorItemId or itemId): bought together yields nothing',
    },
  },
  {
    name: 'a CI never refreshed yields nothing; the backfill fills',
    recommender: { apiName: 'trend', strategy: 'trending', calculatedInsight: 'never', backfill: 'top' },
    backfills: [top],
    expected: {
      items: ['p01', 'p02', 'p03'],
      candidates: [
        ['p01', null, 'top'],
        ['p02', null, 'top'],
        ['p03', null, 'top'],
      ],
      backfill: { top: 3 },
      note: 'calculated insight never ("No Schedule") was never refreshed at or before 2026-11-28T00:00:00.000Z',
    },
  },
  {
    name: 'the backfill is not asked when the list is full',
    recommender: { ...top, backfill: 'trend' },
    backfills: [{ apiName: 'trend', strategy: 'trending', calculatedInsight: 'trending' }],
    count: 2,
    expected: {
      items: ['p01', 'p02'],
      candidates: [
        ['p01', null],
        ['p02', null],
      ],
      backfill: {},
    },
  },
  {
    name: 'the backfill applies its own filters',
    recommender: { ...top, filters: { contextCategory: true }, backfill: 'viewed' },
    backfills: [{ apiName: 'viewed', strategy: 'most-viewed', calculatedInsight: 'views' }],
    context: { category: 'Bags' },
    count: 2,
    expected: {
      items: ['p06', 'p01'],
      candidates: [
        ['p01', 'filter: category "Shoes" is not the context category "Bags"'],
        ['p02', 'filter: category "Shoes" is not the context category "Bags"'],
        ['p03', 'filter: category "Shoes" is not the context category "Bags"'],
        ['p04', 'filter: category "Shirts" is not the context category "Bags"'],
        ['p05', OUT_OF_STOCK],
        ['p06', 'filter: category "Hats" is not the context category "Bags"'],
        ['p09', FUTURE_P09],
        ['p99', NOT_IN_CATALOG],
        ['p06', null, 'viewed'],
        ['p01', null, 'viewed'],
      ],
      backfill: { viewed: 2 },
    },
  },
];

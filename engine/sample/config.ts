import type { WorkspaceConfigInput } from '../model/config.ts';
import type { CalculatedInsight } from '../model/calculated-insight.ts';
import type { FieldDef } from '../model/data-graph.ts';
import type { RulesBasedStrategy } from '../model/recommender.ts';
import type { TemplateField } from '../model/point.ts';
import type { Rule } from '../model/rule.ts';

/** Root attributes of the sample's Unified Individuals, typed. */
export const CUSTOMER_PROFILE_FIELDS: FieldDef[] = [
  { name: 'firstName', type: 'string', label: 'First Name' },
  { name: 'lastName', type: 'string', label: 'Last Name' },
  { name: 'email', type: 'string', label: 'Email' },
  { name: 'phone', type: 'string', label: 'Phone' },
  { name: 'gender', type: 'string', label: 'Gender' },
  { name: 'birthDate', type: 'date', label: 'Birth Date' },
  { name: 'country', type: 'string', label: 'Country' },
  { name: 'city', type: 'string', label: 'City' },
  { name: 'loyaltyTier', type: 'string', label: 'Loyalty Tier' },
  { name: 'emailOptIn', type: 'boolean', label: 'Email Opt-In' },
  { name: 'createdAt', type: 'datetime', label: 'Customer Since' },
];

/** Free attributes of the sample's Goods Products, beyond the base fields. */
export const GOODS_PRODUCT_FIELDS: FieldDef[] = [
  { name: 'color', type: 'string', label: 'Color' },
  { name: 'material', type: 'string', label: 'Material' },
  { name: 'rating', type: 'number', label: 'Rating' },
];

/** The response template of every recommendations point: the source document's item fields. */
const RECOMMENDATION_FIELDS: TemplateField[] = [
  { name: 'itemId', type: 'text', required: true },
  { name: 'name', type: 'text', required: true },
  { name: 'imageUrl', type: 'image', required: false },
  { name: 'price', type: 'number', required: false },
  { name: 'url', type: 'url', required: true },
];

const PROFILE = 'Customer_Profile';
const ITEMS = 'Goods_Product';

/** Segment rules, as the source document describes them. */
export const ACTIVE_SHOPPERS_RULE: Rule = {
  some: [{ var: 'engagement.browse' }, { within_last: [{ var: 'timestamp' }, 30, 'days'] }],
};
export const LOYALTY_MEMBERS_RULE: Rule = { in: [{ var: 'loyaltyTier' }, ['Silver', 'Gold', 'Platinum']] };
const IN_LOYALTY_MEMBERS: Rule = { in_segment: 'Loyalty_Members' };
const NEW_CUSTOMER_RULE: Rule = { within_last: [{ var: 'createdAt' }, 30, 'days'] };
const GOLD_OR_PLATINUM_RULE: Rule = { in: [{ var: 'loyaltyTier' }, ['Gold', 'Platinum']] };
const CARTED_THIS_WEEK_RULE: Rule = {
  some: [{ var: 'engagement.cart' }, { within_last: [{ var: 'timestamp' }, 7, 'days'] }],
};

const HIGH_LIFETIME_VALUE_RULE: Rule = { '>=': [{ ci: ['lifetime_value', 0] }, 1000] };

/**
 * The sample's calculated insights: read-only SQL over the views individuals, items and engagement
 * (docs/recommenders.md), as of the refresh time :as_of_ms. Orders placed in one checkout share a
 * timestamp, so "bought together" pairs the lines of one individual's order.
 */
export const SAMPLE_INSIGHTS: CalculatedInsight[] = [
  {
    apiName: 'top_sellers_30d',
    label: 'Top Sellers (30 days)',
    description: 'Units ordered per product in the 30 days before the refresh.',
    subject: 'item',
    sql: `SELECT item_id, sum(quantity) AS value
FROM engagement
WHERE type = 'order' AND ts_ms > :as_of_ms - 30 * 86400000
GROUP BY item_id`,
    schedule: { kind: 'hourly', everyHours: 6 },
  },
  {
    apiName: 'views_7d',
    label: 'Product Views (7 days)',
    description: 'Product Browse events per product in the 7 days before the refresh.',
    subject: 'item',
    sql: `SELECT item_id, count(*) AS value
FROM engagement
WHERE type = 'browse' AND ts_ms > :as_of_ms - 7 * 86400000
GROUP BY item_id`,
    schedule: { kind: 'hourly', everyHours: 1 },
  },
  {
    apiName: 'trending_7d',
    label: 'Trending (7 days against the 21 before)',
    description:
      'Growth of product views: views in the last 7 days against the weekly average of the 21 days before (smoothed by +1); products with at least 3 recent views.',
    subject: 'item',
    sql: `SELECT item_id,
  round((sum(ts_ms > :as_of_ms - 7 * 86400000) + 1.0)
      / (sum(ts_ms <= :as_of_ms - 7 * 86400000) / 3.0 + 1.0), 4) AS value
FROM engagement
WHERE type = 'browse' AND ts_ms > :as_of_ms - 28 * 86400000
GROUP BY item_id
HAVING sum(ts_ms > :as_of_ms - 7 * 86400000) >= 3`,
    schedule: { kind: 'hourly', everyHours: 6 },
  },
  {
    apiName: 'bought_together_180d',
    label: 'Bought Together (180 days)',
    description:
      'Orders holding both products (lines of one individual at one order time) in the 180 days before the refresh.',
    subject: 'item_pair',
    sql: `SELECT a.item_id, b.item_id AS related_item_id, count(*) AS value
FROM engagement a
JOIN engagement b
  ON b.individual_id = a.individual_id AND b.ts_ms = a.ts_ms
 AND b.type = 'order' AND b.item_id <> a.item_id
WHERE a.type = 'order' AND a.ts_ms > :as_of_ms - 180 * 86400000
GROUP BY a.item_id, b.item_id`,
    schedule: { kind: 'hourly', everyHours: 24 },
  },
  {
    apiName: 'category_affinity_90d',
    label: 'Category Affinity (90 days)',
    description:
      "Each individual's engagement per product category in the 90 days before the refresh: a view counts 1, a cart line 3, an order line 5.",
    subject: 'individual_category',
    sql: `SELECT individual_id, category,
  sum(CASE type WHEN 'order' THEN 5 WHEN 'cart' THEN 3 ELSE 1 END) AS value
FROM engagement
WHERE ts_ms > :as_of_ms - 90 * 86400000
GROUP BY individual_id, category`,
    schedule: { kind: 'hourly', everyHours: 12 },
  },
  {
    apiName: 'lifetime_value',
    label: 'Lifetime Value',
    description: 'Total spent: quantity × price of every order line up to the refresh.',
    subject: 'individual',
    sql: `SELECT individual_id, round(sum(quantity * coalesce(price, 0)), 2) AS value
FROM engagement
WHERE type = 'order'
GROUP BY individual_id`,
    schedule: { kind: 'hourly', everyHours: 24 },
  },
];

const rulesBased = (
  apiName: string,
  label: string,
  strategy: RulesBasedStrategy,
  extra: Record<string, unknown> = {},
) => ({
  apiName,
  label,
  type: 'rules-based' as const,
  itemDataGraph: ITEMS,
  strategy,
  filters: { contextCategory: false, inStockOnly: true, attributes: [] },
  exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true },
  ...extra,
});

/**
 * The objective-based recommender of the sample: trained toward purchases on the 180 days before each
 * midnight UTC (iALS, docs/recommenders.md); top sellers fill in what it cannot recommend (new items,
 * exclusions). `init` trains it once at the sample's end time.
 */
export const OBJECTIVE_RECOMMENDER = {
  apiName: 'recommended_for_you',
  label: 'Recommended for You (objective: purchase)',
  type: 'objective-based' as const,
  itemDataGraph: ITEMS,
  objective: 'purchase' as const,
  trainingWindowDays: 180,
  hyperparameters: {},
  seed: 1,
  filters: { contextCategory: false, inStockOnly: true, attributes: [] },
  exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true },
  backfill: 'top_sellers_30d',
};

/** One recommender per rules-based strategy, each reading its calculated insight, chained by backfills. */
const SAMPLE_RECOMMENDERS = [
  rulesBased('top_sellers_30d', 'Top Sellers (30 days)', 'top-sellers', {
    calculatedInsight: 'top_sellers_30d',
    windowDays: 30,
  }),
  rulesBased('top_sellers_in_category', 'Top Sellers in Category', 'top-sellers', {
    calculatedInsight: 'top_sellers_30d',
    windowDays: 30,
    filters: { contextCategory: true, inStockOnly: true, attributes: [] },
    backfill: 'top_sellers_30d',
  }),
  rulesBased('trending_now', 'Trending Now', 'trending', {
    calculatedInsight: 'trending_7d',
    boosts: [{ field: 'category', equals: '$context.category', multiplier: 1.5 }],
    backfill: 'most_viewed_7d',
  }),
  rulesBased('most_viewed_7d', 'Most Viewed (7 days)', 'most-viewed', {
    calculatedInsight: 'views_7d',
    backfill: 'top_sellers_30d',
  }),
  rulesBased('recently_viewed', 'Recently Viewed', 'recently-viewed', {
    windowDays: 30,
    exclusions: { purchasedWithinDays: 90, inCart: false, anchor: true },
    backfill: 'top_sellers_30d',
  }),
  rulesBased('abandoned_cart', 'Still in Your Cart', 'abandoned-cart', {
    windowDays: 30,
    exclusions: { purchasedWithinDays: null, inCart: false, anchor: true },
    backfill: 'recently_viewed',
  }),
  rulesBased('bought_together', 'Frequently Bought Together', 'bought-together', {
    calculatedInsight: 'bought_together_180d',
    backfill: 'similar_items',
  }),
  rulesBased('similar_items', 'Similar Items', 'similar-attributes', {
    attributes: ['category', 'brand', 'material'],
    backfill: 'top_sellers_in_category',
  }),
  rulesBased('category_affinity', 'Picked for You (category affinity)', 'category-affinity', {
    calculatedInsight: 'category_affinity_90d',
    popularityInsight: 'top_sellers_30d',
    backfill: 'recently_viewed',
  }),
  rulesBased('new_arrivals', 'New Arrivals', 'new-arrivals', { windowDays: 14, backfill: 'trending_now' }),
  OBJECTIVE_RECOMMENDER,
];

const recommendations = (recommender: string, itemCount: number) => ({
  type: 'recommendations' as const,
  recommender,
  itemCount,
});

const banner = (headline: string, body: string, image: string, ctaUrl: string) => ({
  type: 'manual' as const,
  values: { headline, body, imageUrl: `https://images.example.com/banners/${image}.jpg`, ctaUrl },
});

/** Decision credits the nightly campaign may spend per month: ~20 per individual (room for every active shopper, every night). */
export const nightlyCreditBudget = (individuals: number): number =>
  Math.max(10_000, Math.ceil((individuals * 20) / 10_000) * 10_000);

/**
 * The sample workspace config: the source document's examples (Active Shoppers, Loyalty Members,
 * home_page_recs, email_product_recs, loyalty_email_recs, the nightly and weekly campaigns) plus a
 * manual onboarding banner with merge fields and an experiment.
 */
export function retailSampleConfig(opts: { individuals?: number } = {}): WorkspaceConfigInput {
  const individuals = opts.individuals ?? 10_000;
  return {
    version: 1,
    dataSpaces: [
      {
        apiName: 'default',
        label: 'Default',
        profileDataGraphs: [
          {
            apiName: PROFILE,
            label: 'Customer Profile',
            root: 'UnifiedIndividual',
            fields: CUSTOMER_PROFILE_FIELDS,
            engagement: {
              browse: { include: true, lookbackDays: 90, maxRows: 200 },
              cart: { include: true, lookbackDays: 30, maxRows: 50 },
              order: { include: true, lookbackDays: 365, maxRows: 200 },
              itemFields: ['category'],
            },
            includeSegments: true,
            calculatedInsights: ['lifetime_value'],
          },
        ],
        itemDataGraphs: [
          { apiName: ITEMS, label: 'Goods Product', object: 'GoodsProduct', fields: GOODS_PRODUCT_FIELDS },
        ],
        segments: [
          {
            apiName: 'Active_Shoppers',
            label: 'Active Shoppers',
            description: 'Unified Individuals who browsed products in the last 30 days.',
            profileDataGraph: PROFILE,
            rule: ACTIVE_SHOPPERS_RULE,
          },
          {
            apiName: 'Loyalty_Members',
            label: 'Loyalty Members',
            description: 'Members of the loyalty program (Silver, Gold or Platinum tier).',
            profileDataGraph: PROFILE,
            rule: LOYALTY_MEMBERS_RULE,
          },
        ],
        calculatedInsights: SAMPLE_INSIGHTS,
        recommenders: SAMPLE_RECOMMENDERS,
        personalizationPoints: [
          {
            apiName: 'home_page_recs',
            label: 'Home Page Recs',
            type: 'recommendations',
            profileDataGraph: PROFILE,
            itemDataGraph: ITEMS,
            responseTemplate: { fields: RECOMMENDATION_FIELDS },
            source: 'web',
            decisions: [
              {
                id: 'loyalty_home_recs',
                label: 'Loyalty Members: Picked for You',
                priority: 0,
                targetingRule: IN_LOYALTY_MEMBERS,
                content: recommendations('category_affinity', 8),
              },
              {
                id: 'cart_reminder_recs',
                label: 'Carted This Week: Still in Your Cart',
                priority: 1,
                targetingRule: CARTED_THIS_WEEK_RULE,
                content: recommendations('abandoned_cart', 6),
              },
              {
                id: 'default_home_recs',
                label: 'Everyone: Trending Now',
                priority: 2,
                targetingRule: null,
                content: recommendations('trending_now', 6),
              },
            ],
          },
          {
            apiName: 'email_product_recs',
            label: 'Email Product Recs',
            type: 'recommendations',
            profileDataGraph: PROFILE,
            itemDataGraph: ITEMS,
            responseTemplate: { fields: RECOMMENDATION_FIELDS },
            source: 'cms',
            decisions: [
              {
                id: 'email_recommended_for_you',
                label: 'Recommended for You',
                priority: 0,
                targetingRule: null,
                content: recommendations(OBJECTIVE_RECOMMENDER.apiName, 4),
              },
            ],
          },
          {
            apiName: 'loyalty_email_recs',
            label: 'Loyalty Email Recs',
            type: 'recommendations',
            profileDataGraph: PROFILE,
            itemDataGraph: ITEMS,
            responseTemplate: { fields: RECOMMENDATION_FIELDS },
            source: 'cms',
            decisions: [
              {
                id: 'high_value_member_recs',
                label: 'Lifetime Value ≥ 1,000: Picked for You',
                priority: 0,
                targetingRule: HIGH_LIFETIME_VALUE_RULE,
                content: recommendations('category_affinity', 8),
              },
              {
                id: 'loyalty_member_recs',
                label: 'Loyalty Members: Recommended for You',
                priority: 1,
                targetingRule: IN_LOYALTY_MEMBERS,
                content: recommendations('category_affinity', 6),
              },
            ],
            fallback: {
              id: 'loyalty_email_fallback',
              label: 'Fallback: Top Sellers',
              content: recommendations('top_sellers_30d', 4),
            },
          },
          {
            apiName: 'onboarding_banner',
            label: 'Onboarding Banner',
            type: 'manual',
            profileDataGraph: PROFILE,
            responseTemplate: {
              fields: [
                { name: 'headline', type: 'text', required: true },
                { name: 'body', type: 'text', required: false },
                { name: 'imageUrl', type: 'image', required: false },
                { name: 'ctaUrl', type: 'url', required: false },
              ],
            },
            source: 'web',
            decisions: [
              {
                id: 'welcome_new_customer',
                label: 'New Customers: Welcome',
                priority: 0,
                targetingRule: NEW_CUSTOMER_RULE,
                content: banner(
                  'Welcome, {{firstName}}!',
                  'Take 10% off your first order with code WELCOME10.',
                  'welcome',
                  '/new-arrivals',
                ),
              },
              {
                id: 'tier_perks',
                label: 'Gold and Platinum: Perks',
                priority: 1,
                targetingRule: GOLD_OR_PLATINUM_RULE,
                content: banner(
                  '{{firstName}}, your {{loyaltyTier}} perks are waiting',
                  'Early access to new arrivals and double points this week.',
                  'loyalty-perks',
                  '/account/rewards',
                ),
              },
              {
                id: 'free_shipping',
                label: 'Free Shipping',
                priority: 2,
                targetingRule: CARTED_THIS_WEEK_RULE,
                content: banner(
                  'Free shipping on your next order, {{firstName | "friend"}}',
                  'No minimum, this week only. Your cart is waiting.',
                  'free-shipping',
                  '/cart',
                ),
              },
            ],
            fallback: {
              id: 'onboarding_fallback',
              label: 'Fallback: New Season',
              content: banner(
                'New season, new gear',
                'Discover this week’s new arrivals.',
                'new-season',
                '/new-arrivals',
              ),
            },
            experiment: {
              key: 'onboarding_banner_copy',
              label: 'Onboarding banner copy: free shipping',
              active: true,
              trafficPercent: 100,
              variants: [
                { key: 'control', label: 'Control', weight: 50, control: true },
                { key: 'free_shipping', label: 'Free shipping copy', weight: 50, decision: 'free_shipping' },
              ],
            },
          },
        ],
        campaigns: [
          {
            name: 'Nightly Email Recs',
            description:
              'Every night at 20:00, product recommendations for every Active Shopper, stored for the morning email send.',
            segment: 'Active_Shoppers',
            points: ['email_product_recs'],
            schedule: { cron: '0 20 * * *', timezone: 'America/New_York' },
            chunkSize: 200,
            output: { kind: 'records', table: 'Personalized_Email_Content__c' },
            creditBudget: { credits: nightlyCreditBudget(individuals), period: 'month' },
            status: 'Active',
          },
          {
            name: 'Weekly Loyalty Email',
            description: 'Every Monday at 06:00, recommendations for every Loyalty Member for the weekly email.',
            segment: 'Loyalty_Members',
            points: ['loyalty_email_recs'],
            schedule: { cron: '0 6 * * 1', timezone: 'America/New_York' },
            chunkSize: 200,
            output: { kind: 'file', format: 'jsonl' },
            status: 'Active',
          },
        ],
      },
    ],
  };
}

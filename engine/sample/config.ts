import type { WorkspaceConfigInput } from '../model/config.ts';
import type { FieldDef } from '../model/data-graph.ts';
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
export const ACTIVE_SHOPPERS_RULE: Rule = { some: [{ var: 'engagement.browse' }, { within_last: [{ var: 'timestamp' }, 30, 'days'] }] };
export const LOYALTY_MEMBERS_RULE: Rule = { in: [{ var: 'loyaltyTier' }, ['Silver', 'Gold', 'Platinum']] };
const IN_LOYALTY_MEMBERS: Rule = { in_segment: 'Loyalty_Members' };
const NEW_CUSTOMER_RULE: Rule = { within_last: [{ var: 'createdAt' }, 30, 'days'] };
const GOLD_OR_PLATINUM_RULE: Rule = { in: [{ var: 'loyaltyTier' }, ['Gold', 'Platinum']] };
const CARTED_THIS_WEEK_RULE: Rule = { some: [{ var: 'engagement.cart' }, { within_last: [{ var: 'timestamp' }, 7, 'days'] }] };

const recommendations = (recommender: string, itemCount: number) => ({ type: 'recommendations' as const, recommender, itemCount });

const banner = (headline: string, body: string, image: string, ctaUrl: string) => ({
  type: 'manual' as const,
  values: { headline, body, imageUrl: `https://images.example.com/banners/${image}.jpg`, ctaUrl },
});

/** Decision credits the nightly campaign may spend per month: ~20 per individual (room for every active shopper, every night). */
export const nightlyCreditBudget = (individuals: number): number => Math.max(10_000, Math.ceil((individuals * 20) / 10_000) * 10_000);

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
            calculatedInsights: [],
          },
        ],
        itemDataGraphs: [{ apiName: ITEMS, label: 'Goods Product', object: 'GoodsProduct', fields: GOODS_PRODUCT_FIELDS }],
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
        recommenders: [
          {
            apiName: 'top_sellers_30d',
            label: 'Top Sellers (30 days)',
            type: 'rules-based',
            itemDataGraph: ITEMS,
            strategy: 'top-sellers',
            windowDays: 30,
            filters: { contextCategory: false, inStockOnly: true, attributes: [] },
            exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true },
          },
          {
            apiName: 'top_sellers_in_category',
            label: 'Top Sellers in Category',
            type: 'rules-based',
            itemDataGraph: ITEMS,
            strategy: 'top-sellers',
            windowDays: 30,
            filters: { contextCategory: true, inStockOnly: true, attributes: [] },
            exclusions: { purchasedWithinDays: 365, inCart: false, anchor: true },
          },
        ],
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
                label: 'Loyalty Members: Top Sellers',
                priority: 0,
                targetingRule: IN_LOYALTY_MEMBERS,
                content: recommendations('top_sellers_30d', 8),
              },
              {
                id: 'default_home_recs',
                label: 'Everyone: Top Sellers',
                priority: 1,
                targetingRule: null,
                content: recommendations('top_sellers_30d', 6),
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
                id: 'email_top_sellers',
                label: 'Top Sellers',
                priority: 0,
                targetingRule: null,
                content: recommendations('top_sellers_30d', 4),
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
                id: 'loyalty_member_recs',
                label: 'Loyalty Members: Recommended for You',
                priority: 0,
                targetingRule: IN_LOYALTY_MEMBERS,
                content: recommendations('top_sellers_30d', 6),
              },
            ],
            fallback: { id: 'loyalty_email_fallback', label: 'Fallback: Top Sellers', content: recommendations('top_sellers_30d', 4) },
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
                content: banner('Welcome, {{firstName}}!', 'Take 10% off your first order with code WELCOME10.', 'welcome', '/new-arrivals'),
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
              content: banner('New season, new gear', 'Discover this week’s new arrivals.', 'new-season', '/new-arrivals'),
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
            description: 'Every night at 20:00, product recommendations for every Active Shopper, stored for the morning email send.',
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

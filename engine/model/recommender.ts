import { z } from 'zod';
import { ApiName, Scalar } from './json.ts';

/** Filters every candidate must pass. */
export const RecommenderFilters = z.object({
  /** Keep only items of the request context\'s `category`, when the context has one. */
  contextCategory: z.boolean().default(false).describe('Keep only items of the request context\'s `category`, when the context has one.'),
  priceMin: z.number().min(0).optional(),
  priceMax: z.number().min(0).optional(),
  inStockOnly: z.boolean().default(true),
  /** Item attribute equality filters, e.g. { field: "brand", equals: "Acme" }. */
  attributes: z.array(z.object({ field: z.string(), equals: Scalar })).default([]).describe('Item attribute equality filters, e.g. { field: "brand", equals: "Acme" }.'),
});
export type RecommenderFilters = z.infer<typeof RecommenderFilters>;

/** Candidates dropped because of the individual's own history or the request context. */
export const RecommenderExclusions = z.object({
  /** Drop items the individual ordered within this many days (null: never drop). */
  purchasedWithinDays: z.number().int().min(1).nullable().default(365).describe('Drop items the individual ordered within this many days (null: never drop).'),
  inCart: z.boolean().default(false),
  anchor: z.boolean().default(true),
});
export type RecommenderExclusions = z.infer<typeof RecommenderExclusions>;

export const RulesBasedStrategy = z.enum(['top-sellers']);
export type RulesBasedStrategy = z.infer<typeof RulesBasedStrategy>;

/** A rules-based recommender: a strategy with filters and exclusions. */
export const RulesBasedRecommender = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  type: z.literal('rules-based'),
  itemDataGraph: ApiName,
  strategy: RulesBasedStrategy,
  /** Window over which the strategy counts engagement (top sellers: orders in the last N days). */
  windowDays: z.number().int().min(1).max(3650).default(30).describe('Window over which the strategy counts engagement (top sellers: orders in the last N days).'),
  filters: RecommenderFilters.default({ contextCategory: false, inStockOnly: true, attributes: [] }),
  exclusions: RecommenderExclusions.default({ purchasedWithinDays: 365, inCart: false, anchor: true }),
});
export type RulesBasedRecommender = z.infer<typeof RulesBasedRecommender>;

export const Recommender = z.discriminatedUnion('type', [RulesBasedRecommender]);
export type Recommender = z.infer<typeof Recommender>;

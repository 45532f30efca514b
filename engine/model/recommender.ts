import { z } from 'zod';
import { ApiName, Scalar } from './json.ts';

/** Filters every candidate must pass. */
export const RecommenderFilters = z.object({
  /** Keep only items of the request context's `category`, when the context has one. */
  contextCategory: z
    .boolean()
    .default(false)
    .describe("Keep only items of the request context's `category`, when the context has one."),
  priceMin: z.number().min(0).optional(),
  priceMax: z.number().min(0).optional(),
  inStockOnly: z.boolean().default(true),
  /** Item attribute equality filters, e.g. { field: "brand", equals: "Acme" }. */
  attributes: z
    .array(z.object({ field: z.string(), equals: Scalar }))
    .default([])
    .describe('Item attribute equality filters, e.g. { field: "brand", equals: "Acme" }.'),
});
export type RecommenderFilters = z.infer<typeof RecommenderFilters>;

/** Candidates dropped because of the individual's own history or the request context. */
export const RecommenderExclusions = z.object({
  /** Drop items the individual ordered within this many days (null: never drop). */
  purchasedWithinDays: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(365)
    .describe('Drop items the individual ordered within this many days (null: never drop).'),
  inCart: z.boolean().default(false),
  anchor: z.boolean().default(true),
});
export type RecommenderExclusions = z.infer<typeof RecommenderExclusions>;

/** Multiplies the score of items whose field equals a value (an item field, or "context.category"). */
export const RecommenderBoost = z.object({
  field: z
    .string()
    .min(1)
    .describe(
      'Item field or attribute; "category" with equals "$context.category" boosts the request context\'s category.',
    ),
  equals: Scalar,
  multiplier: z.number().gt(0).max(100),
});
export type RecommenderBoost = z.infer<typeof RecommenderBoost>;

const defaultFilters = { contextCategory: false, inStockOnly: true, attributes: [] };
const defaultExclusions = { purchasedWithinDays: 365, inCart: false, anchor: true };

export const RulesBasedStrategy = z.enum([
  'top-sellers',
  'trending',
  'most-viewed',
  'recently-viewed',
  'abandoned-cart',
  'bought-together',
  'similar-attributes',
  'category-affinity',
  'new-arrivals',
]);
export type RulesBasedStrategy = z.infer<typeof RulesBasedStrategy>;

const common = {
  apiName: ApiName,
  label: z.string().min(1),
  itemDataGraph: ApiName,
  filters: RecommenderFilters.default(defaultFilters),
  exclusions: RecommenderExclusions.default(defaultExclusions),
  boosts: z.array(RecommenderBoost).default([]),
  /** A rules-based recommender that fills the list when this one yields too few items. */
  backfill: ApiName.optional().describe(
    'A rules-based recommender that fills the list when this one yields too few items.',
  ),
};

/** A rules-based recommender: a strategy backed by a calculated insight, with filters, exclusions, boosts. */
export const RulesBasedRecommender = z.object({
  ...common,
  type: z.literal('rules-based'),
  strategy: RulesBasedStrategy,
  /** The calculated insight the strategy reads (required by the CI-backed strategies). */
  calculatedInsight: ApiName.optional().describe(
    'The calculated insight the strategy reads (required by the CI-backed strategies).',
  ),
  /** category-affinity: the item calculated insight ranking items within a category (absent: units ordered in the `windowDays`). */
  popularityInsight: ApiName.optional().describe(
    'category-affinity: the item calculated insight that ranks items within a category (absent: units ordered in the last windowDays).',
  ),
  /** Window over which the strategy counts engagement where it reads events directly (e.g. new arrivals: created in the last N days). */
  windowDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe(
      'Window of the strategy where it reads events or dates directly (e.g. new arrivals: created in the last N days).',
    ),
  /** For similar-attributes: the item fields compared with the anchor item. */
  attributes: z
    .array(z.string())
    .default([])
    .describe('similar-attributes: the item fields compared with the anchor item.'),
});
export type RulesBasedRecommender = z.infer<typeof RulesBasedRecommender>;

export const Objective = z.enum(['purchase', 'add-to-cart', 'click']);
export type Objective = z.infer<typeof Objective>;

/**
 * An objective-based recommender: trained on interactions toward an objective on a 24-hour cycle;
 * a request as of T uses the last model trained at or before T.
 */
export const ObjectiveBasedRecommender = z.object({
  ...common,
  type: z.literal('objective-based'),
  objective: Objective,
  /** Interactions older than this many days before the training time are not used. */
  trainingWindowDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(180)
    .describe('Interactions older than this many days before the training time are not used.'),
  /** Model hyperparameters; defaults come from the measured comparison in docs/recommenders.md. */
  hyperparameters: z
    .record(z.string(), z.number())
    .default({})
    .describe('Model hyperparameters; defaults are the measured ones in docs/recommenders.md.'),
  seed: z.number().int().default(1),
  /** Use the model trained at this time (ISO-8601) for every as-of time at or after it, instead of the 24-hour cycle's. */
  pinnedModelAt: z
    .string()
    .optional()
    .describe(
      "Use the model trained at this time (ISO-8601, a training-cycle boundary) instead of the 24-hour cycle's model at the as-of time; runs then train nothing on demand.",
    ),
});
export type ObjectiveBasedRecommender = z.infer<typeof ObjectiveBasedRecommender>;

export const Recommender = z.discriminatedUnion('type', [RulesBasedRecommender, ObjectiveBasedRecommender]);
export type Recommender = z.infer<typeof Recommender>;

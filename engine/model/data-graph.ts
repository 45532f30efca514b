import { z } from 'zod';
import { ApiName } from './json.ts';

export const FieldType = z.enum(['string', 'number', 'boolean', 'datetime', 'date']);
export type FieldType = z.infer<typeof FieldType>;

/** One field of a data graph object. */
export const FieldDef = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier'),
  type: FieldType,
  label: z.string().optional(),
});
export type FieldDef = z.infer<typeof FieldDef>;

/** Engagement objects of the profile graph, as the source document names them. */
export const EngagementType = z.enum(['browse', 'cart', 'order']);
export type EngagementType = z.infer<typeof EngagementType>;
export const ENGAGEMENT_OBJECTS: Record<EngagementType, string> = {
  browse: 'Product Browse',
  cart: 'Shopping Cart',
  order: 'Product Order',
};

/** Which rows of one engagement object the materialized profile document holds. */
export const EngagementInclude = z.object({
  include: z.boolean().default(true),
  lookbackDays: z.number().int().min(1).max(3650).default(90),
  maxRows: z.number().int().min(1).max(10_000).default(200),
});
export type EngagementInclude = z.infer<typeof EngagementInclude>;

/** Names the profile document reserves; root attributes may not use them. */
export const RESERVED_PROFILE_NAMES = ['id', 'engagement', 'segments', 'ci'] as const;

/**
 * Profile data graph: the Unified Individual root with its attributes, plus the related objects
 * (engagement, segment memberships, calculated-insight values) its materialized document includes.
 */
export const ProfileDataGraph = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  root: z.literal('UnifiedIndividual').default('UnifiedIndividual'),
  fields: z.array(FieldDef).default([]),
  engagement: z
    .object({
      browse: EngagementInclude.default({ include: true, lookbackDays: 90, maxRows: 200 }),
      cart: EngagementInclude.default({ include: true, lookbackDays: 30, maxRows: 50 }),
      order: EngagementInclude.default({ include: true, lookbackDays: 365, maxRows: 200 }),
      /** Item fields copied onto each engagement row (e.g. category), so rules can use them. */
      itemFields: z
        .array(z.string())
        .default(['category'])
        .describe('Item fields copied onto each engagement row (e.g. category), so rules can use them.'),
    })
    .default({
      browse: { include: true, lookbackDays: 90, maxRows: 200 },
      cart: { include: true, lookbackDays: 30, maxRows: 50 },
      order: { include: true, lookbackDays: 365, maxRows: 200 },
      itemFields: ['category'],
    }),
  includeSegments: z.boolean().default(true),
  /** Calculated insights (per individual) whose values the document includes, under `ci`. */
  calculatedInsights: z
    .array(z.string())
    .default([])
    .describe('Calculated insights (per individual) whose values the document includes, under `ci`.'),
});
export type ProfileDataGraph = z.infer<typeof ProfileDataGraph>;

/** Fields every Goods Product has; an item data graph may define more. */
export const ITEM_BASE_FIELDS: readonly FieldDef[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'category', type: 'string' },
  { name: 'price', type: 'number' },
  { name: 'imageUrl', type: 'string' },
  { name: 'url', type: 'string' },
  { name: 'brand', type: 'string' },
  { name: 'inStock', type: 'boolean' },
  { name: 'createdAt', type: 'datetime' },
];

/** Item data graph: the item DMO (Goods Product by default) and its extra fields. */
export const ItemDataGraph = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  object: z.string().default('GoodsProduct'),
  /** Extra fields beyond ITEM_BASE_FIELDS (free attributes). */
  fields: z.array(FieldDef).default([]).describe('Extra fields beyond ITEM_BASE_FIELDS (free attributes).'),
});
export type ItemDataGraph = z.infer<typeof ItemDataGraph>;

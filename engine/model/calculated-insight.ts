import { z } from 'zod';
import { ApiName } from './json.ts';

/**
 * What one row of a calculated insight's result is about, which fixes its key columns:
 * - individual: individual_id, value            (lifetime value, views in the last 30 days)
 * - item: item_id, value                         (top sellers, trending, most viewed)
 * - item_pair: item_id, related_item_id, value  (bought together)
 * - individual_category: individual_id, category, value (category affinity)
 */
export const InsightSubject = z.enum(['individual', 'item', 'item_pair', 'individual_category']);
export type InsightSubject = z.infer<typeof InsightSubject>;

export const INSIGHT_KEY_COLUMNS: Record<InsightSubject, readonly string[]> = {
  individual: ['individual_id'],
  item: ['item_id'],
  item_pair: ['item_id', 'related_item_id'],
  individual_category: ['individual_id', 'category'],
};

/** Refresh schedule: every N hours (N ≥ 1, the product's fastest batch CI refresh), or manual only. */
export const InsightSchedule = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hourly'),
    everyHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
  }),
  z.object({ kind: z.literal('none') }).describe('"No Schedule": refreshed only by hand (workbench refresh-insight)'),
]);
export type InsightSchedule = z.infer<typeof InsightSchedule>;

/**
 * A calculated insight: one read-only SQL SELECT over the workspace's documented tables, yielding
 * a metric per individual, item, item pair or individual × category. Materialized with refreshedAt.
 */
export const CalculatedInsight = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  description: z.string().default(''),
  subject: InsightSubject,
  sql: z
    .string()
    .min(1)
    .describe(
      'One read-only SELECT; the key columns of its subject plus a numeric `value` column. `:as_of_ms` is the refresh time in epoch milliseconds.',
    ),
  schedule: InsightSchedule.default({ kind: 'hourly', everyHours: 1 }),
  timeLimitSeconds: z
    .number()
    .positive()
    .max(3600)
    .optional()
    .describe(
      'Wall time its SQL may run per refresh, in seconds (default 30); a query over it is stopped and nothing is stored.',
    ),
  maxRows: z
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .optional()
    .describe('Result rows its SQL may return per refresh (default 5,000,000); more stops the refresh.'),
});
export type CalculatedInsight = z.infer<typeof CalculatedInsight>;

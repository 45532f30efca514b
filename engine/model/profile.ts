import { z } from 'zod';
import { Scalar } from './json.ts';
import { EngagementType } from './data-graph.ts';

/** A unified individual as imported: id plus root attributes. */
export const Individual = z.object({
  id: z.string().min(1),
  attributes: z.record(z.string(), Scalar),
});
export type Individual = z.infer<typeof Individual>;

/** One engagement event (Product Browse, Shopping Cart or Product Order row). */
export const EngagementEvent = z.object({
  individualId: z.string().min(1),
  itemId: z.string().min(1),
  type: EngagementType,
  /** Canonical ISO-8601 UTC timestamp. */
  timestamp: z.string(),
  quantity: z.number().int().min(0).default(1),
  price: z.number().min(0).nullable().default(null),
});
export type EngagementEvent = z.infer<typeof EngagementEvent>;

/** An engagement row inside a profile document (plus the item fields the graph copies). */
export interface EngagementRow {
  itemId: string;
  type: EngagementType;
  timestamp: string;
  quantity: number;
  price: number | null;
  [itemField: string]: string | number | boolean | null;
}

/**
 * The data rules and merge fields see: root attributes at the top level, plus the reserved
 * keys `id`, `engagement`, `segments` and `ci`.
 */
export interface ProfileData {
  id: string;
  engagement: Record<EngagementType, EngagementRow[]>;
  segments: string[];
  ci: Record<string, Scalar>;
  [attribute: string]: unknown;
}

/** A materialized profile data graph document, stamped with its refresh time. */
export interface ProfileDocument {
  individualId: string;
  /** Data-graph refresh time (the watermark) this document reflects. */
  refreshedAt: string;
  data: ProfileData;
}

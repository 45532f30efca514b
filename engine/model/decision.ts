import { z } from 'zod';
import { JsonValue } from './json.ts';

/** A decision request: one individual, one or more personalization points. */
export const DecisionRequest = z.object({
  individualId: z.string().min(1),
  personalizationPoints: z.array(z.string().min(1)).min(1),
  dataSpace: z.string().min(1).default('default'),
  /** Optional context, e.g. { "anchorItemId": "prod_1", "category": "Shoes" }. */
  context: z.record(z.string(), JsonValue).default({}),
  /** As-of time (ISO-8601); the request sees data as of the last refreshes at or before it. */
  asOf: z.string().optional(),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;

/** One recommended item in a response: itemId plus the response template's item fields. */
export type RecommendedItem = { itemId: string } & Record<string, JsonValue>;

/** One personalization of a response (one point, one decision = one decision credit). */
export interface Personalization {
  personalizationPointId: string;
  personalizationId: string;
  contentId: string;
  data: Record<string, JsonValue>;
}

/** A point that could not be decided, with its fault code. */
export interface PersonalizationError {
  personalizationPointId: string;
  code: string;
  message: string;
}

/** The decision response, exactly the product's shape; `errors` only when a point faulted. */
export interface DecisionResponse {
  personalizations: Personalization[];
  errors?: PersonalizationError[];
}

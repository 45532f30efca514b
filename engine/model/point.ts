import { z } from 'zod';
import { ApiName, Scalar } from './json.ts';
import { Rule } from './rule.ts';
import { Experiment } from './experiment.ts';

/** Manual content: response-template values, strings may hold merge fields like {{firstName}}. */
export const ManualContent = z.object({
  type: z.literal('manual'),
  values: z.record(z.string(), Scalar),
});
export type ManualContent = z.infer<typeof ManualContent>;

/** Recommendations content: a recommender and how many items it returns. */
export const RecommendationsContent = z.object({
  type: z.literal('recommendations'),
  recommender: ApiName,
  /** Items per response; the product\'s limit is 24. */
  itemCount: z.number().int().min(1).describe("Items per response; the product's limit is 24."),
});
export type RecommendationsContent = z.infer<typeof RecommendationsContent>;

export const DecisionContent = z.discriminatedUnion('type', [ManualContent, RecommendationsContent]);
export type DecisionContent = z.infer<typeof DecisionContent>;

/** A decision on a personalization point: targeting rule (null = everyone), priority, content. */
export const Decision = z.object({
  id: ApiName,
  label: z.string().min(1),
  active: z.boolean().default(true),
  /** Lower number = evaluated first. */
  priority: z.number().int().min(0).describe('Lower number = evaluated first.'),
  targetingRule: Rule.nullable().default(null),
  content: DecisionContent,
});
export type Decision = z.infer<typeof Decision>;

/** The fallback decision: served when no decision qualifies; it has no targeting rule. */
export const FallbackDecision = z.object({
  id: ApiName,
  label: z.string().min(1),
  content: DecisionContent,
});
export type FallbackDecision = z.infer<typeof FallbackDecision>;

/** One field of a response template. */
export const TemplateField = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier'),
  type: z.enum(['text', 'url', 'image', 'number', 'boolean']).default('text'),
  required: z.boolean().default(false),
});
export type TemplateField = z.infer<typeof TemplateField>;

/**
 * Response template. Manual points: the fields each decision fills in. Recommendation points:
 * the item data graph fields returned for each recommended item (itemId is always returned).
 */
export const ResponseTemplate = z.object({
  fields: z.array(TemplateField).min(1),
});
export type ResponseTemplate = z.infer<typeof ResponseTemplate>;

/** A personalization point: where a channel asks for a decision. */
export const PersonalizationPoint = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  type: z.enum(['manual', 'recommendations']),
  profileDataGraph: ApiName,
  itemDataGraph: ApiName.optional(),
  responseTemplate: ResponseTemplate,
  source: z.enum(['web', 'cms', 'api']).default('api'),
  authenticationRequired: z.boolean().default(false),
  active: z.boolean().default(true),
  decisions: z.array(Decision).default([]),
  experiment: Experiment.optional(),
  fallback: FallbackDecision.optional(),
});
export type PersonalizationPoint = z.infer<typeof PersonalizationPoint>;

import { z } from 'zod';
import { ApiName } from './json.ts';

/** Where a campaign run writes one row per individual × point. */
export const CampaignOutput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('records'),
    table: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/)
      .default('Personalized_Email_Content__c'),
  }),
  z.object({ kind: z.literal('file'), format: z.enum(['jsonl', 'csv']).default('jsonl'), path: z.string().optional() }),
  z.object({ kind: z.literal('stream'), stream: z.string().min(1) }),
]);
export type CampaignOutput = z.infer<typeof CampaignOutput>;

/** A campaign: the scheduled Flow of the source document, run here as a dry run. */
export const Campaign = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  segment: ApiName,
  points: z.array(ApiName).min(1),
  schedule: z.object({
    /** Five-field cron expression, e.g. "0 20 * * *" for daily at 20:00. */
    cron: z.string().min(1).describe('Five-field cron expression, e.g. "0 20 * * *" for daily at 20:00.'),
    timezone: z.string().default('UTC'),
  }),
  chunkSize: z.number().int().min(1).max(10_000).default(200),
  output: CampaignOutput.default({ kind: 'records', table: 'Personalized_Email_Content__c' }),
  creditBudget: z
    .object({ credits: z.number().int().min(0), period: z.enum(['run', 'day', 'week', 'month', 'year']) })
    .optional(),
  status: z.enum(['Active', 'Paused']).default('Active'),
});
export type Campaign = z.infer<typeof Campaign>;

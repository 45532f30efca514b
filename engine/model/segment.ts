import { z } from 'zod';
import { ApiName } from './json.ts';
import { Rule } from './rule.ts';

/** A segment: a targeting rule over the profile graph, evaluated as of a time. */
export const Segment = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  description: z.string().default(''),
  profileDataGraph: ApiName,
  rule: Rule,
});
export type Segment = z.infer<typeof Segment>;

import { z } from 'zod';
import { ApiName } from './json.ts';
import { ItemDataGraph, ProfileDataGraph } from './data-graph.ts';
import { Segment } from './segment.ts';
import { Recommender } from './recommender.ts';
import { PersonalizationPoint } from './point.ts';
import { Campaign } from './campaign.ts';
import { CalculatedInsight } from './calculated-insight.ts';
import { IdentityResolutionConfig } from './identity-resolution.ts';

/** The configuration of one data space. */
export const DataSpaceConfig = z.object({
  apiName: ApiName,
  label: z.string().min(1),
  profileDataGraphs: z.array(ProfileDataGraph).default([]),
  itemDataGraphs: z.array(ItemDataGraph).default([]),
  segments: z.array(Segment).default([]),
  calculatedInsights: z.array(CalculatedInsight).default([]),
  recommenders: z.array(Recommender).default([]),
  personalizationPoints: z.array(PersonalizationPoint).default([]),
  campaigns: z.array(Campaign).default([]),
  /** Identity resolution ruleset (match rules, reconciliation); absent: DEFAULT_IDENTITY_RESOLUTION. */
  identityResolution: IdentityResolutionConfig.optional().describe(
    'Identity resolution ruleset: ordered match rules and attribute reconciliation. Absent: exact normalized email, then exact normalized phone; most recent value wins.',
  ),
});
export type DataSpaceConfig = z.infer<typeof DataSpaceConfig>;

export const CONFIG_VERSION = 1;

/** The whole workspace configuration: one versioned JSON document, exportable to git. */
export const WorkspaceConfig = z.object({
  $schema: z.string().optional(),
  version: z.literal(CONFIG_VERSION),
  dataSpaces: z.array(DataSpaceConfig).min(1),
});
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
/** Config as written by a person (defaults not yet applied). */
export type WorkspaceConfigInput = z.input<typeof WorkspaceConfig>;
export type DataSpaceConfigInput = z.input<typeof DataSpaceConfig>;

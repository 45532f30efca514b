import type {
  EngagementRow,
  EngagementType,
  Individual,
  ProfileData,
  ProfileDataGraph,
  ProfileDocument,
  Scalar,
} from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import { truthy, type RuleContext } from '../rules/index.ts';
import type { CompiledSegment } from '../pipeline/compile-space.ts';

/** The rows a profile document is built from, as read at a data-graph refresh. */
export interface ProfileRows {
  individual: Individual;
  engagement: Record<EngagementType, EngagementRow[]>;
  ci: Record<string, Scalar>;
}

/**
 * Builds the materialized document of one individual for one profile data graph at refresh time
 * `refreshedAtMs`: the graph's root fields, its engagement rows, CI values, and the memberships of
 * the graph's segments evaluated as of the refresh (each segment sees the ones defined before it).
 */
export function buildProfileDocument(
  rows: ProfileRows,
  graph: ProfileDataGraph,
  segments: readonly CompiledSegment[],
  refreshedAtMs: number,
): ProfileDocument {
  const data: ProfileData = { id: rows.individual.id, engagement: rows.engagement, segments: [], ci: rows.ci };
  for (const f of graph.fields) {
    const v = rows.individual.attributes[f.name];
    if (v !== undefined) data[f.name] = v;
  }
  const refreshedAt = isoOf(refreshedAtMs);
  if (graph.includeSegments && segments.length > 0) {
    const ctx: RuleContext = { asOf: refreshedAt, asOfMs: refreshedAtMs };
    for (const s of segments) {
      if (s.segment.profileDataGraph !== graph.apiName) continue;
      // A segment rule that fails on this profile makes the individual a non-member.
      let member: boolean;
      try {
        member = truthy(s.rule(data, ctx));
      } catch {
        member = false;
      }
      if (member) data.segments.push(s.segment.apiName);
    }
  }
  return { individualId: rows.individual.id, refreshedAt, data };
}

import type { IdentityResolutionConfig, SourceRecord } from '../model/identity-resolution.ts';
import type { RuleMatches, UnusableValues, Clustering } from './cluster.ts';
import { compareCodePoints } from './code-point-order.ts';
import type { FieldConflict } from './reconcile.ts';
import type { ResolvedIndividual } from './reconcile.ts';
import { recordRef } from './unified-id.ts';

/** How many clusters the report lists as the largest, and records per listed cluster. */
export const LARGEST_CLUSTERS = 10;
const RECORDS_PER_CLUSTER = 10;
const CONFLICT_EXAMPLES = 3;

/** A large cluster, for the report (a suspiciously large one often means a shared email or phone). */
export interface LargeCluster {
  unifiedId: string;
  size: number;
  /** Records per source. */
  sources: Record<string, number>;
  /** The first records ("source:sourceId"), at most 10. */
  records: string[];
  /** The rules that linked its records. */
  rules: string[];
}

/** A field whose values disagree inside clusters: how many clusters, and a few examples. */
export interface ConflictSummary {
  field: string;
  clusters: number;
  examples: (FieldConflict & { unifiedId: string })[];
}

/** The figures of an identity resolution (records in, individuals out, what matched, what conflicted). */
export interface IdentityReportFigures {
  records: number;
  individuals: number;
  /** 1 − individuals / records: the share of records merged into another (0 when nothing matched). */
  consolidationRate: number;
  sources: { source: string; records: number }[];
  matchRules: RuleMatches[];
  /** Records that matched no other record (clusters of one). */
  unmatchedRecords: number;
  clusterSizes: { size: number; clusters: number }[];
  largestClusters: LargeCluster[];
  conflicts: ConflictSummary[];
  unusableValues: UnusableValues[];
}

/** Rounds a rate to 4 decimals, so reports read well and compare exactly. */
const rate = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Sums a resolution up. */
export function buildReport(
  records: readonly SourceRecord[],
  individuals: readonly ResolvedIndividual[],
  clustering: Clustering,
  ruleset: IdentityResolutionConfig,
): IdentityReportFigures {
  // 1. Sources and cluster sizes.
  const bySource = new Map<string, number>();
  for (const r of records) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
  const bySize = new Map<number, number>();
  for (const ind of individuals) bySize.set(ind.members.length, (bySize.get(ind.members.length) ?? 0) + 1);

  // 2. The largest clusters (ties in anchor order).
  const largest = individuals
    .filter((ind) => ind.members.length > 1)
    .map((ind, order) => ({ ind, order }))
    .sort((a, b) => b.ind.members.length - a.ind.members.length || a.order - b.order)
    .slice(0, LARGEST_CLUSTERS)
    .map(({ ind }): LargeCluster => {
      const sources: Record<string, number> = {};
      const rules = new Set<string>();
      for (const i of ind.members) {
        const r = records[i]!;
        sources[r.source] = (sources[r.source] ?? 0) + 1;
        const rule = clustering.ruleOf[i]!;
        if (rule >= 0) rules.add(ruleset.matchRules[rule]!.name);
      }
      return {
        unifiedId: ind.unifiedId,
        size: ind.members.length,
        sources,
        records: ind.members.slice(0, RECORDS_PER_CLUSTER).map((i) => recordRef(records[i]!)),
        rules: ruleset.matchRules.map((r) => r.name).filter((n) => rules.has(n)),
      };
    });

  // 3. Conflicts per field.
  const conflicts = new Map<string, ConflictSummary>();
  for (const ind of individuals) {
    for (const c of ind.conflicts) {
      let s = conflicts.get(c.field);
      if (!s) conflicts.set(c.field, (s = { field: c.field, clusters: 0, examples: [] }));
      s.clusters++;
      if (s.examples.length < CONFLICT_EXAMPLES) s.examples.push({ unifiedId: ind.unifiedId, ...c });
    }
  }

  return {
    records: records.length,
    individuals: individuals.length,
    consolidationRate: records.length === 0 ? 0 : rate(1 - individuals.length / records.length),
    sources: [...bySource].sort(([a], [b]) => compareCodePoints(a, b)).map(([source, n]) => ({ source, records: n })),
    matchRules: clustering.rules,
    unmatchedRecords: bySize.get(1) ?? 0,
    clusterSizes: [...bySize].sort(([a], [b]) => a - b).map(([size, clusters]) => ({ size, clusters })),
    largestClusters: largest,
    conflicts: [...conflicts.values()].sort((a, b) => b.clusters - a.clusters || compareCodePoints(a.field, b.field)),
    unusableValues: clustering.unusable,
  };
}

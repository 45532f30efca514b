import type { IdentityResolutionConfig, SourceRecord } from '../model/identity-resolution.ts';
import { clusterRecords, type Clustering } from './cluster.ts';
import { compareCodePoints } from './code-point-order.ts';
import { Reconciler, type ResolvedIndividual } from './reconcile.ts';
import { buildReport, type IdentityReportFigures } from './report.ts';
import { unifiedIdOf } from './unified-id.ts';

/** The outcome of resolving a set of source records. */
export interface Resolution {
  /** The records, sorted by (source, sourceId) in code-point order. */
  records: SourceRecord[];
  /** In anchor order. */
  individuals: ResolvedIndividual[];
  /** Index in `individuals` of each record's unified individual. */
  individualOf: Int32Array;
  clustering: Clustering;
  report: IdentityReportFigures;
}

/** Orders records by (source, sourceId), code point by code point (SQLite's BINARY order). */
export const compareRecords = (a: SourceRecord, b: SourceRecord): number =>
  compareCodePoints(a.source, b.source) || compareCodePoints(a.sourceId, b.sourceId);

function sortedRecords(records: readonly SourceRecord[]): SourceRecord[] {
  let sorted = true;
  for (let i = 1; i < records.length && sorted; i++)
    if (compareRecords(records[i - 1]!, records[i]!) >= 0) sorted = false;
  const out = sorted ? [...records] : [...records].sort(compareRecords);
  for (let i = 1; i < out.length; i++) {
    if (compareRecords(out[i - 1]!, out[i]!) === 0)
      throw new Error(`resolveIdentities: source record ${out[i]!.source}:${out[i]!.sourceId} appears twice`);
  }
  return out;
}

/**
 * Resolves source records into unified individuals. Deterministic and independent of the order of
 * `records` (which must be unique by (source, sourceId)).
 * 1. Sort the records by (source, sourceId).
 * 2. Cluster them: union-find over the match rules, in rule order.
 * 3. Name each cluster after its smallest record (unifiedIdOf), which stays stable while that record stays in it.
 * 4. Reconcile each cluster's attributes and note its conflicts.
 * 5. Sum it all up in the report's figures.
 */
export function resolveIdentities(records: readonly SourceRecord[], ruleset: IdentityResolutionConfig): Resolution {
  // 1.
  const sorted = sortedRecords(records);
  // 2.
  const clustering = clusterRecords(sorted, ruleset);
  // 3.
  const individuals: ResolvedIndividual[] = [];
  const individualOf = new Int32Array(sorted.length);
  const used = new Set<string>();
  for (let i = 0; i < sorted.length; i++) {
    const anchor = clustering.anchorOf[i]!;
    if (anchor !== i) {
      const k = individualOf[anchor]!;
      individualOf[i] = k;
      individuals[k]!.members.push(i);
      continue;
    }
    const r = sorted[i]!;
    let unifiedId = unifiedIdOf(r.source, r.sourceId);
    for (let attempt = 1; used.has(unifiedId); attempt++) unifiedId = unifiedIdOf(r.source, r.sourceId, attempt);
    used.add(unifiedId);
    individualOf[i] = individuals.length;
    individuals.push({ unifiedId, anchor: i, members: [i], attributes: {}, conflicts: [] });
  }
  // 4.
  const reconciler = new Reconciler(sorted, ruleset);
  for (const ind of individuals) {
    const r = reconciler.reconcile(ind.members);
    ind.attributes = r.attributes;
    ind.conflicts = r.conflicts;
  }
  // 5.
  return {
    records: sorted,
    individuals,
    individualOf,
    clustering,
    report: buildReport(sorted, individuals, clustering, ruleset),
  };
}

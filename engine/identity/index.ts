/**
 * Identity resolution: normalization, matching (union-find over ordered rules), reconciliation of
 * unified attributes, and the report. Pure: records and the ruleset come in, a resolution goes out.
 * See docs/identity-resolution.md.
 */
export { compareCodePoints } from './code-point-order.ts';
export {
  emailProblem,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizePostcode,
  normalizeText,
  normalizeValue,
  phoneProblem,
  textOf,
} from './normalize.ts';
export { clusterRecords, type Clustering, type RuleMatches, type UnusableValues } from './cluster.ts';
export {
  Reconciler,
  type ConflictValue,
  type FieldConflict,
  type ReconciledCluster,
  type ResolvedIndividual,
} from './reconcile.ts';
export { compareRecords, resolveIdentities, type Resolution } from './resolve.ts';
export {
  buildReport,
  LARGEST_CLUSTERS,
  type ConflictSummary,
  type IdentityReportFigures,
  type LargeCluster,
} from './report.ts';
export { parseRecordRef, recordRef, UNIFIED_ID_PREFIX, unifiedIdOf } from './unified-id.ts';
export { fieldOf, isPresent } from './record-fields.ts';
export { checkIdentityResolution, type IdentityPath } from './check-ruleset.ts';

import {
  SOURCE_RECORD_CONTACT_FIELDS,
  type IdentityResolutionConfig,
  type ReconciliationPolicy,
  type SourceRecord,
} from '../model/identity-resolution.ts';
import type { Scalar } from '../model/json.ts';
import { compareCodePoints } from './code-point-order.ts';
import { normalizeEmail, normalizePhone, normalizeText } from './normalize.ts';
import { fieldOf, isPresent } from './record-fields.ts';

/** How one field is reconciled: the policy and the source ranks it uses. */
interface FieldPlan {
  policy: ReconciliationPolicy;
  /** Rank of each listed source (0 = most trusted); unlisted sources rank after all listed ones. */
  rank: ReadonlyMap<string, number>;
}

/** One value of a field inside a cluster, with the records that hold it. */
export interface ConflictValue {
  value: Scalar;
  /** "source:sourceId" of the records holding it (values equal after normalization count as one). */
  records: string[];
}

/** A field whose records disagree inside one cluster. */
export interface FieldConflict {
  field: string;
  chosen: Scalar;
  values: ConflictValue[];
}

/** A reconciled cluster: its unified attributes, which record each came from, its conflicts. */
export interface ReconciledCluster {
  attributes: Record<string, Scalar>;
  /** Field → index (in the sorted records) of the record its value came from. */
  from: Record<string, number>;
  conflicts: FieldConflict[];
}

const ranks = (sources: readonly string[]): ReadonlyMap<string, number> => new Map(sources.map((s, i) => [s, i]));

/**
 * Reconciliation of unified attributes from a cluster's records, per the ruleset: the default
 * policy and its ordered sources, and per-field overrides.
 */
export class Reconciler {
  private readonly defaultPlan: FieldPlan;
  private readonly overrides = new Map<string, FieldPlan>();

  constructor(
    private readonly records: readonly SourceRecord[],
    private readonly ruleset: IdentityResolutionConfig,
  ) {
    const r = ruleset.reconciliation;
    this.defaultPlan = { policy: r.policy, rank: ranks(r.sourcePriority) };
    for (const f of r.fields)
      this.overrides.set(f.field, {
        policy: f.policy,
        rank: f.sourcePriority ? ranks(f.sourcePriority) : this.defaultPlan.rank,
      });
  }

  /**
   * Reconciles one cluster (member indices, ascending). For each field, the records with a value
   * are ordered by the field's policy and the first one wins:
   * - mostRecent: latest updatedAt first (records without one last), then source rank, then (source, sourceId);
   * - sourcePriority: source rank first (unlisted sources last), then latest updatedAt, then (source, sourceId).
   * Fields: email, phone, firstName, lastName, then the attributes in code-point order.
   */
  reconcile(members: readonly number[]): ReconciledCluster {
    if (members.length === 1) return this.single(members[0]!);
    const attributes: Record<string, Scalar> = {};
    const from: Record<string, number> = {};
    const conflicts: FieldConflict[] = [];
    for (const field of this.fieldsOf(members)) {
      const holders = members.filter((i) => isPresent(fieldOf(this.records[i]!, field)));
      if (holders.length === 0) continue;
      const plan = this.overrides.get(field) ?? this.defaultPlan;
      const winner =
        holders.length === 1 ? holders[0]! : holders.reduce((best, i) => (this.before(i, best, plan) ? i : best));
      const value = fieldOf(this.records[winner]!, field)!;
      attributes[field] = value;
      from[field] = winner;
      if (holders.length > 1) {
        const conflict = this.conflictOf(field, holders, value);
        if (conflict) conflicts.push(conflict);
      }
    }
    return { attributes, from, conflicts };
  }

  /** A cluster of one record: its present values, nothing to choose or conflict. */
  private single(i: number): ReconciledCluster {
    const r = this.records[i]!;
    const attributes: Record<string, Scalar> = {};
    const from: Record<string, number> = {};
    for (const field of SOURCE_RECORD_CONTACT_FIELDS) {
      const v = r[field];
      if (!isPresent(v)) continue;
      attributes[field] = v;
      from[field] = i;
    }
    for (const field of Object.keys(r.attributes).sort(compareCodePoints)) {
      const v = r.attributes[field];
      if (!isPresent(v)) continue;
      attributes[field] = v;
      from[field] = i;
    }
    return { attributes, from, conflicts: [] };
  }

  /** The fields a cluster's records have: contact fields first, then attributes in code-point order. */
  private fieldsOf(members: readonly number[]): string[] {
    const attrs = new Set<string>();
    for (const i of members) for (const k of Object.keys(this.records[i]!.attributes)) attrs.add(k);
    return [...SOURCE_RECORD_CONTACT_FIELDS, ...[...attrs].sort(compareCodePoints)];
  }

  /** True when record a's value should win over record b's under the plan. */
  private before(a: number, b: number, plan: FieldPlan): boolean {
    const ra = this.records[a]!;
    const rb = this.records[b]!;
    const byRecency = compareRecency(ra.updatedAt, rb.updatedAt);
    const byRank = (plan.rank.get(ra.source) ?? Infinity) - (plan.rank.get(rb.source) ?? Infinity);
    const first = plan.policy === 'mostRecent' ? byRecency : byRank;
    if (first !== 0) return first < 0;
    const second = plan.policy === 'mostRecent' ? byRank : byRecency;
    if (second !== 0) return second < 0;
    return a < b; // indices follow (source, sourceId) order
  }

  /** The distinct values of a field among its holders, when there are two or more. */
  private conflictOf(field: string, holders: readonly number[], chosen: Scalar): FieldConflict | undefined {
    const byKey = new Map<string, ConflictValue>();
    for (const i of holders) {
      const r = this.records[i]!;
      const v = fieldOf(r, field)!;
      const key = this.comparisonKey(field, v);
      const entry = byKey.get(key);
      if (entry) entry.records.push(`${r.source}:${r.sourceId}`);
      else byKey.set(key, { value: v, records: [`${r.source}:${r.sourceId}`] });
    }
    return byKey.size > 1 ? { field, chosen, values: [...byKey.values()] } : undefined;
  }

  /** Values that normalize alike ("JANE@X.COM" and "jane@x.com") are not a conflict. */
  private comparisonKey(field: string, v: Scalar): string {
    if (typeof v !== 'string') return JSON.stringify(v);
    const n = this.ruleset.normalization;
    if (field === 'email') return normalizeEmail(v, n) ?? normalizeText(v) ?? v;
    if (field === 'phone') return normalizePhone(v, n) ?? v.replace(/\D/g, '');
    return normalizeText(v) ?? v;
  }
}

/** Negative when a is more recent than b; a missing time is the oldest. */
function compareRecency(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a > b ? -1 : 1;
}

/** One unified individual of a resolution. */
export interface ResolvedIndividual {
  unifiedId: string;
  /** Index (in `records`) of the cluster's smallest record, whose (source, sourceId) names it. */
  anchor: number;
  /** Indices of its records, ascending. */
  members: number[];
  attributes: Record<string, Scalar>;
  conflicts: FieldConflict[];
}

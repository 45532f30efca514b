import type { IdentityResolutionConfig, MatchRule, Normalizer, SourceRecord } from '../model/identity-resolution.ts';
import { normalizeValue } from './normalize.ts';
import { fieldOf, isPresent } from './record-fields.ts';
import { UnionFind } from './union-find.ts';

/** What one match rule did. */
export interface RuleMatches {
  name: string;
  active: boolean;
  /** Merges this rule made: clusters it joined that earlier rules had left apart. */
  links: number;
  /** Records sharing this rule's key with at least one other record. */
  matchedRecords: number;
}

/** Values present in a criterion field that its normalizer could not use (e.g. "jane@" as an email). */
export interface UnusableValues {
  field: string;
  normalize: Normalizer;
  records: number;
  /** Up to three, as "source:sourceId = value". */
  examples: string[];
}

/** The clusters of a set of records (sorted by source, sourceId) and why each record is in its cluster. */
export interface Clustering {
  /** The anchor (smallest member index) of each record's cluster. */
  anchorOf: Int32Array;
  /** The first rule (index in matchRules) under which each record shares its key with another record; -1 for none. */
  ruleOf: Int32Array;
  /** The smallest other record sharing that key; -1 for none. */
  matchedWith: Int32Array;
  rules: RuleMatches[];
  unusable: UnusableValues[];
}

const KEY_SEPARATOR = '\u0001';

/**
 * The normalized values of every (field, normalizer) pair the active rules use, computed once per
 * pair (rules often share one), with the values present but unusable for matching.
 */
function normalizedColumns(
  records: readonly SourceRecord[],
  ruleset: IdentityResolutionConfig,
): { columns: Map<string, (string | undefined)[]>; unusable: UnusableValues[] } {
  const columns = new Map<string, (string | undefined)[]>();
  const unusable: UnusableValues[] = [];
  for (const rule of ruleset.matchRules) {
    if (!rule.active) continue;
    for (const c of rule.criteria) {
      const pair = pairKey(c.field, c.normalize);
      if (columns.has(pair)) continue;
      const values: (string | undefined)[] = new Array(records.length);
      const u: UnusableValues = { field: c.field, normalize: c.normalize, records: 0, examples: [] };
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        const raw = fieldOf(r, c.field);
        const v = isPresent(raw) ? normalizeValue(c.normalize, raw, ruleset.normalization) : undefined;
        values[i] = v;
        if (v === undefined && isPresent(raw)) {
          u.records++;
          if (u.examples.length < 3) u.examples.push(`${r.source}:${r.sourceId} = ${JSON.stringify(raw)}`);
        }
      }
      columns.set(pair, values);
      if (u.records > 0) unusable.push(u);
    }
  }
  return { columns, unusable };
}

const pairKey = (field: string, normalize: Normalizer): string => `${field}\u0000${normalize}`;

/** A rule's match key of record i: its normalized criteria, or undefined when one is missing. */
function keyOf(i: number, rule: MatchRule, columns: Map<string, (string | undefined)[]>): string | undefined {
  if (rule.criteria.length === 1) return columns.get(pairKey(rule.criteria[0]!.field, rule.criteria[0]!.normalize))![i];
  const parts: string[] = [];
  for (const c of rule.criteria) {
    const v = columns.get(pairKey(c.field, c.normalize))![i];
    if (v === undefined) return undefined;
    parts.push(v);
  }
  return parts.join(KEY_SEPARATOR);
}

/**
 * Clusters records by the ruleset's match rules: union-find over exact matches of normalized keys,
 * rule by rule in order. Records must be sorted by (source, sourceId) — the result (clusters,
 * anchors, per-rule figures, each record's rule) then depends on the set of records only, never on
 * the order they arrived in. Matching is transitive: a~b by email and b~c by phone puts a, b and c
 * in one cluster.
 */
export function clusterRecords(records: readonly SourceRecord[], ruleset: IdentityResolutionConfig): Clustering {
  const n = records.length;
  const uf = new UnionFind(n);
  const ruleOf = new Int32Array(n).fill(-1);
  const matchedWith = new Int32Array(n).fill(-1);
  const rules: RuleMatches[] = [];
  const { columns, unusable } = normalizedColumns(records, ruleset);

  ruleset.matchRules.forEach((rule, ri) => {
    if (!rule.active) {
      rules.push({ name: rule.name, active: false, links: 0, matchedRecords: 0 });
      return;
    }
    // 1. Group records by key; the group's first member is its smallest record.
    const keys: (string | undefined)[] = new Array(n);
    const groups = new Map<string, { first: number; second: number; size: number }>();
    let links = 0;
    for (let i = 0; i < n; i++) {
      const k = keyOf(i, rule, columns);
      keys[i] = k;
      if (k === undefined) continue;
      const g = groups.get(k);
      if (!g) groups.set(k, { first: i, second: -1, size: 1 });
      else {
        if (g.second < 0) g.second = i;
        g.size++;
        // 2. Join the record's cluster to the group's.
        if (uf.union(g.first, i)) links++;
      }
    }
    // 3. Note, for records met by no earlier rule, this rule and their match.
    let matchedRecords = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (k === undefined) continue;
      const g = groups.get(k)!;
      if (g.size < 2) continue;
      matchedRecords++;
      if (ruleOf[i] === -1) {
        ruleOf[i] = ri;
        matchedWith[i] = g.first === i ? g.second : g.first;
      }
    }
    rules.push({ name: rule.name, active: true, links, matchedRecords });
  });

  const anchorOf = new Int32Array(n);
  for (let i = 0; i < n; i++) anchorOf[i] = uf.find(i);
  return { anchorOf, ruleOf, matchedWith, rules, unusable };
}

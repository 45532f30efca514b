import { RESERVED_PROFILE_NAMES } from '../model/data-graph.ts';
import type { DataSpaceConfig } from '../model/config.ts';
import type { Problem } from '../model/errors.ts';
import { SOURCE_RECORD_CONTACT_FIELDS } from '../model/identity-resolution.ts';
import { didYouMean } from '../model/suggest.ts';

/** Builds the JSON path of a part of the data space's `identityResolution`. */
export type IdentityPath = (...rest: (string | number)[]) => string;

const NOT_MATCHABLE: Record<string, string> = {
  source: 'every record of a source shares it',
  updatedAt: 'it says when a record changed, not who it is',
};
const NOT_RECONCILED: Record<string, string> = {
  source: 'it is a column of source records, not an attribute of unified individuals',
  sourceId: 'it is a column of source records, not an attribute of unified individuals',
  updatedAt: 'it is a column of source records, not an attribute of unified individuals',
};

function duplicates<T>(items: readonly T[], keyOf: (t: T) => string, report: (i: number, first: number) => void): void {
  const seen = new Map<string, number>();
  items.forEach((t, i) => {
    const k = keyOf(t);
    const first = seen.get(k);
    if (first !== undefined) report(i, first);
    else seen.set(k, i);
  });
}

/**
 * Checks a data space's identity resolution ruleset beyond its shape: unique rule names and
 * fields, fields that can be matched and reconciled, source lists the policies need. Fields that
 * neither source records nor the profile data graph define are warnings (records may still carry
 * them as attributes). Adds located problems to `errors` and `warnings`.
 */
export function checkIdentityResolution(
  space: DataSpaceConfig,
  at: IdentityPath,
  errors: Problem[],
  warnings: Problem[],
): void {
  const ir = space.identityResolution;
  if (!ir) return;
  const graphFields = space.profileDataGraphs[0]?.fields.map((f) => f.name) ?? [];
  const known = [...new Set<string>([...SOURCE_RECORD_CONTACT_FIELDS, ...graphFields])];
  const unknownField = (field: string): string | undefined =>
    known.includes(field)
      ? undefined
      : `"${field}" is neither a source-record column (${SOURCE_RECORD_CONTACT_FIELDS.join(', ')}) nor a field of the profile data graph${didYouMean(field, known)}; records without it never match on it`;

  // 1. Match rules.
  duplicates(
    ir.matchRules,
    (r) => r.name,
    (i, first) =>
      errors.push({
        path: at('matchRules', i, 'name'),
        message: `duplicate match rule "${ir.matchRules[i]!.name}" (first defined at ${at('matchRules', first, 'name')})`,
      }),
  );
  const signatures = new Map<string, string>();
  ir.matchRules.forEach((rule, ri) => {
    duplicates(
      rule.criteria,
      (c) => c.field,
      (ci) =>
        errors.push({
          path: at('matchRules', ri, 'criteria', ci, 'field'),
          message: `field "${rule.criteria[ci]!.field}" appears twice in match rule ${rule.name}`,
        }),
    );
    rule.criteria.forEach((c, ci) => {
      const why = NOT_MATCHABLE[c.field];
      if (why)
        errors.push({
          path: at('matchRules', ri, 'criteria', ci, 'field'),
          message: `cannot match on "${c.field}": ${why}`,
        });
      else if (c.field !== 'sourceId') {
        const w = unknownField(c.field);
        if (w) warnings.push({ path: at('matchRules', ri, 'criteria', ci, 'field'), message: w });
      }
    });
    if (!rule.active) return;
    const signature = rule.criteria
      .map((c) => `${c.field}/${c.normalize}`)
      .sort()
      .join(',');
    const same = signatures.get(signature);
    if (same !== undefined)
      warnings.push({
        path: at('matchRules', ri),
        message: `match rule ${rule.name} matches exactly what rule ${same} matches; it will link nothing more`,
      });
    else signatures.set(signature, rule.name);
  });
  if (ir.matchRules.every((r) => !r.active))
    warnings.push({
      path: at('matchRules'),
      message: 'every match rule is inactive: each source record becomes its own unified individual',
    });

  // 2. Reconciliation.
  const rec = ir.reconciliation;
  duplicates(
    rec.sourcePriority,
    (s) => s,
    (i) =>
      errors.push({
        path: at('reconciliation', 'sourcePriority', i),
        message: `source "${rec.sourcePriority[i]}" is listed twice`,
      }),
  );
  if (rec.policy === 'sourcePriority' && rec.sourcePriority.length === 0)
    errors.push({
      path: at('reconciliation', 'sourcePriority'),
      message: 'the sourcePriority policy needs the ordered list of sources (most trusted first)',
    });
  duplicates(
    rec.fields,
    (f) => f.field,
    (i, first) =>
      errors.push({
        path: at('reconciliation', 'fields', i, 'field'),
        message: `field "${rec.fields[i]!.field}" has two overrides (first at ${at('reconciliation', 'fields', first, 'field')})`,
      }),
  );
  rec.fields.forEach((f, fi) => {
    const why =
      NOT_RECONCILED[f.field] ??
      ((RESERVED_PROFILE_NAMES as readonly string[]).includes(f.field)
        ? `"${f.field}" is reserved in the profile document (${RESERVED_PROFILE_NAMES.join(', ')})`
        : undefined);
    if (why)
      errors.push({
        path: at('reconciliation', 'fields', fi, 'field'),
        message: `cannot reconcile "${f.field}": ${why}`,
      });
    else {
      const w = unknownField(f.field);
      if (w) warnings.push({ path: at('reconciliation', 'fields', fi, 'field'), message: w });
    }
    if (f.sourcePriority)
      duplicates(
        f.sourcePriority,
        (s) => s,
        (i) =>
          errors.push({
            path: at('reconciliation', 'fields', fi, 'sourcePriority', i),
            message: `source "${f.sourcePriority![i]}" is listed twice`,
          }),
      );
    if (f.policy === 'sourcePriority' && (f.sourcePriority ?? rec.sourcePriority).length === 0)
      errors.push({
        path: at('reconciliation', 'fields', fi, 'sourcePriority'),
        message: `field ${f.field} uses the sourcePriority policy but no sources are listed (here or in reconciliation.sourcePriority)`,
      });
  });
}

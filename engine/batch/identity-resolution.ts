import { fail, ok, type Result } from '../model/errors.ts';
import {
  DEFAULT_IDENTITY_RESOLUTION,
  SOURCE_RECORD_CONTACT_FIELDS,
  type DataSpaceConfig,
  type FieldDef,
  type IdentityResolutionConfig,
  type Scalar,
  type SourceRecord,
  type WorkspaceConfig,
} from '../model/index.ts';
import { isoOf } from '../model/time.ts';
import { resolveIdentities, type FieldConflict, type IdentityReportFigures } from '../identity/index.ts';
import { validateConfig } from '../config/validate.ts';
import {
  inferFieldType,
  type LinkedSourceRecord,
  type StoredSourceRecord,
  type WorkspaceStore,
} from '../store/index.ts';

/** The report of one resolution: its figures, what it changed, and the ruleset it used. */
export interface IdentityReport extends IdentityReportFigures {
  dataSpace: string;
  resolutionId: number;
  resolvedAt: string;
  /** The config revision whose ruleset was used. */
  configRevision: number | null;
  /** True when the data space's config has no ruleset and the default one was used. */
  defaultRuleset: boolean;
  ruleset: IdentityResolutionConfig;
  changes: { created: number; updated: number; unchanged: number; retired: number; eventsMoved: number };
  /** Fields added to the profile data graph for reconciled attributes it did not define. */
  addedFields: FieldDef[];
  /** The config revision saved with the added fields, or null. */
  addedFieldsRevision: number | null;
  previous: { resolutionId: number; resolvedAt: string; records: number; individuals: number } | null;
}

/** Source records of one unified individual, with how the current ruleset reconciles them. */
export interface UnifiedIndividualRecords {
  unifiedId: string;
  attributes: Record<string, Scalar>;
  records: LinkedSourceRecord[];
  /** Field → "source:sourceId" of the record its value comes from under the current ruleset. */
  provenance: Record<string, string>;
  conflicts: FieldConflict[];
}

/** Records read between two yields to the event loop (and progress reports) while loading. */
const LOAD_BATCH = 10_000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The ruleset in force for a data space: its own, or the default one. */
export const rulesetOf = (space: DataSpaceConfig): IdentityResolutionConfig =>
  space.identityResolution ?? DEFAULT_IDENTITY_RESOLUTION;

/** The data space a resolution writes into: the config it reads its ruleset from, and where that space sits. */
export interface ResolutionTarget {
  revision: number;
  config: WorkspaceConfig;
  index: number;
  space: DataSpaceConfig;
  spaceId: number;
}

/** Cancel, progress and the clock that stamps the resolution. */
export interface ResolutionControl {
  signal?: AbortSignal;
  progress?: (p: { done: number; total: number | null; message?: string }) => void;
  /** Wall clock for `resolvedAt` (tests inject one). */
  now?: () => number;
}

/** Types of reconciled attributes the profile data graph does not define: contact fields are text, others inferred from their values. */
function fieldsToAdd(
  records: readonly SourceRecord[],
  graphFields: readonly FieldDef[],
  attributeNames: ReadonlySet<string>,
): FieldDef[] {
  const defined = new Set(graphFields.map((f) => f.name));
  const added: FieldDef[] = [];
  for (const name of attributeNames) {
    if (defined.has(name)) continue;
    if ((SOURCE_RECORD_CONTACT_FIELDS as readonly string[]).includes(name)) {
      added.push({ name, type: 'string' });
      continue;
    }
    const values: Scalar[] = [];
    for (const r of records) {
      const v = r.attributes[name];
      if (v !== undefined && v !== null) values.push(v);
      if (values.length >= 1000) break;
    }
    added.push({ name, type: inferFieldType(values) });
  }
  return added;
}

/**
 * Resolves a data space's source records into unified individuals and writes them, all or nothing.
 * 1. Load the records in (source, sourceId) order, yielding to the event loop between batches.
 * 2. Resolve (engine/identity): clusters, unified ids, reconciled attributes, the report's figures.
 * 3. Add fields the profile data graph lacks for the reconciled attributes (a new config revision,
 *    validated first), as imports do.
 * 4. Write individuals, retirements, the mapping, the resolution and the config in one transaction.
 */
export async function runResolution(
  store: WorkspaceStore,
  target: ResolutionTarget,
  control: ResolutionControl = {},
): Promise<Result<IdentityReport>> {
  const input = { dataSpace: target.space.apiName };
  const s = { data: target };
  const { space, spaceId } = target;
  const graph = space.profileDataGraphs[0];
  if (!graph)
    return fail(
      'ConfigurationMissing',
      `data space ${input.dataSpace} has no profile data graph to write unified individuals into`,
    );
  const ruleset = rulesetOf(space);
  const progress = control.progress ?? (() => undefined);
  const cancelled = (): Result<IdentityReport> =>
    fail('Cancelled', `identity resolution of ${input.dataSpace} cancelled; nothing was written`);

  // 1.
  const version = store.identity.sourceRecordsVersion(spaceId);
  const total = store.identity.countSourceRecords(spaceId);
  if (total === 0)
    return fail(
      'InvalidRequest',
      `data space ${input.dataSpace} has no source records; import some first: workbench import <ws> source-records records.csv`,
    );
  const records: StoredSourceRecord[] = [];
  progress({ done: 0, total, message: 'loading source records' });
  for (const r of store.identity.iterateSourceRecords(spaceId)) {
    records.push(r);
    if (records.length % LOAD_BATCH === 0) {
      progress({ done: records.length, total, message: 'loading source records' });
      await yieldToEventLoop();
      if (control.signal?.aborted) return cancelled();
    }
  }
  if (control.signal?.aborted) return cancelled();

  // 2.
  progress({ done: records.length, total, message: 'matching and reconciling' });
  await yieldToEventLoop();
  const resolution = resolveIdentities(records, ruleset);
  await yieldToEventLoop();
  if (control.signal?.aborted) return cancelled();
  const sorted = resolution.records as StoredSourceRecord[];

  // 3.
  const attributeNames = new Set<string>();
  for (const ind of resolution.individuals) for (const k of Object.keys(ind.attributes)) attributeNames.add(k);
  const addedFields = fieldsToAdd(sorted, graph.fields, attributeNames);
  let config: { json: unknown; note: string } | undefined;
  if (addedFields.length > 0) {
    const next = structuredClone(s.data.config);
    next.dataSpaces[s.data.index]!.profileDataGraphs[0]!.fields.push(...addedFields);
    const individualsBySpace = Object.fromEntries(store.listDataSpaces().map((d) => [d.apiName, d.individuals]));
    const check = validateConfig(next, { individualsBySpace });
    if (!check.config) {
      return fail(
        'InvalidInput',
        `adding ${addedFields.map((f) => f.name).join(', ')} to profile data graph ${graph.apiName} makes the configuration invalid: ${check.errors[0]!.path} ${check.errors[0]!.message}; nothing was written`,
        {
          problems: check.errors,
          problemCount: check.errors.length,
        },
      );
    }
    config = {
      json: check.config,
      note: `identity resolution: added fields ${addedFields.map((f) => f.name).join(', ')}`,
    };
  }

  // 4.
  progress({ done: records.length, total, message: 'writing unified individuals' });
  const previous = store.identity.latestResolution(spaceId);
  const resolvedAt = isoOf(control.now?.() ?? Date.now());
  const base = {
    dataSpace: input.dataSpace,
    resolvedAt,
    configRevision: s.data.revision,
    defaultRuleset: space.identityResolution === undefined,
    ruleset,
    ...resolution.report,
    addedFields,
    previous: previous
      ? {
          resolutionId: previous.id,
          resolvedAt: previous.resolvedAt,
          records: previous.records,
          individuals: previous.individuals,
        }
      : null,
  };
  let changes: IdentityReport['changes'] = { created: 0, updated: 0, unchanged: 0, retired: 0, eventsMoved: 0 };
  const applied = store.identity.applyResolution(spaceId, {
    resolvedAt,
    configRevision: s.data.revision,
    ruleset,
    sourceRecordsVersion: version,
    individuals: resolution.individuals.map((ind) => ({
      unifiedId: ind.unifiedId,
      anchorPk: sorted[ind.anchor]!.pk,
      records: ind.members.length,
      attributesJson: JSON.stringify(ind.attributes),
    })),
    links: sorted.map((r, i) => {
      const rule = resolution.clustering.ruleOf[i]!;
      const matched = resolution.clustering.matchedWith[i]!;
      return {
        recordPk: r.pk,
        unifiedId: resolution.individuals[resolution.individualOf[i]!]!.unifiedId,
        rule: rule >= 0 ? ruleset.matchRules[rule]!.name : null,
        matchedPk: matched >= 0 ? sorted[matched]!.pk : null,
      };
    }),
    report: (c) => {
      changes = {
        created: c.created,
        updated: c.updated,
        unchanged: c.unchanged,
        retired: c.retired,
        eventsMoved: c.eventsMoved,
      };
      return { ...base, changes, addedFieldsRevision: c.configRevision };
    },
    ...(config ? { config } : {}),
  });
  if (!applied.ok) return applied;
  progress({ done: records.length, total, message: 'done' });
  return ok({
    ...base,
    resolutionId: applied.data.resolutionId,
    changes,
    addedFieldsRevision: applied.data.configRevision,
  });
}

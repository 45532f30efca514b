import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import type { IdentityResolutionConfig, DataSpaceConfig, WorkspaceConfig } from '../../model/index.ts';
import { Reconciler, recordRef } from '../../identity/index.ts';
import type { LinkedSourceRecord } from '../../store/index.ts';
import {
  rulesetOf,
  runResolution,
  type IdentityReport,
  type ResolutionControl,
  type UnifiedIndividualRecords,
} from '../../batch/identity-resolution.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import type { JobProgress, JobType } from '../jobs.ts';
import { defineOperation, jobIdOutput, shape } from '../operation.ts';

/** The jobs this module starts: a resolution counts source records and ends with its report. */
export interface IdentityJobs {
  'identity.resolve': JobType<JobProgress<never>, IdentityReport>;
}

/** The data space's config, index and store id. */
function spaceOf(
  ctx: ServiceContext,
  dataSpace: string,
): Result<{ revision: number; config: WorkspaceConfig; index: number; space: DataSpaceConfig; spaceId: number }> {
  const cfg = ctx.sources.config();
  if (!cfg.ok) return cfg;
  const index = cfg.data.config.dataSpaces.findIndex((s) => s.apiName === dataSpace);
  const spaceId = ctx.store.dataSpaceId(dataSpace);
  if (index < 0 || spaceId === undefined) {
    const known = cfg.data.config.dataSpaces.map((s) => s.apiName).join(', ');
    return fail('DataSpaceNotFound', `data space "${dataSpace}" does not exist (known: ${known})`, {
      path: '$.dataSpace',
    });
  }
  return ok({
    revision: cfg.data.revision,
    config: cfg.data.config,
    index,
    space: cfg.data.config.dataSpaces[index]!,
    spaceId,
  });
}

/** The latest resolution's report, as stored. */
function storedReport(ctx: ServiceContext, spaceId: number): IdentityReport | null {
  const latest = ctx.store.identity.latestResolution(spaceId);
  return latest ? { ...(latest.report as Omit<IdentityReport, 'resolutionId'>), resolutionId: latest.id } : null;
}

/** Resolves a data space's source records (engine/batch/identity-resolution.ts), then drops what the sources derived from the old individuals. */
export async function resolveDataSpace(
  ctx: ServiceContext,
  dataSpace: string,
  control: { signal?: AbortSignal; progress?: ResolutionControl['progress'] } = {},
): Promise<Result<IdentityReport>> {
  const s = spaceOf(ctx, dataSpace);
  if (!s.ok) return s;
  const report = await runResolution(ctx.store, s.data, { ...control, now: ctx.now });
  ctx.sources.invalidate();
  return report;
}

const DataSpaceInput = z.object({ dataSpace: z.string().default('default') });

export const identityOps = {
  'identity.resolve': defineOperation({
    summary:
      "Starts identity resolution of a data space's source records (a job with progress); its result is the report.",
    input: DataSpaceInput,
    output: z.object({ jobId: jobIdOutput('identity.resolve') }),
    handler: (ctx, { dataSpace }) => {
      const s = spaceOf(ctx, dataSpace);
      if (!s.ok) return s;
      const busy = writeConflict(ctx, 'job');
      if (busy) return fail('Conflict', busy);
      const job = ctx.jobs.start('identity.resolve', `identity resolution of ${dataSpace}`, (control) =>
        resolveDataSpace(ctx, dataSpace, control),
      );
      return ok({ jobId: job.id });
    },
  }),
  'identity.report': defineOperation({
    summary:
      'The latest identity resolution report of a data space (records in, individuals out, consolidation rate, matches per rule, conflicts, largest clusters), and how many records await resolution.',
    input: DataSpaceInput,
    output: z.object({
      report: shape<IdentityReport | null>('IdentityReport'),
      sourceRecords: z.number(),
      unresolvedRecords: z.number(),
      resolutions: z.array(
        shape<{ id: number; resolvedAt: string; records: number; individuals: number }>('resolution'),
      ),
    }),
    handler: (ctx, { dataSpace }) => {
      const s = spaceOf(ctx, dataSpace);
      if (!s.ok) return s;
      const id = s.data.spaceId;
      return ok({
        report: storedReport(ctx, id),
        sourceRecords: ctx.store.identity.countSourceRecords(id),
        unresolvedRecords: ctx.store.identity.countUnresolved(id),
        resolutions: ctx.store.identity
          .listResolutions(id)
          .map(({ id: rid, resolvedAt, records, individuals }) => ({ id: rid, resolvedAt, records, individuals })),
      });
    },
  }),
  'identity.ruleset': defineOperation({
    summary: "The identity resolution ruleset in force for a data space (its config's, or the default).",
    input: DataSpaceInput,
    output: z.object({ ruleset: shape<IdentityResolutionConfig>('IdentityResolutionConfig'), isDefault: z.boolean() }),
    handler: (ctx, { dataSpace }) => {
      const s = spaceOf(ctx, dataSpace);
      if (!s.ok) return s;
      return ok({ ruleset: rulesetOf(s.data.space), isDefault: s.data.space.identityResolution === undefined });
    },
  }),
  'identity.records': defineOperation({
    summary:
      'A page of source records with the unified individual each resolved to and the rule that linked it; filter by unified id or a search text.',
    input: DataSpaceInput.extend({
      unifiedId: z.string().min(1).optional(),
      search: z.string().optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({ total: z.number(), rows: z.array(shape<LinkedSourceRecord>('LinkedSourceRecord')) }),
    handler: (ctx, { dataSpace, unifiedId, search, offset, limit }) => {
      const s = spaceOf(ctx, dataSpace);
      if (!s.ok) return s;
      return ok(
        ctx.store.identity.listSourceRecords(s.data.spaceId, {
          offset,
          limit,
          ...(unifiedId !== undefined ? { unifiedId } : {}),
          ...(search ? { search } : {}),
        }),
      );
    },
  }),
  'identity.individual': defineOperation({
    summary:
      "A unified individual's source records, the rule that linked each, and which record each attribute comes from under the current ruleset.",
    input: DataSpaceInput.extend({ unifiedId: z.string().min(1) }),
    output: shape<UnifiedIndividualRecords>('UnifiedIndividualRecords'),
    handler: (ctx, { dataSpace, unifiedId }) => {
      const s = spaceOf(ctx, dataSpace);
      if (!s.ok) return s;
      const { rows } = ctx.store.identity.listSourceRecords(s.data.spaceId, { offset: 0, limit: 100_000, unifiedId });
      if (rows.length === 0)
        return fail(
          'NotFound',
          `"${unifiedId}" is not a unified individual of the latest identity resolution of ${dataSpace}`,
          { field: 'unifiedId' },
        );
      const r = new Reconciler(rows, rulesetOf(s.data.space)).reconcile(rows.map((_, i) => i));
      const provenance: Record<string, string> = {};
      for (const [field, i] of Object.entries(r.from)) provenance[field] = recordRef(rows[i]!);
      return ok({
        unifiedId,
        attributes: ctx.store.getIndividual(s.data.spaceId, unifiedId)?.attributes ?? {},
        records: rows,
        provenance,
        conflicts: r.conflicts,
      });
    },
  }),
};

import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import type { FieldDef, WorkspaceConfig } from '../../model/index.ts';
import type { ImportProgress, ImportReport } from '../../store/index.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import type { JobControl, JobId, JobProgress, JobType } from '../jobs.ts';
import { defineOperation, jobIdOutput } from '../operation.ts';
import { saveConfig } from './config.ts';

export const ImportKind = z.enum(['profiles', 'items', 'events', 'source-records']);

/** An import job's counters: the data rows read so far (done/total count the file's bytes). */
export type ImportJobCounters = { rows: number };
export type ImportJobProgress = JobProgress<ImportJobCounters>;

/** What an import did: rows read, inserted and updated, and the fields it added to the data graph. */
export interface ImportOutcome extends ImportReport {
  addedFields: FieldDef[];
  /** The config revision that added them, or null when the file brought no new field. */
  configRevision: number | null;
}

/** The jobs this module starts. */
export interface ImportJobs {
  import: JobType<ImportJobProgress, ImportOutcome>;
}

/** The data space's config and the profile / item graph an import fills. */
function graphsFor(
  ctx: ServiceContext,
  dataSpace: string,
): Result<{ config: WorkspaceConfig; spaceIndex: number; spaceId: number }> {
  const cfg = ctx.sources.config();
  if (!cfg.ok) return cfg;
  const spaceIndex = cfg.data.config.dataSpaces.findIndex((s) => s.apiName === dataSpace);
  const spaceId = ctx.store.dataSpaceId(dataSpace);
  if (spaceIndex < 0 || spaceId === undefined)
    return fail('DataSpaceNotFound', `data space "${dataSpace}" does not exist`, { path: '$.dataSpace' });
  return ok({ config: cfg.data.config, spaceIndex, spaceId });
}

/** An import's progress as a job's: bytes of the file for the bar, rows read as the counter. */
function progressOf(p: ImportProgress, seconds: number): ImportJobProgress {
  const rate = seconds > 0 ? p.bytes / seconds : 0;
  return {
    done: p.bytes,
    total: p.totalBytes,
    rate,
    etaSeconds: rate > 0 ? (p.totalBytes - p.bytes) / rate : null,
    message: `${p.rows.toLocaleString('en-US')} rows read`,
    counters: { rows: p.rows },
  };
}

type ImportInput = { kind: z.infer<typeof ImportKind>; file: string; name?: string | undefined; dataSpace: string };

/**
 * Starts importing profiles, items, events or source records as a job (all or nothing). Columns the
 * data graph does not define yet are typed from the data and added to the graph in a new config
 * revision, so rules can use them.
 */
function startImport(ctx: ServiceContext, input: ImportInput): Result<{ jobId: JobId<'import'> }> {
  const shown = input.name ?? input.file;
  if (ctx.store.readonly)
    return fail('InvalidRequest', `${ctx.store.file} is open read-only; cannot import ${shown}`, { file: shown });
  const g = graphsFor(ctx, input.dataSpace);
  if (!g.ok) return g;
  const space = g.data.config.dataSpaces[g.data.spaceIndex]!;
  // Source records carry profile attributes: they are typed by (and add fields to) the profile data graph.
  const profileKind = input.kind === 'profiles' || input.kind === 'source-records';
  const graph = profileKind ? space.profileDataGraphs[0] : input.kind === 'items' ? space.itemDataGraphs[0] : undefined;
  if (input.kind !== 'events' && !graph)
    return fail(
      'ConfigurationMissing',
      `data space ${input.dataSpace} has no ${profileKind ? 'profile' : 'item'} data graph to import into`,
    );
  const busy = writeConflict(ctx, 'import');
  if (busy) return fail('Conflict', `${shown}: not imported — ${busy}`, { file: shown });
  const { config, spaceIndex, spaceId } = g.data;

  const work = async (control: JobControl<ImportJobProgress>): Promise<Result<ImportOutcome>> => {
    const started = ctx.monotonic();
    const r = await ctx.store.importFile(spaceId, input.kind, input.file, {
      fields: graph?.fields ?? [],
      inferUndeclared: true,
      signal: control.signal,
      ...(input.name !== undefined ? { name: input.name } : {}),
      onProgress: (p) => control.progress(progressOf(p, (ctx.monotonic() - started) / 1000)),
    });
    ctx.sources.invalidate();
    if (!r.ok) return r;
    let configRevision: number | null = null;
    if (r.data.inferredFields.length > 0 && graph) {
      const next = structuredClone(config);
      const target = next.dataSpaces[spaceIndex]!;
      const list = profileKind ? target.profileDataGraphs[0]!.fields : target.itemDataGraphs[0]!.fields;
      list.push(...r.data.inferredFields);
      const saved = saveConfig(
        ctx,
        next,
        `import of ${shown}: added fields ${r.data.inferredFields.map((f) => f.name).join(', ')}`,
      );
      if (!saved.ok) return saved;
      configRevision = saved.data.revision;
    }
    return ok({ ...r.data, addedFields: r.data.inferredFields, configRevision }, r.warnings);
  };
  const job = ctx.jobs.start('import', `import of ${input.kind} from ${shown}`, work);
  return ok({ jobId: job.id });
}

export const importOps = {
  'import.start': defineOperation({
    summary:
      'Starts importing a CSV, JSON or JSONL file of profiles, items, events or source records into a data space, as a job: progress as the file is read, then the report; all or nothing (a bad row or a cancel imports nothing).',
    input: z.object({
      kind: ImportKind,
      file: z.string().min(1),
      name: z
        .string()
        .min(1)
        .optional()
        .describe('how messages and the report name the file (an upload: its own name; default: file)'),
      dataSpace: z.string().default('default'),
    }),
    output: z.object({ jobId: jobIdOutput('import') }),
    handler: (ctx, input) => startImport(ctx, input),
  }),
};

import { z } from 'zod';
import { fail, ok, type Result } from '../../model/errors.ts';
import type { FieldDef, Individual, Item, ProfileDocument, WorkspaceConfig } from '../../model/index.ts';
import { isoOf, parseIsoTime } from '../../model/time.ts';
import type { ImportReport } from '../../store/index.ts';
import { defineOperation, shape } from '../operation.ts';
import { writeConflict, type ServiceContext } from '../context.ts';
import { saveConfig } from './config.ts';

export const ImportKind = z.enum(['profiles', 'items', 'events', 'source-records']);

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

/**
 * Imports profiles, items or events (all or nothing). Columns the data graph does not define yet are
 * typed from the data and added to the graph in a new config revision, so rules can use them.
 */
async function importData(
  ctx: ServiceContext,
  input: { kind: z.infer<typeof ImportKind>; file: string; dataSpace: string },
  signal: AbortSignal | undefined,
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void,
): Promise<Result<ImportReport & { addedFields: FieldDef[]; configRevision: number | null }>> {
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
  if (busy) return fail('Conflict', `${input.file}: not imported — ${busy}`, { file: input.file });
  ctx.imports++;
  let r: Awaited<ReturnType<typeof ctx.store.importFile>>;
  try {
    r = await ctx.store.importFile(g.data.spaceId, input.kind, input.file, {
      fields: graph?.fields ?? [],
      inferUndeclared: true,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    ctx.imports--;
  }
  ctx.sources.invalidate();
  if (!r.ok) return r;
  let configRevision: number | null = null;
  if (r.data.inferredFields.length > 0 && graph) {
    const config = structuredClone(g.data.config);
    const target = config.dataSpaces[g.data.spaceIndex]!;
    const list = profileKind ? target.profileDataGraphs[0]!.fields : target.itemDataGraphs[0]!.fields;
    list.push(...r.data.inferredFields);
    const saved = saveConfig(
      ctx,
      config,
      `import of ${input.file}: added fields ${r.data.inferredFields.map((f) => f.name).join(', ')}`,
    );
    if (!saved.ok) return saved;
    configRevision = saved.data.revision;
  }
  return ok({ ...r.data, addedFields: r.data.inferredFields, configRevision });
}

export const dataOps = {
  'data.import': defineOperation({
    summary:
      'Imports a CSV, JSON or JSONL file of profiles, items, events or source records into a data space; all or nothing.',
    input: z.object({ kind: ImportKind, file: z.string().min(1), dataSpace: z.string().default('default') }),
    output: shape<ImportReport & { addedFields: FieldDef[]; configRevision: number | null }>('ImportReport'),
    handler: (ctx, input, signal) => importData(ctx, input, signal),
  }),
  'individuals.list': defineOperation({
    summary: 'A page of unified individuals, optionally filtered by a search text (id, name, email).',
    input: z.object({
      dataSpace: z.string().default('default'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      search: z.string().optional(),
    }),
    output: z.object({ total: z.number(), rows: z.array(shape<Individual>('Individual')) }),
    handler: (ctx, { dataSpace, offset, limit, search }) => {
      const id = ctx.store.dataSpaceId(dataSpace);
      if (id === undefined) return fail('DataSpaceNotFound', `data space "${dataSpace}" does not exist`);
      return ok(ctx.store.listIndividuals(id, { offset, limit, ...(search ? { search } : {}) }));
    },
  }),
  'individuals.profile': defineOperation({
    summary:
      "An individual's materialized profile data graph document as of a time (attributes, engagement, segments, CI values).",
    input: z.object({
      dataSpace: z.string().default('default'),
      individualId: z.string().min(1),
      graph: z.string().optional(),
      asOf: z.string().optional(),
    }),
    output: shape<ProfileDocument>('ProfileDocument'),
    handler: (ctx, { dataSpace, individualId, graph, asOf }) => {
      const rt = ctx.sources.space(dataSpace);
      if (!rt.ok) return rt;
      const asOfMs = asOf === undefined ? ctx.now() : parseIsoTime(asOf);
      if (asOfMs === undefined)
        return fail('InvalidRequest', `asOf "${asOf}" is not an ISO-8601 time with a time zone`, { path: '$.asOf' });
      const graphName = graph ?? rt.data.config.profileDataGraphs[0]?.apiName;
      if (!graphName) return fail('ConfigurationMissing', `data space ${dataSpace} has no profile data graph`);
      const doc = rt.data.profiles.getProfile(individualId, graphName, asOfMs);
      if (!doc)
        return fail(
          'IndividualNotFound',
          `individual "${individualId}" is not in profile data graph ${graphName} as of ${isoOf(asOfMs)}`,
        );
      return ok(doc);
    },
  }),
  'items.list': defineOperation({
    summary: 'Items of the item data graph, optionally filtered by a search text (id, name, category, brand).',
    input: z.object({
      dataSpace: z.string().default('default'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(100),
      search: z.string().optional(),
    }),
    output: z.object({ total: z.number(), rows: z.array(shape<Item>('Item')) }),
    handler: (ctx, { dataSpace, offset, limit, search }) => {
      const id = ctx.store.dataSpaceId(dataSpace);
      if (id === undefined) return fail('DataSpaceNotFound', `data space "${dataSpace}" does not exist`);
      const s = search?.toLowerCase();
      const all = ctx.store
        .loadItems(id)
        .filter((i) => !s || [i.id, i.name, i.category, i.brand].some((v) => v.toLowerCase().includes(s)));
      return ok({ total: all.length, rows: all.slice(offset, offset + limit) });
    },
  }),
};

export { importData };

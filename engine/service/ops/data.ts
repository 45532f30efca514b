import { z } from 'zod';
import { fail, ok } from '../../model/errors.ts';
import type { Individual, Item, ProfileDocument } from '../../model/index.ts';
import { isoOf, parseIsoTime } from '../../model/time.ts';
import { defineOperation, shape } from '../operation.ts';

export const dataOps = {
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
      const asOfMs = asOf === undefined ? ctx.clock() : parseIsoTime(asOf);
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

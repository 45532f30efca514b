import { z } from 'zod';
import { ok } from '../../model/errors.ts';
import { defineOperation } from '../operation.ts';

const DataSpaceSummary = z.object({
  apiName: z.string(),
  label: z.string(),
  individuals: z.number(),
  items: z.number(),
  events: z.number(),
  eventsFrom: z.string().nullable(),
  eventsTo: z.string().nullable(),
});

export const WorkspaceInfo = z.object({
  file: z.string(),
  createdAt: z.string().nullable(),
  configRevision: z.number().nullable(),
  dataSpaces: z.array(DataSpaceSummary),
  sample: z.object({ kind: z.string(), seed: z.number(), exampleIndividualIds: z.array(z.string()) }).nullable(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const workspaceOps = {
  'workspace.info': defineOperation({
    summary: 'The open workspace: its data spaces with counts and event time range, config revision, sample info.',
    input: z.object({}).default({}),
    output: WorkspaceInfo,
    handler: ({ store }) => {
      const sample = store.getMeta('sample');
      return ok({
        file: store.file,
        createdAt: store.getMeta('created_at') ?? null,
        configRevision: store.getConfig()?.revision ?? null,
        dataSpaces: store.listDataSpaces().map((s) => {
          const id = store.dataSpaceId(s.apiName)!;
          const range = store.eventTimeRange(id);
          return { ...s, eventsFrom: range?.first ?? null, eventsTo: range?.last ?? null };
        }),
        sample: sample ? (JSON.parse(sample) as WorkspaceInfo['sample']) : null,
      });
    },
  }),
};

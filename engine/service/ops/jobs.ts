import { z } from 'zod';
import { fail, ok } from '../../model/errors.ts';
import { defineOperation, shape } from '../operation.ts';
import type { JobInfo } from '../jobs.ts';

export const jobOps = {
  'jobs.list': defineOperation({
    summary: 'Long-running jobs (imports, runs, training) of this session, with their progress.',
    input: z.object({}).default({}),
    output: z.array(shape<JobInfo>('JobInfo')),
    handler: (ctx) => ok(ctx.jobs.list()),
  }),
  'jobs.get': defineOperation({
    summary: 'One job with its progress, and its result or fault once ended.',
    input: z.object({ id: z.string() }),
    output: shape<JobInfo>('JobInfo'),
    handler: (ctx, { id }) => {
      const j = ctx.jobs.get(id);
      return j ? ok(j) : fail('NotFound', `no job "${id}"`);
    },
  }),
  'jobs.wait': defineOperation({
    summary: 'Waits until a job has ended and returns it.',
    input: z.object({ id: z.string() }),
    output: shape<JobInfo>('JobInfo'),
    handler: async (ctx, { id }) => {
      const w = ctx.jobs.wait(id);
      return w ? ok(await w) : fail('NotFound', `no job "${id}"`);
    },
  }),
  'jobs.cancel': defineOperation({
    summary: 'Asks a running job to stop; a cancelled run stays consistent and resumable.',
    input: z.object({ id: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
    handler: (ctx, { id }) =>
      ctx.jobs.get(id) ? ok({ cancelled: ctx.jobs.cancel(id) }) : fail('NotFound', `no job "${id}"`),
  }),
};

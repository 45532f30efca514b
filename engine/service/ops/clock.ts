import { z } from 'zod';
import { ok } from '../../model/errors.ts';
import { defineOperation } from '../operation.ts';
import { setWorkspaceClock, workspaceClock } from '../workspace-clock.ts';

const ClockOutput = z.object({
  time: z.string(),
  timeMs: z.number(),
  source: z.enum(['set', 'data', 'created']),
  endOfData: z.string().nullable(),
});

export const clockOps = {
  'clock.get': defineOperation({
    summary:
      "The workspace's simulation time: every command and screen without an explicit as-of runs at it. Default: the end of the data (the latest event, or the sample's end).",
    input: z.object({}).default({}),
    output: ClockOutput,
    handler: (ctx) => ok(workspaceClock(ctx.store)),
  }),
  'clock.set': defineOperation({
    summary:
      'Sets the workspace clock to a time (ISO-8601 with a time zone), or back to the end of the data with null.',
    input: z.object({ time: z.string().nullable() }),
    output: ClockOutput,
    handler: (ctx, { time }) => setWorkspaceClock(ctx.store, time),
  }),
};

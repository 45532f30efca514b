import { z } from 'zod';
import { fail, ok } from '../../model/errors.ts';
import { JsonValue, type DecisionResponse, type DecisionTrace } from '../../model/index.ts';
import { isoOf } from '../../model/time.ts';
import { decide } from '../../pipeline/decide.ts';
import { defineOperation, shape } from '../operation.ts';

export const DecideInput = z.object({
  individualId: z.string().min(1),
  points: z.array(z.string().min(1)).min(1),
  dataSpace: z.string().default('default'),
  context: z.record(z.string(), JsonValue).default({}),
  /** ISO-8601 time; defaults to now. */
  asOf: z.string().optional(),
  trace: z.boolean().default(false),
});

export const decideOps = {
  decide: defineOperation({
    summary:
      'One decision request: an individual, one or more personalization points, optional context and as-of time; with its trace on request.',
    input: DecideInput,
    output: z.object({
      requestId: z.string(),
      response: shape<DecisionResponse>('DecisionResponse'),
      credits: z.number(),
      trace: shape<DecisionTrace>('DecisionTrace').optional(),
    }),
    handler: (ctx, input) => {
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const s = rt.data;
      const r = decide(
        {
          individualId: input.individualId,
          personalizationPoints: input.points,
          dataSpace: input.dataSpace,
          context: input.context,
          asOf: input.asOf ?? isoOf(ctx.clock()),
        },
        {
          dataSpace: s.apiName,
          space: s.compiled,
          profiles: s.profiles,
          catalog: s.catalog,
          strategies: s.strategies,
          clock: ctx.monotonic,
        },
        { trace: input.trace },
      );
      if (!r.ok) return fail(r.error.code, r.error.message, r.error.path ? { path: r.error.path } : {});
      return ok({
        requestId: r.requestId,
        response: r.response,
        credits: r.credits,
        ...(r.trace ? { trace: r.trace } : {}),
      });
    },
  }),
};

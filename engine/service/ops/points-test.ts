import { z } from 'zod';
import { fail, ok, type Problem } from '../../model/errors.ts';
import { JsonValue, type DecisionResponse, type DecisionTrace, type WorkspaceConfig } from '../../model/index.ts';
import { isoOf } from '../../model/time.ts';
import { validateConfig } from '../../config/validate.ts';
import { compileSpace } from '../../pipeline/compile-space.ts';
import { decide } from '../../pipeline/decide.ts';
import { defineOperation, shape } from '../operation.ts';

/**
 * The workspace config with one personalization point replaced by a draft (added when its apiName
 * is new); `$.dataSpaces[si].personalizationPoints[pi]` is where the draft sits, for problem paths.
 */
export function configWithDraftPoint(
  config: WorkspaceConfig,
  dataSpace: string,
  draft: unknown,
  replaces?: string,
): { config: unknown; spaceIndex: number; pointIndex: number } | undefined {
  const spaceIndex = config.dataSpaces.findIndex((s) => s.apiName === dataSpace);
  if (spaceIndex < 0) return undefined;
  const next = structuredClone(config) as { dataSpaces: { personalizationPoints: unknown[] }[] };
  const points = next.dataSpaces[spaceIndex]!.personalizationPoints;
  const name =
    replaces ?? (typeof draft === 'object' && draft !== null ? (draft as { apiName?: unknown }).apiName : undefined);
  let pointIndex = config.dataSpaces[spaceIndex]!.personalizationPoints.findIndex((p) => p.apiName === name);
  if (pointIndex < 0) pointIndex = points.push(draft) - 1;
  else points[pointIndex] = draft;
  return { config: next, spaceIndex, pointIndex };
}

const Output = z.object({
  requestId: z.string(),
  response: shape<DecisionResponse>('DecisionResponse'),
  credits: z.number(),
  trace: shape<DecisionTrace>('DecisionTrace'),
  /** Warnings of the draft (e.g. small experiment cohorts), located at their config JSON path. */
  warnings: z.array(shape<Problem>('problem')),
  /** Where the draft sits in the config, so problem paths can be mapped back onto the editor. */
  pointPath: z.string(),
});

export const pointsTestOps = {
  'points.test': defineOperation({
    summary:
      'Tests a draft personalization point against one individual without saving it: validation, then the decision with its trace.',
    input: z.object({
      dataSpace: z.string().default('default'),
      /** The draft point (validated like config); replaces the saved point named `replaces` or its own apiName. */
      point: z.unknown(),
      replaces: z.string().optional(),
      individualId: z.string().min(1),
      /** ISO-8601 time; defaults to now. */
      asOf: z.string().optional(),
      context: z.record(z.string(), JsonValue).default({}),
    }),
    output: Output,
    handler: (ctx, input) => {
      // 1. The saved config with the draft in place of its point, validated as a whole.
      const cfg = ctx.sources.config();
      if (!cfg.ok) return cfg;
      const placed = configWithDraftPoint(cfg.data.config, input.dataSpace, input.point, input.replaces);
      if (!placed)
        return fail('DataSpaceNotFound', `data space "${input.dataSpace}" does not exist`, { path: '$.dataSpace' });
      const pointPath = `$.dataSpaces[${placed.spaceIndex}].personalizationPoints[${placed.pointIndex}]`;
      const individualsBySpace = Object.fromEntries(ctx.store.listDataSpaces().map((s) => [s.apiName, s.individuals]));
      const check = validateConfig(placed.config, { individualsBySpace });
      if (!check.config)
        return fail(
          'InvalidInput',
          `the draft has ${check.errors.length} problem(s); first: ${check.errors[0]!.path} ${check.errors[0]!.message}`,
          {
            path: pointPath,
            problems: check.errors,
            problemCount: check.errors.length,
          },
        );
      // 2. The data space's sources as saved; only the compiled config changes (segments are not part of a point).
      const rt = ctx.sources.space(input.dataSpace);
      if (!rt.ok) return rt;
      const space = check.config.dataSpaces[placed.spaceIndex]!;
      const draft = space.personalizationPoints[placed.pointIndex]!;
      const s = rt.data;
      // 3. The decision with its trace, exactly as the `decide` operation runs it.
      const r = decide(
        {
          individualId: input.individualId,
          personalizationPoints: [draft.apiName],
          dataSpace: input.dataSpace,
          context: input.context,
          asOf: input.asOf ?? isoOf(ctx.clock()),
        },
        {
          dataSpace: s.apiName,
          space: compileSpace(space),
          profiles: s.profiles,
          catalog: s.catalog,
          strategies: s.strategies,
          clock: ctx.monotonic,
        },
        { trace: true },
      );
      if (!r.ok) return fail(r.error.code, r.error.message, r.error.path ? { path: r.error.path } : {});
      return ok({
        requestId: r.requestId,
        response: r.response,
        credits: r.credits,
        trace: r.trace!,
        warnings: check.warnings,
        pointPath,
      });
    },
  }),
};

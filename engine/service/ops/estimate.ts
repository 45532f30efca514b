import { z } from 'zod';
import { fail, type Result } from '../../model/errors.ts';
import type { Campaign } from '../../model/index.ts';
import { checkGrowth, parsePeriod } from '../../batch/estimate-schedule.ts';
import { estimateCampaign, findCampaign, type CampaignEstimate } from '../../batch/estimate.ts';
import { defineOperation, shape } from '../operation.ts';
import type { ServiceContext } from '../context.ts';
import type { SpaceRuntime } from '../../runtime/space-runtime.ts';
import { asOfOf } from './refresh.ts';

/** The campaign and its data space's runtime: in the named data space, or the one data space that has it. */
export function campaignRuntime(
  ctx: ServiceContext,
  name: string,
  dataSpace: string | undefined,
): Result<{ rt: SpaceRuntime; campaign: Campaign }> {
  const cfg = ctx.sources.config();
  if (!cfg.ok) return cfg;
  const spaceName =
    dataSpace ??
    cfg.data.config.dataSpaces.find((s) => s.campaigns.some((c) => c.name === name))?.apiName ??
    cfg.data.config.dataSpaces[0]!.apiName;
  const rt = ctx.sources.space(spaceName);
  if (!rt.ok) return rt;
  const campaign = findCampaign(rt.data.config, name);
  if (!campaign.ok) return campaign;
  return { ok: true, data: { rt: rt.data, campaign: campaign.data } };
}

export const estimateOps = {
  'campaigns.estimate': defineOperation({
    summary:
      'Credit estimate of a campaign before any run: segment size at the next scheduled time × points = credits per run; the scheduled runs of a period with their credits; optional monthly growth; credits per budget period with a warning when one exceeds the budget.',
    input: z.object({
      campaign: z.string().min(1),
      /** Defaults to the data space that has the campaign. */
      dataSpace: z.string().optional(),
      /** 7d, 30d, 12w, 6m (calendar months), 1y. */
      period: z.string().default('30d'),
      /** Segment growth in % per month, compounding; negative for a shrinking segment. */
      growth: z.number().default(0),
      /** ISO-8601 time the estimate is made at (default: the workspace clock); data is as of the last refresh at or before it. */
      asOf: z.string().optional(),
    }),
    output: shape<CampaignEstimate>('CampaignEstimate'),
    handler: async (ctx, input, signal) => {
      const period = parsePeriod(input.period);
      if (!period.ok) return fail(period.error.code, period.error.message, { path: '$.period', field: 'period' });
      const growth = checkGrowth(input.growth);
      if (!growth.ok) return fail(growth.error.code, growth.error.message, { path: '$.growth', field: 'growth' });
      const asOfMs = asOfOf(ctx, input.asOf);
      if (!asOfMs.ok) return asOfMs;
      const c = campaignRuntime(ctx, input.campaign, input.dataSpace);
      if (!c.ok) return c;
      const r = await estimateCampaign(ctx.store, c.data.rt, c.data.campaign, {
        asOfMs: asOfMs.data,
        period: period.data,
        growthPercent: growth.data,
        now: ctx.now,
        ...(signal ? { signal } : {}),
      });
      if (!r.ok) return r;
      return { ok: true, data: r.data };
    },
  }),
};

import { Cron } from 'croner';
import { z } from 'zod';
import { ok } from '../../model/errors.ts';
import type { Campaign } from '../../model/index.ts';
import type { RunSummary } from '../../batch/run-summary.ts';
import { defineOperation, shape } from '../operation.ts';
import { summaryOf } from './runs.ts';

/** A campaign as the campaigns screen lists it: its config, its job status, its runs and its next time. */
export interface CampaignListing {
  campaign: Campaign;
  /** Active or Error from the runs; Paused from the config (it wins). */
  status: 'Active' | 'Error' | 'Paused';
  statusReason: string;
  lastRun: RunSummary | null;
  lastSuccessfulRun: RunSummary | null;
  /** The next scheduled time after now (ISO), from the cron schedule in its time zone; null when none. */
  nextScheduledAt: string | null;
}

/** The next time a cron schedule fires after `afterMs`, or null (an impossible schedule). */
export function nextScheduledTime(schedule: Campaign['schedule'], afterMs: number): string | null {
  try {
    const next = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true }).nextRun(new Date(afterMs));
    return next ? next.toISOString() : null;
  } catch {
    return null;
  }
}

export const campaignOps = {
  'campaigns.list': defineOperation({
    summary:
      'Campaigns of a data space with their job status (Active, Error, Paused), last and last-successful run, and next scheduled time.',
    input: z.object({ dataSpace: z.string().default('default') }),
    output: z.array(shape<CampaignListing>('CampaignListing')),
    handler: (ctx, { dataSpace }) => {
      const rt = ctx.sources.space(dataSpace);
      if (!rt.ok) return rt;
      const runOf = (id: number | null) => {
        const run = id === null ? undefined : ctx.store.runs.get(id);
        return run ? summaryOf(ctx, run) : null;
      };
      return ok(
        rt.data.config.campaigns.map((c): CampaignListing => {
          const state = ctx.store.runs.campaignState(rt.data.spaceId, c.name);
          return {
            campaign: c,
            status: c.status === 'Paused' ? 'Paused' : (state?.status ?? 'Active'),
            statusReason: c.status === 'Paused' ? 'paused in the configuration' : (state?.statusReason ?? ''),
            lastRun: runOf(state?.lastRunId ?? null),
            lastSuccessfulRun: runOf(state?.lastSuccessfulRunId ?? null),
            nextScheduledAt: nextScheduledTime(c.schedule, ctx.clock()),
          };
        }),
      );
    },
  }),
};

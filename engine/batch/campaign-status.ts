import type { CampaignState, RunRecord } from '../store/index.ts';

/**
 * A run whose error records exceed this share of its requests (individual × point) puts its
 * campaign in status Error, as a batch decision job with too many faults would be
 * (docs/campaigns.md, "Campaign status").
 */
export const ERROR_RATE_THRESHOLD = 0.05;

/** The campaign's job status after a run ended (Paused is not stored: it comes from the config). */
export function nextCampaignState(prev: CampaignState | undefined, run: RunRecord, updatedAt: string): CampaignState {
  const base = {
    campaign: run.campaign,
    lastRunId: run.id,
    lastSuccessfulRunId: prev?.lastSuccessfulRunId ?? null,
    updatedAt,
  };
  // 1. A run-level fault (workspace, config, refresh): Error.
  if (run.status === 'failed')
    return {
      ...base,
      status: 'Error',
      statusReason: `run ${run.id} failed: ${run.fault?.code ?? 'Internal'}: ${run.fault?.message ?? ''}`.trim(),
    };
  // 2. Cancelled: the job's status does not change.
  if (run.status === 'cancelled')
    return { ...base, status: prev?.status ?? 'Active', statusReason: prev?.statusReason ?? '' };
  // 3. Completed: Error above the error-rate threshold, else Active and the last successful run.
  const { errors, requests } = run.counters;
  const rate = requests === 0 ? 0 : errors / requests;
  if (rate > ERROR_RATE_THRESHOLD) {
    const byCode = Object.entries(run.counters.errorsByCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    return {
      ...base,
      status: 'Error',
      statusReason: `run ${run.id}: ${errors} of ${requests} requests (${(rate * 100).toFixed(1)}%) ended in an error record (${byCode}); the threshold is ${ERROR_RATE_THRESHOLD * 100}%`,
    };
  }
  return { ...base, status: 'Active', statusReason: '', lastSuccessfulRunId: run.id };
}

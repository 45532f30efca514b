import { isoOf } from '../../model/time.ts';

/** Time buckets of the report's "over time" series. */
export const REPORT_BUCKETS = ['day', 'week', 'month'] as const;
export type ReportBucket = (typeof REPORT_BUCKETS)[number];

const DAY_MS = 86_400_000;

/** The start (UTC, ISO) of the day, ISO week (Monday) or month that holds `ms`. */
export function bucketStart(ms: number, by: ReportBucket | 'year'): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (by === 'year') return isoOf(Date.UTC(y, 0, 1));
  if (by === 'month') return isoOf(Date.UTC(y, m, 1));
  const day = Date.UTC(y, m, d.getUTCDate());
  if (by === 'day') return isoOf(day);
  // getUTCDay: 0 Sunday … 6 Saturday; ISO weeks start on Monday.
  return isoOf(day - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

import { isoOf, parseIsoTime } from '../model/time.ts';
import type { RefreshInfo } from '../runtime/refresh-lookup.ts';

/** One watermark a run or a trace saw data as of. */
export interface Watermark {
  kind: 'data-graph' | 'calculated-insight';
  name: string;
  /** When that data was last refreshed at or before the as-of time; null: never. */
  refreshedAt: string | null;
  /** How far behind the as-of time it is, in minutes (null when never refreshed). */
  lagMinutes: number | null;
}

/** What a request or a run as of a time saw, and what of it was stale. */
export interface Freshness {
  asOf: string;
  watermarks: Watermark[];
  /** One sentence per stale item, for the trace and the run summary. */
  stale: string[];
}

const minutesBetween = (fromMs: number, toMs: number): number => Math.round(((toMs - fromMs) / 60_000) * 10) / 10;

function lagText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = minutes / 60;
  return h < 48 ? `${Math.round(h * 10) / 10} h` : `${Math.round((h / 24) * 10) / 10} days`;
}

/**
 * The watermarks of a refresh seen from `asOfMs` (docs/freshness.md): profile and engagement data as
 * of the 30-minute data-graph refresh, each calculated insight as of its last refresh at or before
 * the watermark. Anything older than the as-of time is listed as stale, with what is not visible.
 */
export function freshnessOf(refresh: RefreshInfo, asOfMs: number): Freshness {
  const watermarks: Watermark[] = [];
  const stale: string[] = [];
  // 1. The data graph: engagement and attributes after the watermark are not in the documents.
  const lag = minutesBetween(refresh.refreshedAtMs, asOfMs);
  watermarks.push({ kind: 'data-graph', name: refresh.graph, refreshedAt: refresh.refreshedAt, lagMinutes: lag });
  if (refresh.refreshedAtMs < asOfMs) {
    stale.push(
      `profile data (${refresh.graph}) as of the data-graph refresh at ${refresh.refreshedAt}, ${lagText(lag)} before ${isoOf(asOfMs)}; engagement after it is not visible (refreshes run every 30 minutes)`,
    );
  }
  // 2. Calculated insights: as of their own refresh, which is at or before the data graph's.
  for (const [name, at] of Object.entries(refresh.insightsRefreshedAt)) {
    if (at === null) {
      watermarks.push({ kind: 'calculated-insight', name, refreshedAt: null, lagMinutes: null });
      stale.push(
        `calculated insight ${name}: never refreshed as of ${refresh.refreshedAt}; profiles hold no value for it`,
      );
      continue;
    }
    const atMs = parseIsoTime(at) ?? refresh.refreshedAtMs;
    const ciLag = minutesBetween(atMs, asOfMs);
    watermarks.push({ kind: 'calculated-insight', name, refreshedAt: at, lagMinutes: ciLag });
    if (atMs < asOfMs)
      stale.push(`calculated insight ${name}: as of its refresh at ${at}, ${lagText(ciLag)} before ${isoOf(asOfMs)}`);
  }
  return { asOf: isoOf(asOfMs), watermarks, stale };
}

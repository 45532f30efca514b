/** Time helpers shared by the engine. Pure: they never read the clock. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** The standard data-graph refresh cycle of the product (lakehouse reads): 30 minutes. */
export const DATA_GRAPH_REFRESH_MS = 30 * MINUTE_MS;

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses an ISO-8601 timestamp with a time zone (or a date-only value, taken as UTC midnight)
 * to epoch milliseconds; undefined when the text is not such a timestamp.
 */
export function parseIsoTime(text: string): number | undefined {
  if (!ISO_WITH_ZONE.test(text) && !DATE_ONLY.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Canonical UTC form used everywhere in the workbench: 2026-11-29T20:00:00.000Z. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();

/** Normalizes an ISO timestamp to canonical form; undefined when invalid. */
export function canonicalIso(text: string): string | undefined {
  const ms = parseIsoTime(text);
  return ms === undefined ? undefined : isoOf(ms);
}

/** The last data-graph refresh at or before `asOfMs` (refreshes run every 30 minutes, on the half hour). */
export const dataGraphWatermark = (asOfMs: number): number =>
  Math.floor(asOfMs / DATA_GRAPH_REFRESH_MS) * DATA_GRAPH_REFRESH_MS;

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
  if (hasCanonicalShape(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (!ISO_WITH_ZONE.test(text) && !DATE_ONLY.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Whether text has the shape of the canonical form (2026-11-29T20:00:00.000Z, digits elsewhere):
 * what the store writes into every profile document, so engagement timestamps take this fast path
 * (no regex). Two valid timestamps of this shape order as strings as their times do.
 */
export function hasCanonicalShape(text: string): boolean {
  if (text.length !== 24) return false;
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    const want = CANONICAL_SEPARATORS[i]!;
    if (want === 0 ? c < 48 || c > 57 : c !== want) return false;
  }
  return true;
}

/** Per position of the canonical form: the separator's char code, or 0 for a digit. */
const CANONICAL_SEPARATORS = [...'0000-00-00T00:00:00.000Z'].map((c) => (c === '0' ? 0 : c.charCodeAt(0)));

/** Canonical UTC form used everywhere in the workbench: 2026-11-29T20:00:00.000Z. */
export function isoOf(ms: number): string {
  // A run formats the same few times (its as-of time, exclusion windows) for every request: two remembered.
  if (ms === recentIso[0]) return recentIso[1];
  if (ms === recentIso[2]) return recentIso[3];
  const text = new Date(ms).toISOString();
  recentIso[2] = recentIso[0];
  recentIso[3] = recentIso[1];
  recentIso[0] = ms;
  recentIso[1] = text;
  return text;
}
const recentIso: [number, string, number, string] = [NaN, '', NaN, ''];

/** Normalizes an ISO timestamp to canonical form; undefined when invalid. */
export function canonicalIso(text: string): string | undefined {
  const ms = parseIsoTime(text);
  return ms === undefined ? undefined : isoOf(ms);
}

/** The last data-graph refresh at or before `asOfMs` (refreshes run every 30 minutes, on the half hour). */
export const dataGraphWatermark = (asOfMs: number): number =>
  Math.floor(asOfMs / DATA_GRAPH_REFRESH_MS) * DATA_GRAPH_REFRESH_MS;

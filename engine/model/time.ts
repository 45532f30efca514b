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

/**
 * Canonical UTC form used everywhere in the workbench: 2026-11-29T20:00:00.000Z — exactly what
 * Date#toISOString writes (its fallback outside years 0000–9999), several times faster: documents
 * carry one per engagement row and the sample writes millions.
 */
export function isoOf(ms: number): string {
  if (!(ms >= MIN_ISO_MS && ms < MAX_ISO_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rem = ms - days * DAY_MS;
  const h = Math.floor(rem / HOUR_MS);
  rem -= h * HOUR_MS;
  const mi = Math.floor(rem / MINUTE_MS);
  rem -= mi * MINUTE_MS;
  const sec = Math.floor(rem / 1000);
  return `${dayPrefix(days)}${pad2(h)}:${pad2(mi)}:${pad2(sec)}.${pad3(rem - sec * 1000)}Z`;
}

/** Epoch ms of 0000-01-01 and of 10000-01-01: the range toISOString writes with four-digit years. */
const MIN_ISO_MS = -62_167_219_200_000;
const MAX_ISO_MS = 253_402_300_800_000;
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
/** "YYYY-MM-DDT" per day number: timestamps come in runs on the same few days. */
const dayPrefixes = new Map<number, string>();

function dayPrefix(days: number): string {
  let p = dayPrefixes.get(days);
  if (p === undefined) {
    // Days to civil date after Howard Hinnant's algorithm.
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    p = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}T`;
    if (dayPrefixes.size >= 8192) dayPrefixes.clear();
    dayPrefixes.set(days, p);
  }
  return p;
}

/** Normalizes an ISO timestamp to canonical form; undefined when invalid. */
export function canonicalIso(text: string): string | undefined {
  const ms = parseIsoTime(text);
  return ms === undefined ? undefined : isoOf(ms);
}

/** The last data-graph refresh at or before `asOfMs` (refreshes run every 30 minutes, on the half hour). */
export const dataGraphWatermark = (asOfMs: number): number =>
  Math.floor(asOfMs / DATA_GRAPH_REFRESH_MS) * DATA_GRAPH_REFRESH_MS;

/** Parsing of ISO-8601 timestamps and dates as the importers accept them. */

export type ParsedTime = { ok: true; ms: number } | { ok: false; reason: 'format' | 'no-zone' | 'range' };

// date [ T|space time [.fraction] zone ]; the zone is optional here so that its absence can be named.
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number): number =>
  m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 19xx
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

const validDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);

/**
 * Parses an ISO-8601 datetime with a time zone (Z or ±hh:mm), or a date-only value (midnight
 * UTC). A datetime without a zone is refused (`no-zone`): its instant would depend on the
 * machine's time zone.
 */
export function parseIsoDatetime(text: string): ParsedTime {
  const m = DATETIME_RE.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validDate(y, mo, d)) return { ok: false, reason: 'range' };
  if (m[4] === undefined) return { ok: true, ms: utcMs(y, mo, d) };
  const zone = m[8];
  if (zone === undefined) return { ok: false, reason: 'no-zone' };
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (h > 23 || mi > 59 || s > 59) return { ok: false, reason: 'range' };
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (oh > 23 || om > 59) return { ok: false, reason: 'range' };
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { ok: true, ms: utcMs(y, mo, d, h, mi, s, ms) - offsetMin * 60_000 };
}

/** Parses a calendar date YYYY-MM-DD; returns it unchanged when valid. */
export function parseIsoDate(text: string): string | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  return validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? text : undefined;
}

/** Canonical ISO form (toISOString) of epoch milliseconds. */
export const isoFromMs = (ms: number): string => new Date(ms).toISOString();

/**
 * Epoch milliseconds of a trusted timestamp (bulk writes of generated data); throws (a bug)
 * when it is not a valid ISO-8601 datetime with a zone.
 */
export function msFromTrustedIso(text: string): number {
  // Fast path for the canonical form the generator writes (trusted, so no calendar check).
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  const p = parseIsoDatetime(text);
  if (!p.ok) throw new Error(`not an ISO-8601 timestamp with a time zone: ${JSON.stringify(text)}`);
  return p.ms;
}

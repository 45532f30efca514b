/**
 * Timestamps of the custom time operators. Values are ISO-8601 strings; the canonical UTC form
 * YYYY-MM-DDTHH:mm:ss.sssZ (what toISOString() prints) compares correctly as a string, so every
 * timestamp a rule produces is canonical. Parsing is pure: it never depends on the machine's
 * time zone for ISO strings (a date-time without a zone is taken as UTC).
 */

/** Largest |epoch ms| a JavaScript Date can hold (ECMAScript TimeClip). */
const MAX_TIME_MS = 8.64e15;

const UNIT_MS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
});

/** The time units the custom operators accept (plural; the singular forms are accepted too). */
export const TIME_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'] as const;

/** Milliseconds in one unit, or undefined for an unknown unit. */
export function unitMs(unit: unknown): number | undefined {
  return typeof unit === 'string' ? UNIT_MS[unit] : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Epoch ms of validated calendar fields, or NaN when a field is out of range. */
function fieldsToMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const dim = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d > dim) return NaN;
  const t = daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1_000 + ms;
  return Math.abs(t) > MAX_TIME_MS ? NaN : t;
}

/** The two-digit number at s[i..i+1], or -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
}

/** Fast path: parses the canonical form YYYY-MM-DDTHH:mm:ss.sssZ; NaN when not canonical. */
function parseCanonical(s: string): number {
  if (
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 ||
    s.charCodeAt(23) !== 90
  )
    return NaN;
  const y1 = twoDigits(s, 0),
    y2 = twoDigits(s, 2),
    mo = twoDigits(s, 5),
    d = twoDigits(s, 8);
  const h = twoDigits(s, 11),
    mi = twoDigits(s, 14),
    sec = twoDigits(s, 17),
    ms1 = twoDigits(s, 20);
  const ms2 = s.charCodeAt(22) - 48;
  if ((y1 | y2 | mo | d | h | mi | sec | ms1) < 0 || ms2 >>> 0 > 9) return NaN;
  return fieldsToMs(y1 * 100 + y2, mo, d, h, mi, sec, ms1 * 10 + ms2);
}

const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Parses any ISO-8601 date or date-time (zone-less = UTC); NaN when invalid, undefined when not ISO. */
function parseIso(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  if (m[1] === '-000000') return NaN;
  const frac = m[7] === undefined ? 0 : Number((m[7] + '00').slice(0, 3));
  const local = fieldsToMs(
    y,
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    frac,
  );
  const zone = m[8];
  if (zone === undefined || zone === 'Z' || zone === 'z') return local;
  const digits = zone.slice(1).replace(':', '');
  const oh = Number(digits.slice(0, 2));
  const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (oh > 23 || om > 59) return NaN;
  const offset = (oh * 60 + om) * 60_000 * (zone[0] === '-' ? -1 : 1);
  const t = local - offset;
  return Math.abs(t) > MAX_TIME_MS ? NaN : t;
}

/**
 * Epoch milliseconds of a timestamp, or NaN when it is not a parsable timestamp string.
 * Canonical strings take a fast path; other ISO forms are parsed here (zone-less = UTC);
 * anything else goes to Date.parse (whose reading of zone-less non-ISO text depends on the engine).
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value !== 'string') return NaN;
  if (value.length === 24) {
    const t = parseCanonical(value);
    if (t === t) return t;
  }
  const iso = parseIso(value);
  if (iso !== undefined) return iso; // ISO-shaped but invalid (2026-02-30) stays NaN
  if (/^[\d\s.:+-]*$/.test(value)) return NaN; // bare numbers and ISO-looking garbage are not dates
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : NaN;
}

/** ECMAScript TimeClip: integral milliseconds (truncated), NaN outside the Date range. */
export function timeClip(ms: number): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) return NaN;
  return Math.trunc(ms) + 0;
}

/** Canonical ISO string of epoch milliseconds, or null when out of range. */
export function formatTimestamp(ms: number): string | null {
  const t = timeClip(ms);
  return t === t ? new Date(t).toISOString() : null;
}

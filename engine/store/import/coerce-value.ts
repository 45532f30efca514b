import type { FieldType } from '../../model/data-graph.ts';
import type { Scalar } from '../../model/json.ts';
import { isoFromMs, parseIsoDate, parseIsoDatetime } from '../timestamps.ts';

/** A coerced value: `undefined` means absent (empty cell, null or missing key). */
export type Coerced = { ok: true; value: Scalar | undefined } | { ok: false; message: string };

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);
const ABSENT: Coerced = { ok: true, value: undefined };

/** A value as messages quote it: JSON, cut to 60 characters. */
export function quote(value: unknown): string {
  // JSON.stringify writes non-finite numbers (a JSON 1e309 parses to Infinity) as "null".
  const s =
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

const describeJsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** Parses a text as a number (strict decimal notation; no thousands separators, no hex). */
export function numberFromText(text: string): number | undefined {
  if (!NUMBER_RE.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses a text as a boolean: true/false, 1/0, yes/no (any case). */
export function booleanFromText(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return TRUE_WORDS.has(t) ? true : FALSE_WORDS.has(t) ? false : undefined;
}

function fromText(raw: string, type: FieldType): Coerced {
  if (type === 'string') return raw === '' ? ABSENT : { ok: true, value: raw };
  const text = raw.trim();
  if (text === '') return ABSENT;
  switch (type) {
    case 'number': {
      const n = numberFromText(text);
      return n === undefined ? { ok: false, message: `${quote(raw)} is not a number` } : { ok: true, value: n };
    }
    case 'boolean': {
      const b = booleanFromText(text);
      return b === undefined
        ? { ok: false, message: `${quote(raw)} is not a boolean (true/false, 1/0 or yes/no)` }
        : { ok: true, value: b };
    }
    case 'datetime': {
      const t = datetimeMs(raw, text);
      return t.ok ? { ok: true, value: isoFromMs(t.ms) } : t;
    }
    case 'date': {
      const d = parseIsoDate(text);
      return d === undefined
        ? { ok: false, message: `${quote(raw)} is not a date (YYYY-MM-DD)` }
        : { ok: true, value: d };
    }
  }
}

function datetimeMs(raw: string, text: string): { ok: true; ms: number } | { ok: false; message: string } {
  const p = parseIsoDatetime(text);
  if (p.ok) return p;
  if (p.reason === 'no-zone')
    return { ok: false, message: `${quote(raw)} has no time zone; add Z (UTC) or an offset such as +02:00` };
  if (p.reason === 'range') return { ok: false, message: `${quote(raw)} is not a valid date and time` };
  return { ok: false, message: `${quote(raw)} is not an ISO-8601 datetime (e.g. 2024-05-01T10:00:00Z or 2024-05-01)` };
}

/**
 * Coerces an imported datetime to epoch milliseconds (undefined: absent); same rules and
 * messages as coerceValue(raw, 'datetime').
 */
export function coerceDatetimeMs(raw: unknown): { ok: true; ms: number | undefined } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true, ms: undefined };
  if (typeof raw !== 'string') {
    const c = coerceValue(raw, 'datetime');
    return c.ok ? { ok: true, ms: undefined } : c;
  }
  const text = raw.trim();
  if (text === '') return { ok: true, ms: undefined };
  return datetimeMs(raw, text);
}

/**
 * Coerces one imported value to a field type. Strings (every CSV cell, and JSON strings) are
 * parsed by type; other JSON values must already have the type (a JSON number for a number, a
 * JSON boolean for a boolean). Empty strings and null are absent values.
 */
export function coerceValue(raw: unknown, type: FieldType): Coerced {
  if (raw === undefined || raw === null) return ABSENT;
  if (typeof raw === 'string') return fromText(raw, type);
  if (typeof raw === 'number') {
    if (type === 'number')
      return Number.isFinite(raw)
        ? { ok: true, value: raw }
        : { ok: false, message: `${quote(raw)} is not a finite number (too large for a double)` };
    return { ok: false, message: `${quote(raw)} is a number, expected ${article(type)}` };
  }
  if (typeof raw === 'boolean') {
    if (type === 'boolean') return { ok: true, value: raw };
    return { ok: false, message: `${quote(raw)} is a boolean, expected ${article(type)}` };
  }
  return { ok: false, message: `is ${describeJsonType(raw)}; expected a single value (${type})` };
}

/** "a number", "an ISO datetime"... for messages. */
export function article(type: FieldType): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'datetime':
      return 'an ISO-8601 datetime string';
    case 'date':
      return 'a date string (YYYY-MM-DD)';
  }
}

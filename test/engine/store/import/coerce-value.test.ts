import { describe, expect, it } from 'vitest';
import type { FieldType } from '../../../../engine/model/data-graph.ts';
import { coerceValue } from '../../../../engine/store/import/coerce-value.ts';

const ok = (raw: unknown, type: FieldType) => {
  const c = coerceValue(raw, type);
  if (!c.ok) throw new Error(c.message);
  return c.value;
};
const why = (raw: unknown, type: FieldType) => {
  const c = coerceValue(raw, type);
  return c.ok ? `ok: ${String(c.value)}` : c.message;
};

describe('coerceValue from text (CSV cells, JSON strings)', () => {
  it.each<[string, FieldType, unknown]>([
    ['12', 'number', 12],
    [' -1.5e3 ', 'number', -1500],
    ['.5', 'number', 0.5],
    ['true', 'boolean', true],
    ['FALSE', 'boolean', false],
    ['1', 'boolean', true],
    ['0', 'boolean', false],
    ['Yes', 'boolean', true],
    ['no', 'boolean', false],
    ['2025-01-02T03:04:05+01:00', 'datetime', '2025-01-02T02:04:05.000Z'],
    ['2025-01-02', 'datetime', '2025-01-02T00:00:00.000Z'],
    ['1990-05-31', 'date', '1990-05-31'],
    [' keep spaces ', 'string', ' keep spaces '],
  ])('%j as %s → %j', (raw, type, value) => expect(ok(raw, type)).toEqual(value));

  it.each<FieldType>(['string', 'number', 'boolean', 'datetime', 'date'])('an empty value is absent (%s)', (type) => {
    expect(ok('', type)).toBeUndefined();
    expect(ok(null, type)).toBeUndefined();
    expect(ok(undefined, type)).toBeUndefined();
  });

  it.each<[unknown, FieldType, RegExp]>([
    ['abc', 'number', /^"abc" is not a number$/],
    ['1,000', 'number', /is not a number/],
    ['0x10', 'number', /is not a number/],
    ['maybe', 'boolean', /is not a boolean \(true\/false, 1\/0 or yes\/no\)/],
    ['2025-01-02T03:04:05', 'datetime', /has no time zone; add Z \(UTC\) or an offset/],
    ['2025-02-30T00:00:00Z', 'datetime', /is not a valid date and time/],
    ['next week', 'datetime', /is not an ISO-8601 datetime/],
    ['31/05/1990', 'date', /is not a date \(YYYY-MM-DD\)/],
  ])('refuses %j as %s', (raw, type, message) => expect(why(raw, type)).toMatch(message));
});

describe('coerceValue from JSON values', () => {
  it('accepts values of the declared type', () => {
    expect(ok(12.5, 'number')).toBe(12.5);
    expect(ok(false, 'boolean')).toBe(false);
  });

  it('accepts strings that parse (same rules as CSV)', () => {
    expect(ok('12.5', 'number')).toBe(12.5);
    expect(ok('yes', 'boolean')).toBe(true);
  });

  it('refuses other types', () => {
    expect(why(12345, 'string')).toBe('12345 is a number, expected a string');
    expect(why(1, 'boolean')).toBe('1 is a number, expected a boolean');
    expect(why(true, 'number')).toBe('true is a boolean, expected a number');
    expect(why(20250101, 'datetime')).toMatch(/is a number, expected an ISO-8601 datetime string/);
    expect(why({ a: 1 }, 'string')).toBe('is an object; expected a single value (string)');
    expect(why([1], 'number')).toBe('is an array; expected a single value (number)');
  });
});

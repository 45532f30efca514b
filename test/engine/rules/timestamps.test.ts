import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimestamp, parseTimestamp, unitMs } from '../../../engine/rules/timestamps.ts';

describe('timestamps', () => {
  it('the canonical fast path agrees with Date.parse on every valid date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(-62167219200000),
          max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
          noInvalidDate: true,
        }),
        (d) => {
          const text = d.toISOString();
          expect(parseTimestamp(text)).toBe(Date.parse(text));
          expect(formatTimestamp(parseTimestamp(text))).toBe(text);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('offsets and fractions agree with Date.parse', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (d, offsetMin) => {
          const local = new Date(d.getTime() + offsetMin * 60000).toISOString().slice(0, 23);
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseTimestamp(text)).toBe(Date.parse(text));
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });

  it.each([
    ['2026-11-29T20:00:00.000Z', Date.UTC(2026, 10, 29, 20)],
    ['2026-11-29T20:00:00Z', Date.UTC(2026, 10, 29, 20)],
    ['2026-11-29T20:00Z', Date.UTC(2026, 10, 29, 20)],
    ['2026-11-29T20:00:00.123456Z', Date.UTC(2026, 10, 29, 20, 0, 0, 123)],
    ['2026-11-29T21:00:00+0100', Date.UTC(2026, 10, 29, 20)],
    ['2026-11-29T15:00:00-05', Date.UTC(2026, 10, 29, 20)],
    ['2026-11-29 20:00:00', Date.UTC(2026, 10, 29, 20)],
    ['2026-11-29', Date.UTC(2026, 10, 29)],
    ['2024-02-29T00:00:00.000Z', Date.UTC(2024, 1, 29)],
    ['+010000-01-01T00:00:00.000Z', Date.parse('+010000-01-01T00:00:00.000Z')],
    ['Sun, 29 Nov 2026 20:00:00 GMT', Date.UTC(2026, 10, 29, 20)],
  ])('parses %s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it.each([
    '',
    'soon',
    '12345',
    '2026',
    '2026-02-30T00:00:00.000Z',
    '2025-02-29T00:00:00.000Z',
    '2026-11-29T24:00:00.000Z',
    '2026-11-29T20:60:00.000Z',
    '2026-11-29T20:00:00.000+25:00',
    '2026-1x-29T20:00:00.000Z',
    null,
    1764446400000,
    {},
    [],
  ])('does not parse %j', (v) => {
    expect(parseTimestamp(v)).toBeNaN();
  });

  it('formats canonically, and refuses instants outside the Date range', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 29, 20))).toBe('2026-11-29T20:00:00.000Z');
    expect(formatTimestamp(1.9)).toBe('1970-01-01T00:00:00.001Z');
    expect(formatTimestamp(9e15)).toBeNull();
    expect(formatTimestamp(NaN)).toBeNull();
  });

  it('knows the units, plural and singular', () => {
    expect([unitMs('seconds'), unitMs('minutes'), unitMs('hours'), unitMs('days'), unitMs('weeks')]).toEqual([
      1e3, 6e4, 36e5, 864e5, 6048e5,
    ]);
    expect(unitMs('day')).toBe(864e5);
    expect(unitMs('months')).toBeUndefined();
    expect(unitMs('constructor')).toBeUndefined();
    expect(unitMs(5)).toBeUndefined();
  });
});

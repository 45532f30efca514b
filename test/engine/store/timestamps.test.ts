import { describe, expect, it } from 'vitest';
import { isoFromMs, msFromTrustedIso, parseIsoDate, parseIsoDatetime } from '../../../engine/store/timestamps.ts';

const iso = (text: string): string | undefined => {
  const p = parseIsoDatetime(text);
  return p.ok ? isoFromMs(p.ms) : p.reason;
};

describe('parseIsoDatetime', () => {
  it.each([
    ['2025-01-02T03:04:05Z', '2025-01-02T03:04:05.000Z'],
    ['2025-01-02T03:04:05.123456Z', '2025-01-02T03:04:05.123Z'],
    ['2025-01-02T03:04:05.5z', '2025-01-02T03:04:05.500Z'],
    ['2025-01-02T03:04Z', '2025-01-02T03:04:00.000Z'],
    ['2025-01-02 03:04:05Z', '2025-01-02T03:04:05.000Z'],
    ['2025-01-02T03:04:05+02:00', '2025-01-02T01:04:05.000Z'],
    ['2025-01-02T03:04:05-0530', '2025-01-02T08:34:05.000Z'],
    ['2025-01-02T03:04:05+02', '2025-01-02T01:04:05.000Z'],
    ['2025-01-02', '2025-01-02T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('accepts %s as %s', (text, expected) => expect(iso(text)).toBe(expected));

  it.each([
    ['2025-01-02T03:04:05', 'no-zone'],
    ['2025-01-02T03:04', 'no-zone'],
    ['2025-02-30T00:00:00Z', 'range'],
    ['2023-02-29', 'range'],
    ['2025-13-01', 'range'],
    ['2025-01-01T24:00:00Z', 'range'],
    ['2025-01-01T10:00:00+25:00', 'range'],
    ['01/02/2025', 'format'],
    ['2025-1-2', 'format'],
    ['yesterday', 'format'],
    ['', 'format'],
  ])('refuses %s (%s)', (text, reason) => expect(iso(text)).toBe(reason));
});

describe('parseIsoDate', () => {
  it('accepts calendar dates only', () => {
    expect(parseIsoDate('1990-05-31')).toBe('1990-05-31');
    expect(parseIsoDate('1990-06-31')).toBeUndefined();
    expect(parseIsoDate('1990-05-31T00:00:00Z')).toBeUndefined();
  });
});

describe('msFromTrustedIso', () => {
  it('reads canonical and other zoned timestamps; throws (a bug) on anything else', () => {
    expect(msFromTrustedIso('2025-01-02T03:04:05.678Z')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5, 678));
    expect(msFromTrustedIso('2025-01-02T05:04:05+02:00')).toBe(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(() => msFromTrustedIso('2025-01-02T03:04:05')).toThrow();
  });
});

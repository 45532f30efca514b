import { describe, expect, it } from 'vitest';
import { hasCanonicalShape, parseIsoTime } from '../../../engine/model/time.ts';

describe('parseIsoTime', () => {
  it.each([
    ['2026-11-29T20:00:00.000Z', Date.parse('2026-11-29T20:00:00.000Z')],
    ['2026-11-29T20:00:00Z', Date.parse('2026-11-29T20:00:00Z')],
    ['2026-11-29T21:00:00.000+01:00', Date.parse('2026-11-29T20:00:00.000Z')],
    ['2026-11-29', Date.parse('2026-11-29T00:00:00.000Z')],
  ])('%s → epoch ms', (text, ms) => expect(parseIsoTime(text)).toBe(ms));

  it.each([
    '2026-13-01T00:00:00.000Z',
    '2026-11-29T20:00:00.000',
    'yesterday',
    '2026-11-29T20:00:00.000X',
    '12026-11-29T20:00:00.000Z',
  ])('%s is not a timestamp', (text) => expect(parseIsoTime(text)).toBeUndefined());

  it('takes the canonical shape without the regex, and only that shape', () => {
    expect(hasCanonicalShape('2026-11-29T20:00:00.000Z')).toBe(true);
    expect(hasCanonicalShape('2026-11-29T20:00:00Z')).toBe(false);
    expect(hasCanonicalShape('2026-11-29T20:00:00.00aZ')).toBe(false);
    expect(hasCanonicalShape('2026/11/29T20:00:00.000Z')).toBe(false);
  });
});

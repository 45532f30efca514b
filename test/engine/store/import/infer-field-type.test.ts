import { describe, expect, it } from 'vitest';
import { inferFieldType } from '../../../../engine/store/import/infer-field-type.ts';

describe('inferFieldType', () => {
  it.each([
    [['true', 'False', 'TRUE'], 'boolean'],
    [[true, false], 'boolean'],
    [['1', '2.5', '-3'], 'number'],
    [[1, '2'], 'number'],
    [['1', '0'], 'number'], // 1/0 are numbers unless declared boolean
    [['02139', '10001'], 'string'], // leading zeros: a code, not a number
    [['0', '0.5'], 'number'],
    [['1990-01-02', '2001-12-31'], 'date'],
    [['2025-01-02T03:04:05Z', '2025-01-02'], 'datetime'],
    [['2025-01-02T03:04:05'], 'string'], // no zone: not a datetime
    [['yes', 'no'], 'string'],
    [['1', 'x'], 'string'],
    [[], 'string'],
    [['', '  '], 'string'],
  ])('%j → %s', (values, type) => expect(inferFieldType(values)).toBe(type));
});

import { describe, expect, it } from 'vitest';
import type { RuleGroupType } from 'react-querybuilder';
import { countInvalidValues, valueProblem } from '../../../renderer/src/rule-builder/value-check.ts';
import {
  engagementRowFields,
  profileGraphFields,
  type BuilderField,
} from '../../../renderer/src/rule-builder/fields.ts';
import { sampleConfig } from '../factories.ts';

const space = sampleConfig().dataSpaces[0]!;
const fields = profileGraphFields(space.profileDataGraphs[0], ['Loyalty_Members']);
const field = (name: string): BuilderField => fields.find((f) => f.name === name)!;
const row = (name: string): BuilderField => engagementRowFields(['category']).find((f) => f.name === name)!;

describe('valueProblem', () => {
  it.each<[string, BuilderField, string, unknown, string | undefined]>([
    ['a number', field('ci:lifetime_value'), '>=', 1000, undefined],
    [
      'text for a calculated insight',
      field('ci:lifetime_value'),
      '>=',
      'abc',
      '"abc" is not a number. Calculated insight: lifetime_value is a number.',
    ],
    [
      'nothing for a number',
      field('ci:lifetime_value'),
      '<',
      '',
      'Enter a number. Calculated insight: lifetime_value is a number.',
    ],
    ['a between with a text bound', row('price'), 'between', [10, 'x'], '"x" is not a number. price is a number.'],
    ['a list with a text element', row('quantity'), 'in', [1, '2a'], '"2a" is not a number. quantity is a number.'],
    ['a boolean', field('emailOptIn'), '=', true, undefined],
    [
      '"true" for a boolean',
      field('emailOptIn'),
      '=',
      'true',
      '"true" is not true or false. Email Opt-In (emailOptIn) is true or false.',
    ],
    ['a canonical timestamp', field('createdAt'), '>=', '2026-01-01T00:00:00.000Z', undefined],
    [
      'a date for a datetime compared as text',
      field('createdAt'),
      '>=',
      '2026-01-01',
      '"2026-01-01" is not a timestamp like 2026-01-31T00:00:00.000Z. Customer Since (createdAt) is a datetime.',
    ],
    [
      'an impossible date',
      field('birthDate'),
      '<',
      '2001-02-30',
      '"2001-02-30" is not a date like 2026-01-31. Birth Date (birthDate) is a date.',
    ],
    ['a date', field('birthDate'), '<', '2001-02-28', undefined],
    ['before with any parsable time', field('createdAt'), 'before', '2026-01-01', undefined],
    [
      'before with text',
      field('createdAt'),
      'before',
      'soon',
      '"soon" is not a date or timestamp like 2026-01-31T00:00:00.000Z.',
    ],
    ['a relative time', field('createdAt'), 'within_last', [30, 'days'], undefined],
    [
      'a negative relative time',
      field('createdAt'),
      'within_last',
      [-1, 'days'],
      'Enter a number of time units (0 or more).',
    ],
    ['text for a string field', field('country'), '=', 'US', undefined],
    ['no value', field('ci:lifetime_value'), 'null', null, undefined],
  ])('%s', (_name, f, op, value, expected) => {
    expect(valueProblem(f, op, value)).toBe(expected);
  });
});

describe('countInvalidValues', () => {
  it('counts rules, groups and engagement subqueries', () => {
    const query: RuleGroupType = {
      combinator: 'and',
      rules: [
        { field: 'ci:lifetime_value', operator: '>=', value: 'abc' },
        { combinator: 'or', rules: [{ field: 'emailOptIn', operator: '=', value: 'yes' }] },
        {
          field: 'engagement.browse',
          operator: '=',
          match: { mode: 'some' },
          value: { combinator: 'and', rules: [{ field: 'price', operator: '>', value: 'cheap' }] },
        },
        { field: 'country', operator: '=', value: 'US' },
      ],
    };
    expect(countInvalidValues(query, fields)).toBe(3);
  });
});

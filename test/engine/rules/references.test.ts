import { describe, expect, it } from 'vitest';
import {
  countConditions,
  referencedInsights,
  referencedSegments,
  referencedVars,
} from '../../../engine/rules/index.ts';

describe('referencedVars', () => {
  it('reports root and element scopes with the array being iterated', () => {
    const rule = {
      and: [
        { '==': [{ var: 'loyaltyTier' }, 'Gold'] },
        {
          some: [
            { var: 'engagement.browse' },
            { and: [{ '==': [{ var: 'category' }, 'shoes'] }, { in_segment: 'VIP' }] },
          ],
        },
        {
          '>': [
            {
              reduce: [
                { var: 'engagement.order' },
                { '+': [{ var: 'current.price' }, { var: 'accumulator' }] },
                { var: ['ci.base', 0] },
              ],
            },
            100,
          ],
        },
      ],
    };
    expect(referencedVars(rule)).toEqual([
      { path: 'loyaltyTier', jsonPath: '$.and[0]["=="][0]', scope: 'root' },
      { path: 'engagement.browse', jsonPath: '$.and[1].some[0]', scope: 'root' },
      {
        path: 'category',
        jsonPath: '$.and[1].some[1].and[0]["=="][0]',
        scope: 'element',
        iterating: 'engagement.browse',
      },
      { path: 'engagement.order', jsonPath: '$.and[2][">"][0].reduce[0]', scope: 'root' },
      {
        path: 'current.price',
        jsonPath: '$.and[2][">"][0].reduce[1]["+"][0]',
        scope: 'element',
        iterating: 'engagement.order',
      },
      {
        path: 'accumulator',
        jsonPath: '$.and[2][">"][0].reduce[1]["+"][1]',
        scope: 'element',
        iterating: 'engagement.order',
      },
      { path: 'ci.base', jsonPath: '$.and[2][">"][0].reduce[2]', scope: 'root' },
    ]);
  });

  it('covers every iterating operator, nested iteration and computed arrays', () => {
    const rule = {
      and: [
        { all: [{ var: 'orders' }, { some: [{ var: 'items' }, { '>': [{ var: 'qty' }, 1] }] }] },
        { none: [{ filter: [{ var: 'xs' }, { var: 'ok' }] }, { var: 'bad' }] },
        { count: [{ var: 'engagement.cart' }, { var: 'price' }] },
        { map: [{ var: 'ys' }, { var: '' }] },
      ],
    };
    expect(referencedVars(rule).map((v) => [v.path, v.scope, v.iterating])).toEqual([
      ['orders', 'root', undefined],
      ['items', 'element', 'orders'],
      ['qty', 'element', 'items'],
      ['xs', 'root', undefined],
      ['ok', 'element', 'xs'],
      ['bad', 'element', undefined],
      ['engagement.cart', 'root', undefined],
      ['price', 'element', 'engagement.cart'],
      ['ys', 'root', undefined],
      ['', 'element', 'ys'],
    ]);
  });

  it('lists missing / missing_some keys, numeric paths and the whole data; skips computed paths', () => {
    const rule = {
      and: [
        { '!': { missing: ['email', 'firstName'] } },
        { '!': { missing_some: [1, ['phone', 'mobile']] } },
        { var: 0 },
        { var: '' },
        { var: { cat: ['a', 'b'] } },
      ],
    };
    expect(referencedVars(rule).map((v) => [v.path, v.jsonPath])).toEqual([
      ['email', '$.and[0]["!"].missing[0]'],
      ['firstName', '$.and[0]["!"].missing[1]'],
      ['phone', '$.and[1]["!"].missing_some[1][0]'],
      ['mobile', '$.and[1]["!"].missing_some[1][1]'],
      ['0', '$.and[2]'],
      ['', '$.and[3]'],
    ]);
  });

  it('a rule without vars has none', () => {
    expect(referencedVars(true)).toEqual([]);
    expect(referencedVars({ in_segment: 'VIP' })).toEqual([]);
  });
});

describe('referencedSegments and referencedInsights', () => {
  const rule = {
    or: [
      { in_segment: 'Loyalty_Members' },
      {
        and: [
          { in_segment: ['Active_Shoppers'] },
          { '>': [{ ci: 'lifetimeValue' }, 500] },
          { '<': [{ ci: ['viewsLast30Days', 0] }, 3] },
        ],
      },
      { in_segment: { var: 'dynamic' } },
    ],
  };

  it('lists literal segment names with their paths', () => {
    expect(referencedSegments(rule)).toEqual([
      { name: 'Loyalty_Members', jsonPath: '$.or[0]' },
      { name: 'Active_Shoppers', jsonPath: '$.or[1].and[0]' },
    ]);
  });

  it('lists calculated insights', () => {
    expect(referencedInsights(rule)).toEqual([
      { name: 'lifetimeValue', jsonPath: '$.or[1].and[1][">"][0]' },
      { name: 'viewsLast30Days', jsonPath: '$.or[1].and[2]["<"][0]' },
    ]);
  });
});

describe('countConditions', () => {
  it.each<[string, unknown, number]>([
    ['no rule', true, 0],
    ['a literal list', ['a', 'b'], 0],
    ['one comparison', { '==': [{ var: 'a' }, 1] }, 1],
    ['a bare var as the rule', { var: 'optIn' }, 1],
    ['a bare var in and', { and: [{ var: 'optIn' }, { '>': [{ var: 'age' }, 18] }] }, 2],
    ['a var as a comparison operand is not a condition', { '>': [{ var: 'age' }, { var: 'minAge' }] }, 1],
    [
      'and/or/! only combine',
      { or: [{ and: [{ '==': [1, 1] }, { '!': { in_segment: 'X' } }] }, { '!!': { var: 'vip' } }] },
      3,
    ],
    [
      'in, between and custom predicates',
      {
        and: [
          { in: [{ var: 'c' }, ['US']] },
          { '<=': [1, { var: 'x' }, 5] },
          { within_last: [{ var: 't' }, 7, 'days'] },
          { before: ['a', 'b'] },
          { after: ['a', 'b'] },
          { in_segment: 'S' },
        ],
      },
      6,
    ],
    [
      'some counts itself and its predicate',
      {
        some: [
          { var: 'engagement.browse' },
          { and: [{ '>=': [{ var: 'timestamp' }, '2026'] }, { '==': [{ var: 'category' }, 'shoes'] }] },
        ],
      },
      3,
    ],
    [
      'all and none',
      { and: [{ all: [{ var: 'xs' }, { var: '' }] }, { none: [{ var: 'ys' }, { '>': [{ var: '' }, 1] }] }] },
      4,
    ],
    ['missing checks', { and: [{ '!': { missing: ['a'] } }, { '!': { missing_some: [1, ['b', 'c']] } }] }, 2],
    [
      'if conditions, not its values',
      { if: [{ var: 'vip' }, { '>': [{ var: 'a' }, 1] }, { var: 'b' }, 'x', { var: 'c' }] },
      3,
    ],
    [
      'count predicate conditions; the comparison on count',
      { '>=': [{ count: [{ var: 'xs' }, { '>': [{ var: 'p' }, 1] }] }, 2] },
      2,
    ],
    ['ci read as a yes/no answer', { and: [{ ci: 'isVip' }, { '>': [{ ci: 'ltv' }, 10] }] }, 2],
  ])('%s → %i', (_name, rule, n) => {
    expect(countConditions(rule)).toBe(n);
  });

  it('counts a 60-condition rule as 60 (over the product limit of 50)', () => {
    const rule = { and: Array.from({ length: 60 }, (_, i) => ({ '==': [{ var: `f${i}` }, i] })) };
    expect(countConditions(rule)).toBe(60);
  });
});

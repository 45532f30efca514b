import { describe, expect, it } from 'vitest';
import { ruleToBuilder } from '../../../renderer/src/rule-builder/round-trip.ts';
import { jsonLogicToQuery } from '../../../renderer/src/rule-builder/parse-rule.ts';
import { queryToJsonLogic } from '../../../renderer/src/rule-builder/format-rule.ts';
import { ENGINE_OPERATORS_WRITTEN } from '../../../renderer/src/rule-builder/operators.ts';
import { OPERATORS } from '../../../engine/rules/operators.ts';
import { compile } from '../../../engine/rules/index.ts';
import { ACTIVE_SHOPPERS_RULE, LOYALTY_MEMBERS_RULE } from '../../../engine/sample/config.ts';
import type { Rule } from '../../../engine/model/rule.ts';

const v = (path: string) => ({ var: path });

/** Rules the builder must edit without changing a byte of their meaning or shape. */
const REPRESENTABLE: Array<[string, Rule]> = [
  ['equality on a string attribute', { '==': [v('loyaltyTier'), 'Gold'] }],
  ['strict inequality', { '!==': [v('country'), 'US'] }],
  ['number comparison', { '>=': [v('age'), 18] }],
  ['boolean attribute', { '==': [v('emailOptIn'), true] }],
  ['null check', { '==': [v('email'), null] }],
  ['not-null check', { '!=': [v('email'), null] }],
  ['field against field', { '==': [v('city'), v('country')] }],
  ['is one of (sample Loyalty Members)', LOYALTY_MEMBERS_RULE],
  ['is not one of', { '!': { in: [v('country'), ['US', 'CA']] } }],
  ['contains', { in: ['gmail', v('email')] }],
  ['between inclusive', { '<=': [18, v('age'), 65] }],
  ['not between', { '!': { '<=': [1, v('age'), 2] } }],
  ['within_last (custom)', { within_last: [v('createdAt'), 30, 'days'] }],
  ['not within_last (custom)', { '!': { within_last: [v('createdAt'), 2, 'weeks'] } }],
  ['singular time unit kept', { within_last: [v('createdAt'), 1, 'day'] }],
  ['after time_ago (custom)', { after: [v('createdAt'), { time_ago: [90, 'days'] }] }],
  ['before time_ago (custom)', { before: [v('birthDate'), { time_ago: [18, 'weeks'] }] }],
  ['before a date (custom)', { before: [v('createdAt'), '2026-01-01T00:00:00.000Z'] }],
  ['in_segment (custom)', { in_segment: 'Loyalty_Members' }],
  ['not in_segment (custom)', { '!': { in_segment: 'Active_Shoppers' } }],
  ['calculated insight (custom ci)', { '>=': [{ ci: 'lifetime_value' }, 500] }],
  ['calculated insight with default', { '>': [{ ci: ['views_7d', 0] }, 3] }],
  ['ci is one of', { in: [{ ci: 'tier_score' }, [1, 2]] }],
  ['some rows (sample Active Shoppers)', ACTIVE_SHOPPERS_RULE],
  [
    'some rows with two conditions',
    {
      some: [
        v('engagement.browse'),
        { and: [{ within_last: [v('timestamp'), 30, 'days'] }, { '==': [v('category'), 'shoes'] }] },
      ],
    },
  ],
  ['no rows', { none: [v('engagement.order'), { '>': [v('price'), 100] }] }],
  ['every row', { all: [v('engagement.cart'), { '>=': [v('quantity'), 1] }] }],
  [
    'count at least (custom count)',
    { '>=': [{ count: [v('engagement.order'), { after: [v('timestamp'), { time_ago: [90, 'days'] }] }] }, 2] },
  ],
  ['count exactly without condition', { '==': [{ count: [v('engagement.cart')] }, 0] }],
  ['count at most', { '<=': [{ count: [v('engagement.browse'), { '==': [v('category'), 'books'] }] }, 5] }],
  ['and of conditions', { and: [{ in_segment: 'Loyalty_Members' }, { '>=': [v('age'), 21] }] }],
  [
    'or inside and',
    {
      and: [
        { '==': [v('country'), 'US'] },
        { or: [{ '==': [v('loyaltyTier'), 'Gold'] }, { '==': [v('loyaltyTier'), 'Platinum'] }] },
      ],
    },
  ],
  ['negated group', { '!': { or: [{ '==': [v('country'), 'US'] }, { '==': [v('country'), 'CA'] }] } }],
  ['negated single condition', { '!': { '==': [v('country'), 'US'] } }],
  ['double negation', { '!': { '!': { '>': [v('age'), 3] } } }],
  [
    'docs/rules.md example',
    {
      and: [
        { in: [v('loyaltyTier'), ['Gold', 'Platinum']] },
        { '>=': [v('age'), 18] },
        { '<=': [18, v('age'), 65] },
        {
          some: [
            v('engagement.browse'),
            { and: [{ within_last: [v('timestamp'), 30, 'days'] }, { '==': [v('category'), 'shoes'] }] },
          ],
        },
        { '!': { in_segment: 'Churned' } },
        { '>=': [{ ci: ['lifetimeValue', 0] }, 500] },
        { '>=': [{ count: [v('engagement.order'), { after: [v('timestamp'), { time_ago: [90, 'days'] }] }] }, 2] },
      ],
    },
  ],
];

/** Rules the builder cannot edit exactly: they stay in the JSON view. */
const JSON_ONLY: Array<[string, Rule]> = [
  ['arithmetic', { '>': [{ '+': [v('a'), 1] }, 3] }],
  ['if expression', { if: [v('a'), true, false] }],
  ['var with a default', { '==': [{ var: ['tier', 'none'] }, 'Gold'] }],
  ['literal on the left', { '<': [5, v('age')] }],
  ['time_since', { '>': [{ time_since: [v('createdAt'), 'days'] }, 30] }],
  ['exclusive between', { '<': [1, v('age'), 9] }],
  ['single-element and', { and: [{ '==': [v('a'), 1] }] }],
  ['double bang', { '!!': v('email') }],
  ['unknown time unit', { within_last: [v('createdAt'), 1, 'months'] }],
  ['missing', { missing: ['email'] }],
  ['a bare literal', true],
];

describe('rule builder: JSONLogic ⇄ react-querybuilder', () => {
  it.each(REPRESENTABLE)('round-trips %s', (_name, rule) => {
    const view = ruleToBuilder(rule);
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect(queryToJsonLogic(view.query)).toEqual(rule);
    // The rule the builder writes compiles in the engine.
    expect(() => compile(queryToJsonLogic(view.query))).not.toThrow();
  });

  it.each(JSON_ONLY)('keeps %s in the JSON view', (_name, rule) => {
    const view = ruleToBuilder(rule);
    expect(view.ok).toBe(false);
  });

  it('an empty builder is no targeting rule (everyone)', () => {
    expect(ruleToBuilder(null)).toEqual({ ok: true, query: { combinator: 'and', rules: [] } });
    expect(queryToJsonLogic({ combinator: 'and', rules: [] })).toBeNull();
  });

  it('reads the custom operators into builder operators', () => {
    const q = jsonLogicToQuery({
      and: [
        { in_segment: 'Loyalty_Members' },
        { within_last: [v('createdAt'), 30, 'days'] },
        { '>=': [{ ci: 'lifetime_value' }, 5] },
      ],
    });
    expect(q.rules).toMatchObject([
      { field: 'segments', operator: 'in_segment', value: 'Loyalty_Members' },
      { field: 'createdAt', operator: 'within_last', value: [30, 'days'] },
      { field: 'ci:lifetime_value', operator: '>=', value: 5 },
    ]);
  });

  it('incomplete rules are left out of the JSONLogic', () => {
    const rule = queryToJsonLogic({
      combinator: 'and',
      rules: [
        { field: 'createdAt', operator: 'within_last', value: '' },
        { field: 'age', operator: '>', value: 3 },
      ],
    });
    expect(rule).toEqual({ '>': [v('age'), 3] });
  });

  it('writes only operators the engine knows', () => {
    const engine = new Set(OPERATORS.map((o) => o.name));
    for (const op of ENGINE_OPERATORS_WRITTEN) expect(engine.has(op), op).toBe(true);
  });
});

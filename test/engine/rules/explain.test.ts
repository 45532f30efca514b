import { describe, expect, it } from 'vitest';
import type { ExplainNode } from '../../../engine/model/index.ts';
import { explain, ruleContext, whyNot } from '../../../engine/rules/index.ts';

const ctx = ruleContext('2026-11-29T20:00:00.000Z');

const TARGETING = {
  and: [
    { in: [{ var: 'loyaltyTier' }, ['Gold', 'Platinum']] },
    { '>=': [{ var: 'age' }, 18] },
    { some: [{ var: 'engagement.browse' }, { within_last: [{ var: 'timestamp' }, 30, 'days'] }] },
  ],
};

const profile = (over: Record<string, unknown> = {}) => ({
  id: 'ind_1',
  loyaltyTier: 'Gold',
  age: 30,
  engagement: {
    browse: [{ itemId: 'p1', timestamp: '2026-11-20T10:00:00.000Z', category: 'shoes' }],
    cart: [],
    order: [],
  },
  segments: [],
  ci: {},
  ...over,
});

const find = (n: ExplainNode, path: string): ExplainNode | undefined =>
  n.path === path && n.op !== 'element' ? n : n.args.map((a) => find(a, path)).find(Boolean);

describe('explain', () => {
  it('gives the value of every node', () => {
    const tree = explain(TARGETING, profile(), ctx);
    expect(tree).toMatchObject({ path: '$', op: 'and', value: true });
    expect(tree.args.map((a) => [a.path, a.op, a.value])).toEqual([
      ['$.and[0]', 'in', true],
      ['$.and[1]', '>=', true],
      ['$.and[2]', 'some', true],
    ]);
    expect(find(tree, '$.and[0].in[0]')).toMatchObject({
      op: 'var',
      value: 'Gold',
      varPath: 'loyaltyTier',
      missing: false,
    });
    expect(find(tree, '$.and[0].in[1]')).toMatchObject({ op: 'literal', value: ['Gold', 'Platinum'] });
  });

  it('marks short-circuited operands as skipped', () => {
    const tree = explain(TARGETING, profile({ loyaltyTier: 'Bronze' }), ctx);
    expect(tree.value).toBe(false);
    expect(tree.args.map((a) => a.skipped ?? false)).toEqual([false, true, true]);
    expect(tree.args[1]).toMatchObject({ path: '$.and[1]', op: '>=', value: null, args: [] });
  });

  it('lists one element node per element evaluated, with the var path that reads it', () => {
    const rule = { some: [{ var: 'engagement.browse' }, { '==': [{ var: 'category' }, 'bags'] }] };
    const data = profile({
      engagement: { browse: [{ category: 'shoes' }, { category: 'bags' }, { category: 'hats' }] },
    });
    const tree = explain(rule, data, ctx);
    const elements = tree.args.filter((a) => a.op === 'element');
    expect(elements.map((e) => [e.varPath, e.value])).toEqual([
      ['engagement.browse.0', false],
      ['engagement.browse.1', true],
    ]);
    expect(elements[1]!.args[0]).toMatchObject({ path: '$.some[1]', op: '==', value: true });
  });

  it('marks a var that fell back to its default as missing', () => {
    const tree = explain({ var: ['nickname', 'friend'] }, profile(), ctx);
    expect(tree).toMatchObject({ op: 'var', value: 'friend', varPath: 'nickname', missing: true });
  });

  it('explains the untaken branches of if as skipped', () => {
    const tree = explain(
      { if: [{ var: 'vip' }, 'gold', { '>': [{ var: 'age' }, 60] }, 'senior', 'standard'] },
      { vip: false, age: 70 },
      ctx,
    );
    expect(tree.value).toBe('senior');
    expect(tree.args.map((a) => a.skipped ?? false)).toEqual([false, true, false, false, true]);
  });

  it('shows long arrays truncated in inner nodes but keeps the root value whole', () => {
    const xs = Array.from({ length: 120 }, (_, i) => i);
    const tree = explain({ merge: [{ var: 'xs' }] }, { xs }, ctx);
    expect(tree.value).toEqual(xs);
    const inner = tree.args[0]!.value as unknown[];
    expect(inner).toHaveLength(51);
    expect(inner[50]).toBe('… 70 more');
  });

  it('explains at most 50 elements in detail, and still gets the value right', () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({ n: i }));
    const tree = explain({ count: [{ var: 'rows' }, { '>=': [{ var: 'n' }, 10] }] }, { rows }, ctx);
    expect(tree.value).toBe(70);
    expect(tree.args.filter((a) => a.op === 'element')).toHaveLength(50);
  });

  it('is JSON-serializable for traces', () => {
    const tree = explain(TARGETING, profile(), ctx);
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
  });
});

describe('whyNot', () => {
  it('is undefined when the rule holds', () => {
    expect(whyNot(explain(TARGETING, profile(), ctx))).toBeUndefined();
  });

  it('names the first falsy child of a failing and', () => {
    const why = whyNot(explain(TARGETING, profile({ loyaltyTier: 'Bronze', age: 12 }), ctx));
    expect(why).toEqual({
      path: '$.and[0]',
      op: 'in',
      value: false,
      description: 'loyaltyTier is "Bronze", not in ["Gold","Platinum"]',
    });
  });

  it('descends into nested ands', () => {
    const rule = { and: [true, { and: [{ '==': [{ var: 'country' }, 'US'] }, { '>=': [{ var: 'age' }, 21] }] }] };
    expect(whyNot(explain(rule, { country: 'US', age: 19 }, ctx))).toEqual({
      path: '$.and[1].and[1]',
      op: '>=',
      value: false,
      description: 'age is 19, not at least 21',
    });
  });

  it('says so when a var is missing', () => {
    expect(whyNot(explain({ '>=': [{ var: 'age' }, 18] }, {}, ctx))?.description).toBe(
      'age is missing, not at least 18',
    );
  });

  it('or with all alternatives false lists every reason', () => {
    const rule = {
      or: [{ '==': [{ var: 'loyaltyTier' }, 'Gold'] }, { in_segment: 'VIP' }, { '<=': [18, { var: 'age' }, 25] }],
    };
    expect(whyNot(explain(rule, { loyaltyTier: 'Silver', age: 40, segments: [] }, ctx))).toEqual({
      path: '$',
      op: 'or',
      value: false,
      description:
        'none of the 3 alternatives holds: loyaltyTier is "Silver", not equal to "Gold"; not in segment "VIP"; age is 40, not between 18 and 25 (inclusive)',
    });
  });

  it('some over an empty array says the array is empty', () => {
    const why = whyNot(explain(TARGETING, profile({ engagement: { browse: [], cart: [], order: [] } }), ctx));
    expect(why).toEqual({
      path: '$.and[2]',
      op: 'some',
      value: false,
      description: 'engagement.browse is empty, so some is false',
    });
  });

  it('some over a missing array says it is missing', () => {
    const why = whyNot(explain({ some: [{ var: 'engagement.order' }, true] }, {}, ctx));
    expect(why?.description).toBe('engagement.order is missing, so some is false');
  });

  it('some with no matching element gives an example', () => {
    const data = profile({
      engagement: { browse: [{ timestamp: '2026-01-01T00:00:00.000Z' }, { timestamp: 'garbage' }] },
    });
    expect(whyNot(explain(TARGETING, data, ctx))).toEqual({
      path: '$.and[2]',
      op: 'some',
      value: false,
      description:
        '0 of 2 elements of engagement.browse checked match, so some is false; e.g. engagement.browse.0: timestamp is "2026-01-01T00:00:00.000Z", not within the last 30 days',
    });
  });

  it('all names the first element that fails', () => {
    const rule = { all: [{ var: 'engagement.order' }, { '>': [{ var: 'price' }, 10] }] };
    const why = whyNot(explain(rule, { engagement: { order: [{ price: 20 }, { price: 5 }] } }, ctx));
    expect(why).toEqual({
      path: '$.all[1]',
      op: '>',
      value: false,
      description: 'engagement.order.1: price is 5, not greater than 10',
    });
  });

  it('all over an empty array', () => {
    const why = whyNot(explain({ all: [{ var: 'xs' }, true] }, { xs: [] }, ctx));
    expect(why?.description).toBe('xs is empty, so all is false');
  });

  it('none names the element that matches', () => {
    const rule = { none: [{ var: 'engagement.order' }, { '==': [{ var: 'category' }, 'returns'] }] };
    const why = whyNot(explain(rule, { engagement: { order: [{ category: 'shoes' }, { category: 'returns' }] } }, ctx));
    expect(why?.description).toBe('engagement.order.1 matches: category is "returns", equal to "returns"');
  });

  it('negation says what held', () => {
    const why = whyNot(explain({ and: [{ '!': { in_segment: 'Churned' } }] }, { segments: ['Churned'] }, ctx));
    expect(why).toEqual({ path: '$.and[0]', op: '!', value: false, description: 'not expected: in segment "Churned"' });
  });

  it('literal on the left of a comparison reads from the var side', () => {
    expect(whyNot(explain({ '<': [18, { var: 'age' }] }, { age: 12 }, ctx))?.description).toBe(
      'age is 12, not greater than 18',
    );
  });

  it('time predicates', () => {
    expect(
      whyNot(
        explain(
          { after: [{ var: 'lastOrderAt' }, { time_ago: [7, 'days'] }] },
          { lastOrderAt: '2026-11-01T00:00:00.000Z' },
          ctx,
        ),
      )?.description,
    ).toBe('lastOrderAt is "2026-11-01T00:00:00.000Z", not after time_ago(7, "days") ("2026-11-22T20:00:00.000Z")');
  });

  it('follows the branch an if took', () => {
    const rule = { if: [{ var: 'vip' }, { '>': [{ var: 'spend' }, 100] }, false] };
    expect(whyNot(explain(rule, { vip: true, spend: 50 }, ctx))?.path).toBe('$.if[1]');
    expect(whyNot(explain(rule, { vip: false }, ctx))).toMatchObject({ path: '$.if[2]', op: 'literal' });
  });

  it('a bare falsy var', () => {
    expect(whyNot(explain({ and: [{ var: 'emailOptIn' }] }, { emailOptIn: false }, ctx))).toEqual({
      path: '$.and[0]',
      op: 'var',
      value: false,
      description: 'emailOptIn is false',
    });
  });
});

import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile, evaluate, explain, ruleContext, truthy } from '../../../engine/rules/index.ts';

const ctx = ruleContext('2026-11-29T20:00:00.000Z');

/** Values JSON cannot hold (undefined, NaN, ±Infinity, -0), checked against json-logic-js with Object.is. */
const NON_JSON: Array<[string, unknown, unknown, unknown]> = [
  ['and with no operands', { and: [] }, null, undefined],
  ['or with no operands', { or: [] }, null, undefined],
  ['map without logic', { map: [[1, 2]] }, null, [undefined, undefined]],
  ['max of nothing', { max: [] }, null, -Infinity],
  ['min of nothing', { min: [] }, null, Infinity],
  ['division by zero', { '/': [1, 0] }, null, Infinity],
  ['0 / 0', { '/': [0, 0] }, null, NaN],
  ['+ with null', { '+': [1, null] }, null, NaN],
  ['reduce + without initial', { reduce: [[1, 2], { '+': [{ var: 'current' }, { var: 'accumulator' }] }] }, null, NaN],
  ['negation of zero', { '-': [0] }, null, -0],
  ['negation of an empty array', { '-': [[]] }, null, -0],
  ['* parses a -0 accumulator to 0', { '*': ['-0', 5, 2] }, null, 0],
  ['* of -0 and a number', { '*': ['-0', 5] }, null, -0],
  ['- with a non-numeric string', { '-': ['3abc', 1] }, null, NaN],
  ['var whole data of undefined', { var: '' }, undefined, undefined],
  ['substr of nothing', { substr: [] }, null, 'undefined'],
  ['var default computed to undefined', { var: ['zz', { and: [] }] }, {}, null],
  ['reduce initial computed to undefined', { reduce: [[], 1, { and: [] }] }, null, undefined],
  ['< with an undefined third operand is the two-operand form', { '<': [1, 2, { and: [] }] }, null, true],
  [
    '<= with an undefined third operand is the two-operand form',
    { '<=': [3, { var: 'x' }, { or: [] }] },
    { x: 5 },
    true,
  ],
];

describe('values outside JSON agree with json-logic-js', () => {
  it.each(NON_JSON)('%s', (_name, rule, data, expected) => {
    const ours = evaluate(rule, data, ctx);
    expect(compile(rule)(data, ctx)).toEqual(ours);
    expect(
      Object.is(ours, expected) || (Array.isArray(expected) && JSON.stringify(ours) === JSON.stringify(expected)),
    ).toBe(true);
    expect(ours).toEqual(jsonLogic.apply(rule as never, data));
    expect(Object.is(explain(rule, data, ctx).value, ours) || Array.isArray(ours)).toBe(true);
  });
});

describe('truthy', () => {
  it.each([
    [0, false],
    [1, true],
    [-1, true],
    ['', false],
    ['0', true],
    ['false', true],
    [[], false],
    [[0], true],
    [{}, true],
    [null, false],
    [undefined, false],
    [NaN, false],
    [true, true],
    [false, false],
  ])('truthy(%j) is %s, like json-logic-js', (v, expected) => {
    expect(truthy(v)).toBe(expected);
    expect(jsonLogic.truthy(v)).toBe(expected);
  });
});

describe('safety', () => {
  it.each([
    'constructor',
    '__proto__',
    'toString',
    'a.constructor',
    'a.hasOwnProperty',
    's.toUpperCase',
    'n.toFixed',
    'arr.map',
  ])('var %s never reaches a prototype member (json-logic-js would return a function or a prototype)', (path) => {
    const data = { a: {}, s: 'x', n: 1, arr: [1] };
    expect(evaluate({ var: [path, 'none'] }, data, ctx)).toBe('none');
    expect(explain({ var: [path, 'none'] }, data, ctx).value).toBe('none');
  });

  it('own properties named like prototype members are read', () => {
    const data = JSON.parse('{"constructor": "own", "a": {"toString": 5}, "__proto__": {"x": 1}}');
    expect(evaluate({ var: 'constructor' }, data, ctx)).toBe('own');
    expect(evaluate({ var: 'a.toString' }, data, ctx)).toBe(5);
    expect(evaluate({ var: '__proto__.x' }, data, ctx)).toBe(1);
    expect(evaluate({ missing: ['constructor', 'valueOf'] }, data, ctx)).toEqual(['valueOf']);
  });

  it('compile copies literals: changing the rule afterwards changes nothing', () => {
    const list = ['Gold', 'Platinum'];
    const rule = { in: [{ var: 'tier' }, list] };
    const f = compile(rule);
    list.push('Bronze');
    expect(f({ tier: 'Bronze' }, ctx)).toBe(false);
  });

  it('compile does not change the rule', () => {
    const rule = { and: [{ in: [{ var: 'tier' }, ['Gold']] }, { '*': ['2', 3] }, { merge: [[1], [2]] }] };
    const before = JSON.stringify(rule);
    compile(rule)({ tier: 'Gold' }, ctx);
    explain(rule, { tier: 'Gold' }, ctx);
    expect(JSON.stringify(rule)).toBe(before);
  });

  it('a literal array result is frozen, so a caller cannot change the compiled rule', () => {
    const f = compile({ if: [{ var: 'x' }, ['a', 'b'], []] });
    const out = f({ x: true }, ctx) as string[];
    expect(out).toEqual(['a', 'b']);
    expect(Object.isFrozen(out)).toBe(true);
    expect(f({ x: true }, ctx)).toEqual(['a', 'b']);
  });

  it('computed arrays are fresh on every call', () => {
    const f = compile({ merge: [['a'], { var: 'x' }] });
    const first = f({ x: 'b' }, ctx) as string[];
    first.push('mutated');
    expect(f({ x: 'b' }, ctx)).toEqual(['a', 'b']);
  });

  it('runtime errors of json-logic-js surface as errors', () => {
    expect(() => evaluate({ missing_some: [1, null] }, {}, ctx)).toThrow(TypeError);
    expect(() => jsonLogic.apply({ missing_some: [1, null] } as never, {})).toThrow(TypeError);
  });
});

describe('ruleContext', () => {
  it('canonicalizes the as-of time', () => {
    expect(ruleContext('2026-11-29T21:00:00+01:00')).toEqual({
      asOf: '2026-11-29T20:00:00.000Z',
      asOfMs: Date.UTC(2026, 10, 29, 20),
    });
    expect(ruleContext('2026-11-29')).toEqual({ asOf: '2026-11-29T00:00:00.000Z', asOfMs: Date.UTC(2026, 10, 29) });
  });

  it.each(['', 'tomorrow', '2026-13-01T00:00:00Z', '2026-02-29T00:00:00Z', '12345'])('throws on %j', (text) => {
    expect(() => ruleContext(text)).toThrow(/Invalid as-of time/);
  });
});

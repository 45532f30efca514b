/**
 * fast-check generators of rules and profile-like data for the property tests. Rules use every
 * standard operator (and, optionally, the custom ones), nested, with vars over the generated
 * data. They avoid only what is outside the comparison: var paths naming prototype members
 * (where the compiler deliberately differs from json-logic-js) and operands json-logic-js
 * would re-interpret as logic (data objects as `missing` keys).
 */
import fc from 'fast-check';

const TIMESTAMPS = [
  '2026-11-29T19:00:00.000Z',
  '2026-11-29T20:00:00.000Z',
  '2026-11-01T00:00:00.000Z',
  '2026-10-30T20:00:00.000Z',
  '2025-01-01T00:00:00.000Z',
  '2026-12-01T00:00:00.000Z',
  '2026-11-29T21:00:00+01:00',
  '2026-11-28',
  'garbage',
  '',
];
const STRINGS = ['', '0', '1', '10', '2', 'a', 'b', 'ab', 'Gold', 'shoes', 'x', ...TIMESTAMPS.slice(0, 3)];
const KEYS = ['a', 'b', 'n', 's', 'x', 't', 'cat'];

export const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(0, 1, 2.5, -0.5, 100),
  fc.constantFrom(...STRINGS),
  fc.boolean(),
  fc.constant(null),
);

const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'json' },
    scalar,
    fc.array(tie('v'), { maxLength: 3, depthIdentifier: 'json' }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 3, depthIdentifier: 'json', noNullPrototype: true }),
  ),
})).v;

const row = fc.record(
  {
    x: scalar,
    t: fc.constantFrom(...TIMESTAMPS),
    cat: fc.constantFrom('shoes', 'bags', ''),
    price: fc.integer({ min: 0, max: 100 }),
    items: fc.array(fc.record({ qty: fc.integer({ min: 0, max: 3 }) }), { maxLength: 2 }),
  },
  { requiredKeys: ['x', 't'], noNullPrototype: true },
);

/** Profile-like data: root attributes, arrays of rows, segments and calculated insights. */
export const data: fc.Arbitrary<unknown> = fc.record(
  {
    a: jsonValue,
    b: jsonValue,
    n: fc.integer({ min: -5, max: 50 }),
    s: fc.constantFrom(...STRINGS),
    t: fc.constantFrom(...TIMESTAMPS),
    unit: fc.constantFrom('days', 'hours', 'months', 'week'),
    arr: fc.array(scalar, { maxLength: 5 }),
    rows: fc.array(row, { maxLength: 5 }),
    obj: fc.record({ x: scalar, y: jsonValue }, { requiredKeys: [], noNullPrototype: true }),
    segments: fc.subarray(['VIP', 'Active_Shoppers', 'Loyalty_Members']),
    ci: fc.dictionary(
      fc.constantFrom('ltv', 'views', 'score'),
      fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(null)),
      { maxKeys: 3, noNullPrototype: true },
    ),
  },
  { requiredKeys: [], noNullPrototype: true },
);

const VAR_PATHS = [
  'a',
  'b',
  'n',
  's',
  't',
  'arr',
  'rows',
  'obj',
  'obj.x',
  'obj.y',
  'arr.0',
  'arr.1',
  'rows.0.x',
  'rows.0.t',
  'a.a',
  'a.0',
  'missing',
  '',
  'x',
  't',
  'cat',
  'price',
  'items',
  'current',
  'accumulator',
  'current.x',
  's.length',
  'arr.length',
];
const UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'day'];

const op = (name: string, args: unknown): Record<string, unknown> => ({ [name]: args });

/** Rules over the data above; `custom` adds the workbench's custom operators. */
export function ruleArbitrary(custom: boolean): fc.Arbitrary<unknown> {
  return fc.letrec<{ rule: unknown; leaf: unknown; arrayish: unknown; ts: unknown }>((tie) => {
    const rule = tie('rule');
    const leaf = tie('leaf');
    const arrayish = tie('arrayish');
    const ts = tie('ts');
    const args = (min: number, max: number) =>
      fc.array(rule, { minLength: min, maxLength: max, depthIdentifier: 'rule' });
    const d = { depthIdentifier: 'rule' } as const;

    const standard = [
      leaf,
      leaf,
      fc
        .tuple(fc.constantFrom('==', '===', '!=', '!==', '>', '>=', '<', '<='), rule, rule)
        .map(([o, a, b]) => op(o, [a, b])),
      fc
        .tuple(
          fc.constantFrom('==', '>=', '<', '!=='),
          fc.constantFrom(...VAR_PATHS).map((p) => ({ var: p })),
          scalar,
        )
        .map(([o, a, b]) => op(o, [a, b])),
      fc.tuple(fc.constantFrom('<', '<='), rule, rule, rule).map(([o, a, b, c]) => op(o, [a, b, c])),
      fc
        .tuple(fc.constantFrom('!', '!!'), rule, fc.boolean())
        .map(([o, a, sugar]) => op(o, sugar && (a === null || typeof a !== 'object') ? a : [a])),
      fc.tuple(fc.constantFrom('and', 'or'), args(0, 4)).map(([o, a]) => op(o, a)),
      fc.tuple(fc.constantFrom('if', '?:'), args(0, 5)).map(([o, a]) => op(o, a)),
      fc.tuple(fc.constantFrom('+', '-', '/', '%', 'min', 'max', 'cat', 'merge'), args(0, 3)).map(([o, a]) => op(o, a)),
      args(1, 3).map((a) => op('*', a)),
      fc
        .tuple(rule, fc.oneof(fc.array(scalar, { maxLength: 4 }), fc.constantFrom(...STRINGS), rule))
        .map(([a, b]) => op('in', [a, b])),
      fc
        .tuple(rule, fc.integer({ min: -6, max: 6 }), fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined }))
        .map(([s, a, b]) => op('substr', b === undefined ? [s, a] : [s, a, b])),
      fc
        .array(fc.constantFrom(...VAR_PATHS.filter((p) => p !== '')), { maxLength: 3 })
        .map((keys) => op('missing', keys)),
      fc
        .tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.array(fc.constantFrom('a', 'b', 'n', 'missing', 'obj.x'), { maxLength: 3 }),
        )
        .map(([k, keys]) => op('missing_some', [k, keys])),
      fc
        .tuple(fc.constantFrom('map', 'filter', 'all', 'some', 'none'), arrayish, rule)
        .map(([o, a, p]) => op(o, [a, p])),
      fc
        .tuple(arrayish, rule, fc.option(rule, { nil: undefined }))
        .map(([a, p, i]) => op('reduce', i === undefined ? [a, p] : [a, p, i])),
      fc.tuple(rule, rule).map(([a, b]) => [a, b]),
      rule.map((r) => ({ var: [{ cat: ['a', r === null || typeof r !== 'object' ? '' : 'x'] }] })),
    ];
    const customOps = [
      fc.constant({ now: [] }),
      fc
        .tuple(
          fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constant(1.5), rule),
          fc.oneof(fc.constantFrom(...UNITS), fc.constant({ var: 'unit' })),
        )
        .map(([n, u]) => op('time_ago', [n, u])),
      fc
        .tuple(ts, fc.oneof(fc.constantFrom(...UNITS), fc.constant({ var: 'unit' })))
        .map(([t, u]) => op('time_since', [t, u])),
      fc.tuple(fc.constantFrom('before', 'after'), ts, ts).map(([o, a, b]) => op(o, [a, b])),
      fc
        .tuple(
          ts,
          fc.oneof(fc.integer({ min: 0, max: 40 }), rule),
          fc.oneof(fc.constantFrom(...UNITS), fc.constant({ var: 'unit' })),
        )
        .map(([t, n, u]) => op('within_last', [t, n, u])),
      fc
        .oneof(
          fc.constantFrom('VIP', 'Active_Shoppers', 'Nope'),
          rule.map((r) => ({ cat: [r] })),
        )
        .map((s) => op('in_segment', s)),
      fc
        .tuple(fc.constantFrom('ltv', 'views', 'score', 'nope'), fc.option(scalar, { nil: undefined }))
        .map(([n, dflt]) => op('ci', dflt === undefined ? n : [n, dflt])),
      fc
        .tuple(arrayish, fc.option(rule, { nil: undefined }))
        .map(([a, p]) => op('count', p === undefined ? [a] : [a, p])),
    ];
    return {
      rule: fc.oneof({ maxDepth: 4, depthSize: 'small', ...d }, ...standard, ...(custom ? customOps : [])),
      leaf: fc.oneof(
        scalar,
        fc.constantFrom(...VAR_PATHS).map((p) => ({ var: p })),
        fc.tuple(fc.constantFrom(...VAR_PATHS), scalar).map(([p, dflt]) => ({ var: [p, dflt] })),
        fc.array(scalar, { maxLength: 3 }),
      ),
      arrayish: fc.oneof(
        fc.constantFrom('arr', 'rows', 'a', 'b', 'items', 'obj.y', '').map((p) => ({ var: p })),
        fc.array(scalar, { maxLength: 4 }),
        rule,
      ),
      ts: fc.oneof(
        fc.constantFrom('t', 'rows.0.t', 'x', 'missing').map((p) => ({ var: p })),
        fc.constantFrom(...TIMESTAMPS),
        fc.constant({ now: [] }),
        fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(...UNITS)).map(([n, u]) => op('time_ago', [n, u])),
        rule,
      ),
    };
  }).rule;
}

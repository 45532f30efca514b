import { describe, expect, it } from 'vitest';
import { generatedSource, generateRule } from '../../../engine/rules/codegen.ts';
import { parseRule } from '../../../engine/rules/rule-node.ts';
import { compile, evaluate, ruleContext } from '../../../engine/rules/index.ts';

const ctx = ruleContext('2026-11-29T20:00:00.000Z');

const TARGETING = {
  and: [
    { '!=': [{ var: 'loyaltyTier' }, 'Bronze'] },
    { '>=': [{ var: 'age' }, 25] },
    { in: [{ var: 'country' }, ['US', 'CA', 'GB']] },
    {
      some: [
        { var: 'engagement.browse' },
        {
          and: [{ '>=': [{ var: 'timestamp' }, '2026-10-30T20:00:00.000Z'] }, { '==': [{ var: 'category' }, 'shoes'] }],
        },
      ],
    },
  ],
};

describe('code generation', () => {
  it('turns a targeting rule into one function without delegated closures', () => {
    const source = generatedSource(parseRule(TARGETING));
    expect(source).not.toContain('F[');
    expect(source).toContain('K[0].has(');
    expect(generateRule(parseRule(TARGETING))).toBeTypeOf('function');
  });

  it('delegates what it does not cover (custom operators, arithmetic) to closures', () => {
    const rule = { and: [{ within_last: [{ var: 't' }, 7, 'days'] }, { '>': [{ '+': [{ var: 'a' }, 1] }, 2] }] };
    const source = generatedSource(parseRule(rule));
    expect(source).toContain('F[0](d, r, c)');
    expect(source).toContain('F[1](d, r, c)');
    expect(compile(rule)({ t: '2026-11-28T00:00:00.000Z', a: 2 }, ctx)).toBe(true);
  });

  it('leaves literals and fully delegated roots to the closures', () => {
    expect(generateRule(parseRule(true))).toBeUndefined();
    expect(generateRule(parseRule({ now: [] }))).toBeUndefined();
  });

  const HOSTILE = [
    '"); throw new Error("injected"); ("',
    "'; throw 1; '",
    '\\',
    '\u2028\u2029',
    '${process.exit(1)}',
    '*/ throw 1; /*',
    '</script>',
    '`',
    '\n',
  ];

  it.each(HOSTILE)('rule text never becomes code: %j', (text) => {
    const rule = {
      and: [
        { '==': [{ var: text }, text] },
        { in: [{ var: `a.${text}` }, [text, 'x']] },
        { in: [text, text] },
        { some: [{ var: text }, { '!=': [{ var: [text, text] }, text] }] },
      ],
    };
    const data = { [text]: text, a: { [text]: 'x' } };
    const f = compile(rule);
    expect(f(data, ctx)).toBe(evaluate(rule, data, ctx));
    expect(f(data, ctx)).toBe(false);
    const source = generatedSource(parseRule(rule));
    for (const literal of source.match(/"(?:[^"\\]|\\.)*"/g) ?? []) expect(typeof JSON.parse(literal)).toBe('string');
  });

  it('non-JSON constants go through the constant table', () => {
    const rule = { '===': [{ var: 'x' }, -0] };
    expect(generatedSource(parseRule(rule))).toContain('K[0]');
    expect(compile(rule)({ x: 0 }, ctx)).toBe(true);
  });
});

import type { RuleNode } from './rule-node.ts';
import { parseRule } from './rule-node.ts';
import { ITERATING_OPERATORS } from './operators.ts';
import { literalVarPath } from './references.ts';
import {
  amountLiteralProblem,
  literalMismatch,
  timestampLiteralProblem,
  typeWord,
  type TypedOperand,
} from './literal-types.ts';

export type { TypedOperand, ValueType } from './literal-types.ts';

/** A var read with a literal path, and where: at the profile root or on an element of `iterating`. */
export interface VarSite {
  path: string;
  scope: 'root' | 'element';
  iterating?: string;
}

/** What the data graph says a var reads; undefined when it does not say (unknown or untyped). */
export type VarTypes = (site: VarSite) => TypedOperand | undefined;

/** A literal that does not fit what it is compared with, at its JSON path in the rule ($.and[1][">="][1]). */
export interface TypeProblem {
  path: string;
  message: string;
}

const COMPARISONS = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);
const NUMERIC = new Set(['+', '-', '*', '/', '%', 'max', 'min', 'count', 'time_since']);
const BOOLEAN = new Set([
  ...COMPARISONS,
  '!',
  '!!',
  'in',
  'some',
  'all',
  'none',
  'before',
  'after',
  'within_last',
  'in_segment',
]);
const TIMESTAMP_OPERANDS: Readonly<Record<string, readonly number[]>> = {
  before: [0, 1],
  after: [0, 1],
  within_last: [0],
  time_since: [0],
};
const AMOUNT_OPERAND: Readonly<Record<string, number>> = { within_last: 1, time_ago: 0 };

interface Scope {
  scope: 'root' | 'element';
  iterating: string | undefined;
}

/**
 * Checks every literal of a rule against the type of what it is compared with: comparison
 * operands, `in` lists and substrings, timestamps of before/after/within_last/time_since, time
 * amounts, and the defaults of var and ci. Types come from `varTypes` (the data graph); calculated
 * insights are numbers; operators have the type of their result (count is a number, now a datetime).
 * Operands whose type is not known are not checked: standard JSONLogic semantics apply to them.
 */
export function checkRuleTypes(rule: unknown, varTypes: VarTypes): TypeProblem[] {
  const problems: TypeProblem[] = [];
  const report = (path: string, message: string | undefined): void => {
    if (message !== undefined) problems.push({ path, message });
  };

  const typeOf = (node: RuleNode, s: Scope): TypedOperand | undefined => {
    if (node.kind !== 'op') return undefined;
    const { op, args } = node;
    if (op === 'var') {
      const path = literalVarPath(node);
      if (path === undefined || path === '') return undefined;
      return varTypes(
        s.iterating === undefined ? { path, scope: s.scope } : { path, scope: s.scope, iterating: s.iterating },
      );
    }
    if (op === 'ci') {
      const name = args[0]?.kind === 'literal' ? `calculated insight "${String(args[0].value)}"` : 'calculated insight';
      return { type: 'number', name };
    }
    if (NUMERIC.has(op)) return { type: 'number', name: `the result of "${op}"` };
    if (op === 'now' || op === 'time_ago') return { type: 'datetime', name: `the result of "${op}"` };
    if (op === 'cat' || op === 'substr') return { type: 'string', name: `the result of "${op}"` };
    if (BOOLEAN.has(op)) return { type: 'boolean', name: `the result of "${op}"` };
    return undefined;
  };

  const literals = (node: RuleNode): Array<{ value: unknown; path: string }> =>
    node.kind === 'literal' ? [{ value: node.value, path: node.path }] : [];

  const visit = (node: RuleNode, s: Scope): void => {
    if (node.kind === 'array') {
      for (const item of node.items) visit(item, s);
      return;
    }
    if (node.kind !== 'op') return;
    const { op, args } = node;
    // 1. Comparisons: each literal against the first operand whose type is known.
    if (COMPARISONS.has(op)) {
      const typed = args.map((a) => typeOf(a, s)).find((t) => t !== undefined);
      if (typed) for (const a of args) for (const l of literals(a)) report(l.path, literalMismatch(typed, op, l.value));
    }
    // 2. in: a typed value in a literal list / substring of a literal; a literal in a typed list or text.
    if (op === 'in' && args.length >= 2) checkIn(args[0]!, args[1]!, s);
    // 3. Timestamps and time amounts of the custom operators.
    for (const i of TIMESTAMP_OPERANDS[op] ?? []) {
      const a = args[i];
      if (!a) continue;
      for (const l of literals(a)) report(l.path, timestampLiteralProblem(op, l.value));
      const t = typeOf(a, s);
      if (t && t.type !== 'datetime' && t.type !== 'date' && t.type !== 'string')
        report(a.path, `"${op}" compares timestamps, but ${t.name} is ${typeWord(t.type)}`);
    }
    const amountAt = AMOUNT_OPERAND[op];
    if (amountAt !== undefined && args[amountAt])
      for (const l of literals(args[amountAt])) report(l.path, amountLiteralProblem(op, l.value));
    // 4. Defaults: {"var": [path, default]} and {"ci": [name, default]} stand in for the value.
    if ((op === 'var' || op === 'ci') && args.length >= 2) {
      const t = typeOf(node, s);
      if (t) for (const l of literals(args[1]!)) report(l.path, defaultMismatch(t, l.value));
    }
    // 5. Operands; the logic of an iterating operator reads the elements of its array.
    if (ITERATING_OPERATORS.has(op)) {
      const [arr, pred, ...rest] = args;
      if (arr) visit(arr, s);
      if (pred) visit(pred, { scope: 'element', iterating: arr ? literalVarPath(arr) : undefined });
      for (const r of rest) visit(r, s);
      return;
    }
    for (const a of args) visit(a, s);
  };

  const checkIn = (needle: RuleNode, haystack: RuleNode, s: Scope): void => {
    const needleType = typeOf(needle, s);
    if (needleType && haystack.kind === 'literal') {
      if (Array.isArray(haystack.value))
        haystack.value.forEach((v, i) => report(`${haystack.path}[${i}]`, literalMismatch(needleType, 'in', v)));
      else if (typeof haystack.value === 'string' && needleType.type !== 'string')
        report(
          haystack.path,
          `${needleType.name} is ${typeWord(needleType.type)}, but "in" with ${JSON.stringify(haystack.value)} tests for a substring (use a list: [${JSON.stringify(haystack.value)}])`,
        );
    }
    const haystackType = typeOf(haystack, s);
    if (haystackType && needle.kind === 'literal') {
      const as: TypedOperand =
        haystackType.type === 'list'
          ? { type: 'string', name: `an element of ${haystackType.name}` }
          : haystackType.type === 'string'
            ? { type: 'string', name: `a substring of ${haystackType.name}` }
            : haystackType;
      report(
        needle.path,
        haystackType.type === 'list' || haystackType.type === 'string'
          ? literalMismatch(as, 'in', needle.value)
          : `"in" looks inside a list or a string, but ${haystackType.name} is ${typeWord(haystackType.type)}`,
      );
    }
  };

  visit(parseRule(rule), { scope: 'root', iterating: undefined });
  return problems;
}

function defaultMismatch(t: TypedOperand, v: unknown): string | undefined {
  const m = literalMismatch(t, '==', v);
  return m === undefined ? undefined : `default: ${m.replace(', compared with ', ', its default is ')}`;
}

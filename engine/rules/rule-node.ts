import { RULE_DEPTH_LIMIT } from './budget.ts';
import { RuleCompileError } from './compile-error.ts';
import { indexPath, keyPath } from './json-path.ts';
import { arityBounds, operatorInfo } from './operators.ts';
import { TIME_UNITS, unitMs } from './timestamps.ts';

/** A value that is not an operator: a scalar, an array of literals, or an empty object. */
export interface LiteralNode {
  kind: 'literal';
  path: string;
  /** Deep copy of the rule's value, frozen so no caller can change a compiled rule. */
  value: unknown;
}

/** An array holding at least one operator: evaluated element by element. */
export interface ArrayNode {
  kind: 'array';
  path: string;
  items: RuleNode[];
}

/** An operator object {"op": operands}; a non-array operand is sugar for a one-element array. */
export interface OpNode {
  kind: 'op';
  path: string;
  op: string;
  args: RuleNode[];
}

export type RuleNode = LiteralNode | ArrayNode | OpNode;

/** Parses and checks a rule; throws RuleCompileError naming the JSON path of a bad node. */
export function parseRule(rule: unknown): RuleNode {
  return parseAt(rule, '$', 0);
}

function freezeLiteral(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze(value.map(freezeLiteral));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.freeze({});
  return value;
}

function parseAt(value: unknown, path: string, depth: number): RuleNode {
  // 0. Depth first: a rule nested thousands deep would overflow the stack of every recursive pass.
  if (depth > RULE_DEPTH_LIMIT && value !== null && typeof value === 'object')
    throw new RuleCompileError(
      `The rule is nested more than ${RULE_DEPTH_LIMIT} levels deep (the limit of operators and arrays inside one another, docs/rules.md "Budgets")`,
      path,
    );
  // 1. Arrays evaluate element-wise; an array of literals is itself a literal.
  if (Array.isArray(value)) {
    const items = value.map((v, i) => parseAt(v, indexPath(path, i), depth + 1));
    if (items.every((n) => n.kind === 'literal')) {
      return { kind: 'literal', path, value: Object.freeze(items.map((n) => (n as LiteralNode).value)) };
    }
    return { kind: 'array', path, items };
  }
  // 2. Scalars (and objects without keys) are literals.
  if (value === null || typeof value !== 'object') return { kind: 'literal', path, value };
  const keys = Object.keys(value);
  if (keys.length === 0) return { kind: 'literal', path, value: freezeLiteral(value) };
  // 3. An operator object has exactly one key, naming a known operator.
  if (keys.length > 1) {
    const names = keys
      .slice(0, 5)
      .map((k) => JSON.stringify(k))
      .join(', ');
    throw new RuleCompileError(
      `Malformed rule node: an operator object must have exactly one key, found ${keys.length} (${names}${keys.length > 5 ? ', ...' : ''})`,
      path,
    );
  }
  const op = keys[0]!;
  if (op === 'method')
    throw new RuleCompileError('Operator "method" is not supported (it would call arbitrary methods)', path);
  const info = operatorInfo(op);
  if (!info) throw new RuleCompileError(`Unknown operator ${JSON.stringify(op)}`, path);
  const operand = (value as Record<string, unknown>)[op];
  const opPath = keyPath(path, op);
  const args = Array.isArray(operand)
    ? operand.map((v, i) => parseAt(v, indexPath(opPath, i), depth + 1))
    : [parseAt(operand, opPath, depth + 1)];
  const node: OpNode = { kind: 'op', path, op, args };
  checkArity(node, info.kind === 'custom' ? info.arity : MINIMUM_ARITY[op]);
  checkLiteralOperands(node);
  return node;
}

/** Standard operators whose every evaluation would throw with fewer operands. */
const MINIMUM_ARITY: Readonly<Record<string, string>> = { '*': '1+', missing_some: '2+' };

function checkArity(node: OpNode, arity: string | undefined): void {
  if (arity === undefined) return;
  const { min, max } = arityBounds(arity);
  const n = node.args.length;
  if (n >= min && n <= max) return;
  const plural = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  const expected =
    max === Infinity ? `at least ${plural(min)}` : min === max ? plural(min) : `${min} to ${max} arguments`;
  throw new RuleCompileError(`Operator ${JSON.stringify(node.op)} expects ${expected}, got ${n}`, node.path);
}

const UNIT_OPERAND: Readonly<Record<string, number>> = { time_ago: 1, time_since: 1, within_last: 2 };

/** Literal operands of custom operators that can be checked before any data is seen. */
function checkLiteralOperands(node: OpNode): void {
  const unitAt = UNIT_OPERAND[node.op];
  if (unitAt !== undefined) {
    const u = node.args[unitAt]!;
    if (u.kind === 'literal' && unitMs(u.value) === undefined) {
      throw new RuleCompileError(`Unknown time unit ${JSON.stringify(u.value)} (use ${TIME_UNITS.join(', ')})`, u.path);
    }
  }
  if (node.op === 'in_segment' || node.op === 'ci') {
    const name = node.args[0]!;
    if (name.kind === 'literal' && typeof name.value !== 'string') {
      throw new RuleCompileError(
        `Operator ${JSON.stringify(node.op)} expects a name (string), got ${JSON.stringify(name.value)}`,
        name.path,
      );
    }
  }
}

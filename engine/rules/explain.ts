import type { ExplainNode, JsonValue } from '../model/index.ts';
import { scanned, spend, startEvaluation } from './budget.ts';
import { compileNode } from './compile-node.ts';
import { CUSTOM_EAGER } from './custom-semantics.ts';
import { ITERATING_OPERATORS, operatorInfo } from './operators.ts';
import type { RuleContext } from './rule-context.ts';
import { parseRule, type OpNode, type RuleNode } from './rule-node.ts';
import { STANDARD_EAGER } from './standard-semantics.ts';
import { truthy } from './truthy.ts';
import { NOT_FOUND, resolve, splitPath } from './var-lookup.ts';

/** Elements of an iterated array explained one by one; later elements are evaluated without detail. */
export const EXPLAIN_MAX_ELEMENTS = 50;
/** Array values longer than this are shown truncated in inner nodes (the root keeps its full value). */
export const EXPLAIN_MAX_ITEMS = 50;

/**
 * Evaluates a rule and returns its tree with the value of every node for this data. The root's
 * value is exactly what evaluate() returns. Short-circuited operands are present with
 * `skipped: true`; iteration operators list one `element` node per element evaluated.
 */
export function explain(rule: unknown, data: unknown, ctx: RuleContext): ExplainNode {
  const root = parseRule(rule);
  startEvaluation();
  const tree = explainNode(root, data, data, ctx);
  tree.value = (tree as { raw?: unknown }).raw as JsonValue;
  stripRaw(tree);
  return tree;
}

interface Node extends ExplainNode {
  /** The untruncated value, used while explaining; removed before returning. */
  raw?: unknown;
  args: Node[];
}

function stripRaw(n: Node): void {
  delete n.raw;
  for (const a of n.args) stripRaw(a);
}

function shown(v: unknown): JsonValue {
  if (Array.isArray(v) && v.length > EXPLAIN_MAX_ITEMS) {
    return [...v.slice(0, EXPLAIN_MAX_ITEMS), `… ${v.length - EXPLAIN_MAX_ITEMS} more`] as JsonValue;
  }
  return v as JsonValue;
}

const opName = (node: RuleNode): string => (node.kind === 'op' ? node.op : node.kind);

function made(node: RuleNode, value: unknown, args: Node[], extra?: Partial<ExplainNode>): Node {
  return { path: node.path, op: opName(node), value: shown(value), args, ...extra, raw: value };
}

/** A node that was not evaluated (short-circuited). */
function skipped(node: RuleNode): Node {
  return { path: node.path, op: opName(node), value: null, args: [], skipped: true, raw: undefined };
}

function explainNode(node: RuleNode, d: unknown, r: unknown, c: RuleContext): Node {
  if (node.kind === 'literal') return made(node, node.value, []);
  if (node.kind === 'array') {
    const items = node.items.map((n) => explainNode(n, d, r, c));
    return made(
      node,
      items.map((i) => i.raw),
      items,
    );
  }
  const { op } = node;
  if (op === 'and' || op === 'or') return explainAndOr(node, d, r, c);
  if (op === 'if' || op === '?:') return explainIf(node, d, r, c);
  if (ITERATING_OPERATORS.has(op)) return explainIteration(node, d, r, c);
  const args = node.args.map((n) => explainNode(n, d, r, c));
  const values = args.map((a) => a.raw);
  if (op === 'var') {
    const keys = splitPath(values[0]);
    const found = resolve(d, keys);
    const value = found === NOT_FOUND ? (values[1] === undefined ? null : values[1]) : found;
    return made(node, value, args, { varPath: keys === undefined ? '' : keys.join('.'), missing: found === NOT_FOUND });
  }
  const value =
    operatorInfo(op)!.kind === 'custom' ? CUSTOM_EAGER[op]!(values, r, c) : STANDARD_EAGER[op]!(values, d, c.log);
  if (op === 'merge' || op === 'cat') spend((value as { length: number }).length, node.path);
  else if (op === 'in' && node.args[1]?.kind !== 'literal') scanned(values[1], node.path);
  return made(node, value, args);
}

function explainAndOr(node: OpNode, d: unknown, r: unknown, c: RuleContext): Node {
  const args: Node[] = [];
  let value: unknown;
  let done = false;
  for (const n of node.args) {
    if (done) {
      args.push(skipped(n));
      continue;
    }
    const e = explainNode(n, d, r, c);
    args.push(e);
    value = e.raw;
    if (truthy(value) === (node.op === 'or')) done = true;
  }
  return made(node, value, args);
}

function explainIf(node: OpNode, d: unknown, r: unknown, c: RuleContext): Node {
  const n = node.args.length;
  const args: Node[] = [];
  let value: unknown = null;
  let i = 0;
  let decided = false;
  for (; i < n - 1; i += 2) {
    const test = explainNode(node.args[i]!, d, r, c);
    args.push(test);
    if (truthy(test.raw)) {
      const then = explainNode(node.args[i + 1]!, d, r, c);
      args.push(then);
      value = then.raw;
      decided = true;
      break;
    }
    args.push(skipped(node.args[i + 1]!));
  }
  if (decided) {
    for (let k = i + 2; k < n; k++) args.push(skipped(node.args[k]!));
  } else if (i === n - 1) {
    const other = explainNode(node.args[i]!, d, r, c);
    args.push(other);
    value = other.raw;
  }
  return made(node, value, args);
}

/** Label of element i of the iterated array: the var path that reads it, when known. */
function elementPath(arrayNode: Node, i: number): string {
  if (arrayNode.op === 'var' && arrayNode.varPath !== undefined)
    return arrayNode.varPath === '' ? String(i) : `${arrayNode.varPath}.${i}`;
  return `[${i}]`;
}

function explainIteration(node: OpNode, d: unknown, r: unknown, c: RuleContext): Node {
  const { op } = node;
  const [arrayRule, predNode, initNode] = node.args;
  const arrayNode = arrayRule ? explainNode(arrayRule, d, r, c) : undefined;
  const arr = arrayNode?.raw;
  const elements: Node[] = [];
  let fast: ((el: unknown) => unknown) | undefined;
  // One element: its predicate tree (in detail for the first EXPLAIN_MAX_ELEMENTS), wrapped.
  const run = (el: unknown, i: number): unknown => {
    if (!predNode) return undefined;
    if (i >= EXPLAIN_MAX_ELEMENTS) {
      if (!fast) {
        const f = compileNode(predNode).fn;
        fast = (e) => f(e, r, c);
      }
      return fast(el);
    }
    const tree = explainNode(predNode, el, r, c);
    elements.push({
      path: predNode.path,
      op: 'element',
      value: tree.value,
      raw: tree.raw,
      args: [tree],
      varPath: arrayNode ? elementPath(arrayNode, i) : `[${i}]`,
    });
    return tree.raw;
  };
  const isArr = Array.isArray(arr);
  const list = isArr ? (arr as unknown[]) : [];
  spend(list.length, node.path);
  let init: Node | undefined;
  let value: unknown;
  switch (op) {
    case 'some':
      value = false;
      for (let i = 0; i < list.length; i++)
        if (truthy(run(list[i], i))) {
          value = true;
          break;
        }
      break;
    case 'all':
      value = list.length > 0;
      for (let i = 0; i < list.length; i++)
        if (!truthy(run(list[i], i))) {
          value = false;
          break;
        }
      break;
    case 'none':
      value = true;
      for (let i = 0; i < list.length; i++)
        if (truthy(run(list[i], i))) {
          value = false;
          break;
        }
      break;
    case 'filter':
      value = isArr ? list.filter((el, i) => truthy(run(el, i))) : [];
      break;
    case 'map':
      value = isArr ? list.map((el, i) => run(el, i)) : [];
      break;
    case 'count':
      if (!predNode) value = list.length;
      else value = list.filter((el, i) => truthy(run(el, i))).length;
      break;
    default: {
      // reduce: the initial value is evaluated after the array, in the outer scope.
      let acc: unknown = null;
      if (initNode !== undefined && !(initNode.kind === 'literal' && initNode.value === undefined)) {
        init = explainNode(initNode, d, r, c);
        acc = init.raw;
      }
      for (let i = 0; i < list.length; i++) acc = run({ current: list[i], accumulator: acc }, i);
      value = acc;
    }
  }
  const args: Node[] = arrayNode ? [arrayNode] : [];
  if (elements.length > 0) args.push(...elements);
  else if (predNode) args.push(skipped(predNode));
  if (init) args.push(init);
  return made(node, value, args);
}

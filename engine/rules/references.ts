import type { RuleNode } from './rule-node.ts';
import { parseRule } from './rule-node.ts';
import { ITERATING_OPERATORS, PREDICATE_OPERATORS } from './operators.ts';

/** A `var` (or `missing` key) of a rule; `iterating` is the var path of the array an element var reads. */
export interface VarReference {
  path: string;
  jsonPath: string;
  scope: 'root' | 'element';
  iterating?: string;
}

export interface NameReference {
  name: string;
  jsonPath: string;
}

interface Scope {
  scope: 'root' | 'element';
  iterating: string | undefined;
}

const ROOT: Scope = { scope: 'root', iterating: undefined };

/** The literal var path of a node as written ("" for the whole data), or undefined. */
export function literalVarPath(node: RuleNode | undefined): string | undefined {
  if (node?.kind !== 'op' || node.op !== 'var') return undefined;
  const p = node.args[0];
  if (p === undefined) return '';
  if (p.kind !== 'literal') return undefined;
  return p.value === null || p.value === undefined ? '' : String(p.value);
}

function walk(node: RuleNode, scope: Scope, visit: (node: RuleNode, scope: Scope) => void): void {
  visit(node, scope);
  if (node.kind === 'array') {
    for (const item of node.items) walk(item, scope, visit);
    return;
  }
  if (node.kind !== 'op') return;
  if (ITERATING_OPERATORS.has(node.op)) {
    const [arr, pred, ...rest] = node.args;
    if (arr) walk(arr, scope, visit);
    if (pred) walk(pred, { scope: 'element', iterating: literalVarPath(arr) }, visit);
    for (const r of rest) walk(r, scope, visit);
    return;
  }
  for (const a of node.args) walk(a, scope, visit);
}

/** Literal keys of missing / missing_some, with the path of each key. */
function missingKeys(node: RuleNode & { kind: 'op' }): Array<{ key: unknown; jsonPath: string }> {
  const list = node.op === 'missing_some' ? node.args[1] : node.args.length === 1 ? node.args[0] : undefined;
  if (list?.kind === 'literal' && Array.isArray(list.value)) {
    return list.value.map((key: unknown, i: number) => ({ key, jsonPath: `${list.path}[${i}]` }));
  }
  if (node.op === 'missing')
    return node.args
      .filter((a) => a.kind === 'literal')
      .map((a) => ({ key: (a as { value: unknown }).value, jsonPath: a.path }));
  return [];
}

/**
 * Every var a rule reads with a literal path (computed paths cannot be listed), plus the keys
 * of missing / missing_some, with their scope: 'element' inside some/all/none/map/filter/reduce/count.
 */
export function referencedVars(rule: unknown): VarReference[] {
  const out: VarReference[] = [];
  const add = (path: string, jsonPath: string, s: Scope): void => {
    out.push(
      s.iterating === undefined
        ? { path, jsonPath, scope: s.scope }
        : { path, jsonPath, scope: s.scope, iterating: s.iterating },
    );
  };
  walk(parseRule(rule), ROOT, (node, s) => {
    if (node.kind !== 'op') return;
    if (node.op === 'var') {
      const path = literalVarPath(node);
      if (path !== undefined) add(path, node.path, s);
    } else if (node.op === 'missing' || node.op === 'missing_some') {
      for (const { key, jsonPath } of missingKeys(node)) {
        const k = Array.isArray(key) ? key[0] : key;
        if (typeof k === 'string' || typeof k === 'number') add(String(k), jsonPath, s);
      }
    }
  });
  return out;
}

function namesOf(rule: unknown, op: string): NameReference[] {
  const out: NameReference[] = [];
  walk(parseRule(rule), ROOT, (node) => {
    if (
      node.kind === 'op' &&
      node.op === op &&
      node.args[0]?.kind === 'literal' &&
      typeof node.args[0].value === 'string'
    ) {
      out.push({ name: node.args[0].value, jsonPath: node.path });
    }
  });
  return out;
}

/** Segments named by in_segment (literal names). */
export const referencedSegments = (rule: unknown): NameReference[] => namesOf(rule, 'in_segment');

/** Calculated insights read by ci (literal names). */
export const referencedInsights = (rule: unknown): NameReference[] => namesOf(rule, 'ci');

/** Operators whose operands are read as yes/no answers. */
const BOOLEAN_OPERANDS: ReadonlySet<string> = new Set(['and', 'or', '!', '!!']);

/**
 * Conditions of a rule, for the product's limit of 50 per targeting rule. One condition is
 * each predicate operator (comparisons, in, some/all/none, missing/missing_some, before, after,
 * within_last, in_segment) anywhere in the rule — including inside some/all/none predicates,
 * where the some/all/none itself also counts — plus each bare var or ci read used as a yes/no
 * answer (the whole rule, an operand of and/or/!/!!, an if condition, an iteration predicate).
 * and/or/!/!!/if and arithmetic only combine conditions and do not count.
 */
export function countConditions(rule: unknown): number {
  let n = 0;
  const visit = (node: RuleNode, asBoolean: boolean): void => {
    if (node.kind === 'array') {
      for (const item of node.items) visit(item, false);
      return;
    }
    if (node.kind !== 'op') return;
    if (PREDICATE_OPERATORS.has(node.op)) n++;
    else if (asBoolean && (node.op === 'var' || node.op === 'ci')) n++;
    node.args.forEach((a, i) => {
      const k = node.args.length;
      const boolean =
        BOOLEAN_OPERANDS.has(node.op) ||
        ((node.op === 'if' || node.op === '?:') && i % 2 === 0 && i < k - 1) ||
        (['some', 'all', 'none', 'filter', 'count'].includes(node.op) && i === 1);
      visit(a, boolean);
    });
  };
  visit(parseRule(rule), true);
  return n;
}

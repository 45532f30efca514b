import { startEvaluation } from './budget.ts';
import { generateRule } from './codegen.ts';
import { assertWithinBudget } from './cost.ts';
import { compileNode } from './compile-node.ts';
import type { RuleContext } from './rule-context.ts';
import { parseRule } from './rule-node.ts';

/** A compiled rule: call it once per individual with the profile data and the run's context. */
export type CompiledRule = (data: unknown, ctx: RuleContext) => unknown;

/**
 * Compiles a rule once for many evaluations: the hot subset (var reads, comparisons, in, logic,
 * some/all/none/...) becomes one generated JavaScript function, the rest closures (see
 * docs/rules.md, "Speed"). Throws RuleCompileError for unknown operators, malformed nodes, rules nested
 * deeper than RULE_DEPTH_LIMIT and rules estimated over RULE_STEP_LIMIT (docs/rules.md, "Budgets"),
 * naming their JSON path.
 */
export function compile(rule: unknown): CompiledRule {
  const node = parseRule(rule);
  assertWithinBudget(node);
  const fn = generateRule(node) ?? compileNode(node).fn;
  return (data, ctx) => {
    startEvaluation();
    return fn(data, data, ctx);
  };
}

/** Evaluates a rule once, with closures only (no code generation for a single use). */
export function evaluate(rule: unknown, data: unknown, ctx: RuleContext): unknown {
  const node = parseRule(rule);
  assertWithinBudget(node);
  const fn = compileNode(node).fn;
  startEvaluation();
  return fn(data, data, ctx);
}

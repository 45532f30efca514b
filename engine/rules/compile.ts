import { generateRule } from './codegen.ts';
import { compileNode } from './compile-node.ts';
import type { RuleContext } from './rule-context.ts';
import { parseRule } from './rule-node.ts';

/** A compiled rule: call it once per individual with the profile data and the run's context. */
export type CompiledRule = (data: unknown, ctx: RuleContext) => unknown;

/**
 * Compiles a rule once for many evaluations: the hot subset (var reads, comparisons, in, logic,
 * some/all/none/...) becomes one generated JavaScript function, the rest closures (see
 * docs/rules.md, "Speed"). Throws RuleCompileError for unknown operators and malformed nodes,
 * naming their JSON path.
 */
export function compile(rule: unknown): CompiledRule {
  const node = parseRule(rule);
  const fn = generateRule(node) ?? compileNode(node).fn;
  return (data, ctx) => fn(data, data, ctx);
}

/** Evaluates a rule once, with closures only (no code generation for a single use). */
export function evaluate(rule: unknown, data: unknown, ctx: RuleContext): unknown {
  return compileNode(parseRule(rule)).fn(data, data, ctx);
}

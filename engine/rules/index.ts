/**
 * The rule compiler: JSONLogic (json-logic-js 2.0.5 semantics) plus the workbench's custom
 * operators for time and the profile graph. See docs/rules.md.
 */
export type { RuleContext } from './rule-context.ts';
export { ruleContext } from './rule-context.ts';
export { RuleCompileError } from './compile-error.ts';
export type { CompiledRule } from './compile.ts';
export { compile, evaluate } from './compile.ts';
export { explain } from './explain.ts';
export { whyNot, type WhyNot } from './why-not.ts';
export { truthy } from './truthy.ts';
export {
  referencedVars,
  referencedSegments,
  referencedInsights,
  countConditions,
  type VarReference,
  type NameReference,
} from './references.ts';
export { OPERATORS, type OperatorInfo } from './operators.ts';
export { RULE_STEP_LIMIT, RULE_DEPTH_LIMIT, RuleBudgetError } from './budget.ts';
export { estimateRuleCost, DATA_ARRAY_ESTIMATE } from './cost.ts';
export {
  checkRuleTypes,
  type TypeProblem,
  type TypedOperand,
  type ValueType,
  type VarSite,
  type VarTypes,
} from './type-check.ts';

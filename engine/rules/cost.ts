import { RULE_STEP_LIMIT } from './budget.ts';
import { RuleCompileError } from './compile-error.ts';
import { parseRule, type RuleNode } from './rule-node.ts';

/**
 * The static cost of a rule, estimated at save time in the steps the evaluation budget counts
 * (budget.ts): a loop costs its array's size times its predicate, so iteration over literals and
 * nested iteration multiply, and a reduce is followed step by step so that an accumulator merged
 * or concatenated with itself (doubling) grows as it would.
 */

/** Elements assumed of an array read from the profile (its real length is known only at evaluation). */
export const DATA_ARRAY_ESTIMATE = 100;

interface Estimate {
  /** Steps one evaluation takes. */
  cost: number;
  /** Elements (arrays) or characters (strings) of the value; 1 for other values. */
  size: number;
}

/** Where the estimate crossed the limit: the deepest node whose own cost is over it. */
interface Worst {
  path: string;
  cost: number;
  depth: number;
}

const sizeOfLiteral = (v: unknown): number => (Array.isArray(v) || typeof v === 'string' ? v.length : 1);

/** The var path a node reads when it is a literal {"var": "name"}, else undefined. */
function varName(node: RuleNode): string | undefined {
  if (node.kind !== 'op' || node.op !== 'var') return undefined;
  const p = node.args[0];
  if (p === undefined) return '';
  return p.kind === 'literal' ? String(p.value ?? '') : undefined;
}

function estimate(node: RuleNode, acc: number | undefined, depth: number, worst: { at?: Worst }): Estimate {
  const e = estimateNode(node, acc, depth, worst);
  if (e.cost > RULE_STEP_LIMIT && (!worst.at || depth > worst.at.depth))
    worst.at = { path: node.path, cost: e.cost, depth };
  return e;
}

function estimateNode(node: RuleNode, acc: number | undefined, depth: number, worst: { at?: Worst }): Estimate {
  if (node.kind === 'literal') return { cost: 0, size: sizeOfLiteral(node.value) };
  const sub = (n: RuleNode, a: number | undefined): Estimate => estimate(n, a, depth + 1, worst);
  if (node.kind === 'array') {
    const items = node.items.map((n) => sub(n, acc));
    return { cost: items.reduce((s, x) => s + x.cost, 0), size: items.length };
  }
  const { op, args } = node;
  if (op === 'var') {
    const name = varName(node);
    return { cost: 1, size: name === 'accumulator' && acc !== undefined ? acc : DATA_ARRAY_ESTIMATE };
  }
  if (op === 'reduce') {
    // Follow the accumulator's size through the iterations (stopping once over the limit).
    const arr = args[0] ? sub(args[0], acc) : { cost: 0, size: 0 };
    const init = args[2] ? sub(args[2], acc) : { cost: 0, size: 1 };
    let cost = arr.cost + init.cost + arr.size;
    let size = init.size;
    for (let i = 0; i < arr.size && args[1] && cost <= RULE_STEP_LIMIT; i++) {
      const body = sub(args[1], size);
      cost += body.cost;
      size = body.size;
    }
    return { cost, size };
  }
  if (op === 'map' || op === 'filter' || op === 'some' || op === 'all' || op === 'none' || op === 'count') {
    const arr = args[0] ? sub(args[0], acc) : { cost: 0, size: 0 };
    // Inside the predicate the data is an element: "accumulator" names no reduce's accumulator.
    const pred = args[1] ? sub(args[1], undefined) : { cost: 0, size: 0 };
    const cost = arr.cost + arr.size * (1 + pred.cost);
    return { cost, size: op === 'map' || op === 'filter' ? arr.size : 1 };
  }
  const parts = args.map((n) => sub(n, acc));
  const cost = parts.reduce((s, x) => s + x.cost, 0);
  const sizes = parts.reduce((s, x) => s + x.size, 0);
  if (op === 'merge' || op === 'cat') return { cost: cost + sizes, size: sizes };
  if (op === 'if' || op === '?:' || op === 'and' || op === 'or')
    return { cost: cost + 1, size: Math.max(1, ...parts.map((x) => x.size)) };
  if (op === 'substr') return { cost: cost + 1, size: parts[0]?.size ?? 1 };
  // `in` scans a list that is not a literal (a literal list of scalars is a Set lookup).
  if (op === 'in' && args[1] !== undefined && args[1].kind !== 'literal')
    return { cost: cost + 1 + parts[1]!.size, size: 1 };
  return { cost: cost + 1, size: 1 };
}

/** A parsed rule's estimated steps per evaluation, and the JSON path of the deepest node over RULE_STEP_LIMIT (if any). */
export function estimateCost(node: RuleNode): { steps: number; overAt?: string } {
  const worst: { at?: Worst } = {};
  const e = estimate(node, undefined, 0, worst);
  return worst.at ? { steps: e.cost, overAt: worst.at.path } : { steps: e.cost };
}

/** A rule's estimated steps per evaluation (see estimateCost); throws RuleCompileError for a malformed rule. */
export const estimateRuleCost = (rule: unknown): { steps: number; overAt?: string } => estimateCost(parseRule(rule));

/** Steps as a reader counts them: 1,000,000, or 1.0e+12 beyond a trillion. */
const formatSteps = (n: number): string =>
  !Number.isFinite(n) ? 'unboundedly many' : n < 1e12 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);

/** Refuses a rule whose estimate is over RULE_STEP_LIMIT, naming the operator where it goes over. */
export function assertWithinBudget(node: RuleNode): void {
  const cost = estimateCost(node);
  if (cost.overAt === undefined) return;
  throw new RuleCompileError(
    `The rule would take about ${formatSteps(cost.steps)} evaluation steps per individual; the limit is ${RULE_STEP_LIMIT.toLocaleString('en-US')} steps per evaluation (iterations over literal arrays and nested iterations multiply, docs/rules.md "Budgets"); it goes over`,
    cost.overAt,
  );
}

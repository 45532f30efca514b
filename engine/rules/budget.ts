/**
 * The evaluation budget of a rule (docs/rules.md, "Budgets"): a rule's loops may take at most
 * RULE_STEP_LIMIT steps for one individual, and a rule may nest at most RULE_DEPTH_LIMIT levels.
 * Steps are counted where work can multiply — once per loop of an iterating operator (the
 * array's length), per element built by merge and character built by cat, and per element an
 * `in` scans of a list that is not a literal — never per node,
 * so the fast path pays one subtraction per loop.
 */

/** Steps one evaluation of a rule may take (elements iterated, array elements merged, characters concatenated). */
export const RULE_STEP_LIMIT = 10_000_000;
/** Levels of nesting a rule may have (operators and arrays); checked while parsing, before recursion can overflow. */
export const RULE_DEPTH_LIMIT = 100;

/** Thrown when one evaluation exceeds RULE_STEP_LIMIT; the pipeline records it as a RuleEvaluationError. */
export class RuleBudgetError extends Error {
  /** JSON path of the operator whose loop ran over the budget. */
  readonly path: string;

  constructor(path: string) {
    super(
      `the rule took more than ${RULE_STEP_LIMIT.toLocaleString('en-US')} evaluation steps for this individual (the per-evaluation budget, docs/rules.md "Budgets") at ${path}`,
    );
    this.name = 'RuleBudgetError';
    this.path = path;
  }
}

/**
 * Steps left in the evaluation under way. Evaluation is synchronous and never re-entrant (a rule
 * does not evaluate another rule), so one counter serves every compiled rule of a thread.
 */
export const meter = { left: RULE_STEP_LIMIT };

/** Starts the budget of one evaluation. */
export function startEvaluation(): void {
  meter.left = RULE_STEP_LIMIT;
}

/** Spends `n` steps at `path`; throws RuleBudgetError when the evaluation is over its budget. */
export function spend(n: number, path: string): void {
  if ((meter.left -= n) < 0) throw new RuleBudgetError(path);
}

/** Spends an array's length at `path` and returns it: `in` scans a list read from the data once per evaluation. */
export function scanned<T>(v: T, path: string): T {
  if (Array.isArray(v)) spend(v.length, path);
  return v;
}

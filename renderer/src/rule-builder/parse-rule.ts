import { parseJsonLogic } from 'react-querybuilder/parseJsonLogic';
import type { RuleGroupType, RuleType } from 'react-querybuilder';
import { COMPARISON_TO_BUILDER, CUSTOM_BUILDER_OPERATORS as C, isTimeUnit } from './operators.ts';
import { isObject, isScalar, soleKey, varPath, type Json, type JsonObject } from './json-values.ts';
import { CI_FIELD_PREFIX, SEGMENTS_FIELD } from './fields.ts';

type Parsed = RuleType | RuleGroupType | false;

/** `{"ci": "name"}` or `{"ci": ["name", default]}` → the builder's field and the default, if any. */
function ciOperand(v: unknown): { field: string; meta?: { ciDefault: Json } } | undefined {
  if (soleKey(v) !== 'ci') return undefined;
  const arg = (v as JsonObject).ci;
  if (typeof arg === 'string') return { field: CI_FIELD_PREFIX + arg };
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isScalar(arg[1]))
    return { field: CI_FIELD_PREFIX + arg[0], meta: { ciDefault: arg[1] } };
  return undefined;
}

/** `{"count": [{"var": path}]}` or `{"count": [{"var": path}, logic]}`. */
function countOperand(v: unknown): { path: string; logic: Json | undefined } | undefined {
  if (soleKey(v) !== 'count') return undefined;
  const args = (v as JsonObject).count;
  if (!Array.isArray(args) || args.length < 1 || args.length > 2) return undefined;
  const path = varPath(args[0]);
  return path === undefined ? undefined : { path, logic: args[1] };
}

const emptyGroup = (): RuleGroupType => ({ combinator: 'and', rules: [] });
const COUNT_MODES: Record<string, 'atLeast' | 'atMost' | 'exactly'> = {
  '>=': 'atLeast',
  '<=': 'atMost',
  '==': 'exactly',
};

/** A comparison `{op: [lhs, rhs]}` whose left side is a var, a calculated insight or a count. */
function comparison(op: string) {
  return (args: unknown): Parsed => {
    if (!Array.isArray(args)) return false;
    if (args.length === 3 && op === '<=') {
      const field = varPath(args[1]);
      if (field === undefined || !isScalar(args[0]) || !isScalar(args[2])) return false;
      return { field, operator: 'between', value: [args[0], args[2]] };
    }
    if (args.length !== 2) return false;
    const [lhs, rhs] = args;
    const count = countOperand(lhs);
    if (count) {
      const mode = COUNT_MODES[op];
      if (!mode || typeof rhs !== 'number') return false;
      const value = count.logic === undefined ? emptyGroup() : jsonLogicToQuery(count.logic);
      return { field: count.path, operator: '=', value, match: { mode, threshold: rhs } };
    }
    const ci = ciOperand(lhs);
    const field = ci?.field ?? varPath(lhs);
    if (field === undefined) return false;
    const meta = ci?.meta ? { meta: ci.meta } : {};
    const other = varPath(rhs);
    if (other !== undefined)
      return { field, operator: COMPARISON_TO_BUILDER[op]!, value: other, valueSource: 'field', ...meta };
    if (!isScalar(rhs)) return false;
    if (rhs === null && op === '==') return { field, operator: 'null', value: null, ...meta };
    if (rhs === null && op === '!=') return { field, operator: 'notNull', value: null, ...meta };
    return { field, operator: COMPARISON_TO_BUILDER[op]!, value: rhs, ...meta };
  };
}

/** `{"in": [{"var": f}, [list]]}` → is one of; `{"in": [scalar, {"var": f}]}` → contains. */
function inOperation(args: unknown): Parsed {
  if (!Array.isArray(args) || args.length !== 2) return false;
  const [a, b] = args;
  const ci = ciOperand(a);
  const field = ci?.field ?? varPath(a);
  if (field !== undefined && Array.isArray(b) && b.every(isScalar))
    return { field, operator: 'in', value: [...b], ...(ci?.meta ? { meta: ci.meta } : {}) };
  const container = varPath(b);
  if (container !== undefined && isScalar(a)) return { field: container, operator: 'contains', value: a };
  return false;
}

/** `{"within_last": [{"var": f}, n, unit]}`. */
function withinLast(args: unknown): Parsed {
  if (!Array.isArray(args) || args.length !== 3) return false;
  const field = varPath(args[0]);
  if (field === undefined || typeof args[1] !== 'number' || !isTimeUnit(args[2])) return false;
  return { field, operator: C.withinLast, value: [args[1], args[2]] };
}

/** `{"before"|"after": [{"var": f}, "ISO time" | {"time_ago": [n, unit]}]}`. */
function timeComparison(which: 'before' | 'after') {
  return (args: unknown): Parsed => {
    if (!Array.isArray(args) || args.length !== 2) return false;
    const field = varPath(args[0]);
    if (field === undefined) return false;
    const b = args[1];
    if (typeof b === 'string') return { field, operator: which === 'before' ? C.before : C.after, value: b };
    if (soleKey(b) === 'time_ago') {
      const ago = (b as JsonObject).time_ago;
      if (Array.isArray(ago) && ago.length === 2 && typeof ago[0] === 'number' && isTimeUnit(ago[1]))
        return { field, operator: which === 'before' ? C.beforeAgo : C.afterAgo, value: [ago[0], ago[1]] };
    }
    return false;
  };
}

/** `{"in_segment": "Name"}`. */
function inSegment(arg: unknown): Parsed {
  return typeof arg === 'string' ? { field: SEGMENTS_FIELD, operator: C.inSegment, value: arg } : false;
}

const NEGATED: Record<string, string> = {
  in: 'notIn',
  contains: 'doesNotContain',
  between: 'notBetween',
  [C.inSegment]: C.notInSegment,
  [C.withinLast]: C.notWithinLast,
};

/** `{"!": x}`: a negated condition where the builder has a negated operator, else a NOT group. */
function negation(inner: unknown): Parsed {
  if (Array.isArray(inner)) return false;
  const key = soleKey(inner);
  const single =
    key === 'in'
      ? inOperation((inner as JsonObject).in)
      : key === 'in_segment'
        ? inSegment((inner as JsonObject).in_segment)
        : key === 'within_last'
          ? withinLast((inner as JsonObject).within_last)
          : key === '<=' &&
              Array.isArray((inner as JsonObject)['<=']) &&
              ((inner as JsonObject)['<='] as Json[]).length === 3
            ? comparison('<=')((inner as JsonObject)['<='])
            : false;
  if (single && 'operator' in single && NEGATED[single.operator])
    return { ...single, operator: NEGATED[single.operator]! };
  const group = jsonLogicToQuery(inner as Json);
  if (group.rules.length === 0) return false;
  return group.not ? { combinator: 'and', rules: [group], not: true } : { ...group, not: true };
}

const OPERATIONS: Record<string, (value: unknown) => Parsed> = {
  ...Object.fromEntries(Object.keys(COMPARISON_TO_BUILDER).map((op) => [op, comparison(op)])),
  in: inOperation,
  within_last: withinLast,
  before: timeComparison('before'),
  after: timeComparison('after'),
  in_segment: inSegment,
  '!': negation,
};

/**
 * Reads a JSONLogic rule into a react-querybuilder query with `parseJsonLogic`, the workbench's
 * custom operators mapped through `jsonLogicOperations`. Parts it cannot represent are dropped —
 * callers check the round trip (see round-trip.ts) before trusting the result.
 */
export function jsonLogicToQuery(rule: Json): RuleGroupType {
  if (!isObject(rule)) return emptyGroup();
  try {
    return parseJsonLogic(rule as never, { jsonLogicOperations: OPERATIONS as never }) as RuleGroupType;
  } catch {
    // Malformed operands (e.g. {"some": 3}) throw inside the parser: not representable.
    return emptyGroup();
  }
}

import { formatQuery } from 'react-querybuilder/formatQuery';
import {
  isRuleGroup,
  type RuleGroupType,
  type RuleGroupTypeAny,
  type RuleProcessor,
  type RuleType,
} from 'react-querybuilder';
import { BUILDER_TO_COMPARISON, CUSTOM_BUILDER_OPERATORS as C, isTimeUnit } from './operators.ts';
import { isObject, isScalar, soleKey, type Json, type JsonObject } from './json-values.ts';
import { CI_FIELD_PREFIX } from './fields.ts';

/** The left operand of a rule: `{"var": field}`, or `{"ci": name}` for calculated-insight fields. */
function lhs(rule: RuleType): Json {
  if (!rule.field.startsWith(CI_FIELD_PREFIX)) return { var: rule.field };
  const name = rule.field.slice(CI_FIELD_PREFIX.length);
  const meta = rule.meta as { ciDefault?: Json } | undefined;
  return meta && 'ciDefault' in meta && meta.ciDefault !== undefined ? { ci: [name, meta.ciDefault] } : { ci: name };
}

const relative = (v: unknown): [number, string] | undefined =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isFinite(v[0]) && isTimeUnit(v[1])
    ? [v[0], v[1]]
    : undefined;
const not = (x: Json): Json => ({ '!': x });

/** The JSONLogic of a subquery (the rows condition of some / all / none / count). */
function subqueryLogic(group: RuleGroupTypeAny): Json | false {
  const only = group.rules.length === 1 && !group.not ? group.rules[0] : undefined;
  if (only && !isRuleGroup(only)) return workbenchRuleProcessor(only, {}) as Json | false;
  return groupToJsonLogic(group as RuleGroupType);
}

/** Formats one builder rule as JSONLogic; false drops a rule that is not complete yet. */
export const workbenchRuleProcessor: RuleProcessor = (rule: RuleType): Json | false => {
  const { operator, value } = rule;
  // 1. Subqueries over engagement rows: some / all / none, and counts (at least / at most / exactly N).
  if (rule.match?.mode) {
    if (!isRuleGroup(value)) return false;
    const mode = rule.match.mode;
    const sub = value.rules.length === 0 ? undefined : subqueryLogic(value);
    if (sub === false) return false;
    const rows: Json = { var: rule.field };
    if (mode === 'some' || mode === 'all' || mode === 'none')
      return sub === undefined ? false : { [mode]: [rows, sub] };
    const threshold = rule.match.threshold;
    if (typeof threshold !== 'number' || threshold < 0) return false;
    const cmp = mode === 'atLeast' ? '>=' : mode === 'atMost' ? '<=' : '==';
    return { [cmp]: [{ count: sub === undefined ? [rows] : [rows, sub] }, threshold] };
  }
  // 2. Plain and custom operators.
  const left = lhs(rule);
  const comparison = BUILDER_TO_COMPARISON[operator];
  if (comparison) {
    if (rule.valueSource === 'field')
      return typeof value === 'string' && value !== '' ? { [comparison]: [left, { var: value }] } : false;
    return isScalar(value) ? { [comparison]: [left, value] } : false;
  }
  switch (operator) {
    case 'null':
      return { '==': [left, null] };
    case 'notNull':
      return { '!=': [left, null] };
    case 'in':
    case 'notIn': {
      if (!Array.isArray(value) || !value.every(isScalar)) return false;
      const r: Json = { in: [left, [...value]] };
      return operator === 'in' ? r : not(r);
    }
    case 'contains':
    case 'doesNotContain': {
      if (!isScalar(value)) return false;
      const r: Json = { in: [value, left] };
      return operator === 'contains' ? r : not(r);
    }
    case 'between':
    case 'notBetween': {
      if (!Array.isArray(value) || value.length !== 2 || !isScalar(value[0]) || !isScalar(value[1])) return false;
      const r: Json = { '<=': [value[0], left, value[1]] };
      return operator === 'between' ? r : not(r);
    }
    case C.withinLast:
    case C.notWithinLast: {
      const rel = relative(value);
      if (!rel) return false;
      const r: Json = { within_last: [left, rel[0], rel[1]] };
      return operator === C.withinLast ? r : not(r);
    }
    case C.before:
    case C.after:
      return typeof value === 'string' && value !== '' ? { [operator]: [left, value] } : false;
    case C.beforeAgo:
    case C.afterAgo: {
      const rel = relative(value);
      return rel ? { [operator === C.beforeAgo ? 'before' : 'after']: [left, { time_ago: [rel[0], rel[1]] }] } : false;
    }
    case C.inSegment:
    case C.notInSegment: {
      if (typeof value !== 'string' || value === '') return false;
      const r: Json = { in_segment: value };
      return operator === C.inSegment ? r : not(r);
    }
  }
  return false;
};

/** A negated group of one condition reads `{"!": condition}`, not `{"!": {"and": [condition]}}`. */
function tidyNegations(v: Json): Json {
  if (Array.isArray(v)) return v.map(tidyNegations);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = tidyNegations(x);
  if (soleKey(out) === '!') {
    const inner = out['!'];
    const ik = soleKey(inner);
    if (
      (ik === 'and' || ik === 'or') &&
      Array.isArray((inner as JsonObject)[ik]) &&
      ((inner as JsonObject)[ik] as Json[]).length === 1
    )
      return { '!': ((inner as JsonObject)[ik] as Json[])[0]! };
  }
  return out;
}

/** A group (not the root) as JSONLogic through formatQuery; false when it has no complete rule. */
function groupToJsonLogic(group: RuleGroupType): Json | false {
  const out = formatQuery(group, { format: 'jsonlogic', ruleProcessor: workbenchRuleProcessor }) as Json | false;
  return out === false ? false : tidyNegations(out);
}

/**
 * Writes a builder query as a JSONLogic targeting rule with `formatQuery(q, 'jsonlogic')` and the
 * workbench's rule processor. An empty query is `null` (no targeting rule: everyone); a root with
 * a single condition is that condition alone.
 */
export function queryToJsonLogic(query: RuleGroupType): Json | null {
  const out = groupToJsonLogic(query);
  if (out === false) return null;
  const key = soleKey(out);
  if (
    (key === 'and' || key === 'or') &&
    Array.isArray((out as JsonObject)[key]) &&
    ((out as JsonObject)[key] as Json[]).length === 1
  )
    return ((out as JsonObject)[key] as Json[])[0]!;
  return out;
}

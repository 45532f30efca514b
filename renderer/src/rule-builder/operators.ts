/**
 * The builder's operator vocabulary. Standard comparisons keep react-querybuilder's names; the
 * workbench's custom JSONLogic operators (engine/rules/operators.ts: within_last, before, after,
 * time_ago, in_segment, ci, count) get builder operators of their own so they can be edited visually.
 */
export type TimeUnit = string;
/** Units offered in the unit selector; the engine also accepts the singular forms, kept as written. */
export const TIME_UNITS: readonly TimeUnit[] = ['minutes', 'hours', 'days', 'weeks', 'seconds'];
const ALL_UNITS = new Set([...TIME_UNITS, 'minute', 'hour', 'day', 'week', 'second']);

/** A relative time as the builder edits it: [n, unit] (the operands of within_last / time_ago). */
export type RelativeTime = [number, TimeUnit];

/** Builder operators that stand for the workbench's custom operators. */
export const CUSTOM_BUILDER_OPERATORS = {
  withinLast: 'within_last',
  notWithinLast: 'not_within_last',
  before: 'before',
  after: 'after',
  beforeAgo: 'before_ago',
  afterAgo: 'after_ago',
  inSegment: 'in_segment',
  notInSegment: 'not_in_segment',
} as const;

/** The engine operators the builder writes (a test checks each exists in engine/rules' catalogue). */
export const ENGINE_OPERATORS_WRITTEN: readonly string[] = [
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  '!',
  'and',
  'or',
  'var',
  'some',
  'all',
  'none',
  'within_last',
  'before',
  'after',
  'time_ago',
  'in_segment',
  'ci',
  'count',
];

/** JSONLogic comparison operator → builder operator. */
export const COMPARISON_TO_BUILDER: Record<string, string> = {
  '==': '=',
  '!=': '!=',
  '===': '===',
  '!==': '!==',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** Builder operator → JSONLogic comparison operator. */
export const BUILDER_TO_COMPARISON: Record<string, string> = Object.fromEntries(
  Object.entries(COMPARISON_TO_BUILDER).map(([k, v]) => [v, k]),
);

type OperatorOption = { name: string; value: string; label: string };
const op = (name: string, label: string): OperatorOption => ({ name, value: name, label });

const EQUALITY = [
  op('=', 'is'),
  op('!=', 'is not'),
  op('===', 'is exactly (strict)'),
  op('!==', 'is not exactly (strict)'),
];
const ORDER = [
  op('<', '<'),
  op('<=', '≤'),
  op('>', '>'),
  op('>=', '≥'),
  op('between', 'between (inclusive)'),
  op('notBetween', 'not between'),
];
const LISTS = [op('in', 'is one of'), op('notIn', 'is not one of')];
const PRESENCE = [op('null', 'is empty (null)'), op('notNull', 'is not null')];

/** Operators offered for a field of the given kind. */
export function operatorsFor(
  kind: 'string' | 'number' | 'boolean' | 'datetime' | 'date' | 'segments' | 'insight' | 'id',
): OperatorOption[] {
  switch (kind) {
    case 'string':
    case 'id':
      return [
        ...EQUALITY,
        ...LISTS,
        op('contains', 'contains'),
        op('doesNotContain', 'does not contain'),
        ...ORDER.slice(0, 4),
        ...PRESENCE,
      ];
    case 'number':
    case 'insight':
      return [...EQUALITY, ...ORDER, ...LISTS, ...PRESENCE];
    case 'boolean':
      return [
        op('=', 'is'),
        op('!=', 'is not'),
        op('===', 'is exactly (strict)'),
        op('!==', 'is not exactly (strict)'),
        ...PRESENCE,
      ];
    case 'date':
    case 'datetime':
      return [
        op(CUSTOM_BUILDER_OPERATORS.withinLast, 'within the last'),
        op(CUSTOM_BUILDER_OPERATORS.notWithinLast, 'not within the last'),
        op(CUSTOM_BUILDER_OPERATORS.afterAgo, 'after … ago'),
        op(CUSTOM_BUILDER_OPERATORS.beforeAgo, 'before … ago'),
        op(CUSTOM_BUILDER_OPERATORS.after, 'after (date)'),
        op(CUSTOM_BUILDER_OPERATORS.before, 'before (date)'),
        ...EQUALITY.slice(0, 2),
        ...ORDER.slice(0, 4),
        ...PRESENCE,
      ];
    case 'segments':
      return [
        op(CUSTOM_BUILDER_OPERATORS.inSegment, 'is in segment'),
        op(CUSTOM_BUILDER_OPERATORS.notInSegment, 'is not in segment'),
        op('contains', 'contains'),
      ];
  }
}

/** Operators whose value is a relative time [n, unit]. */
export const RELATIVE_TIME_OPERATORS: ReadonlySet<string> = new Set([
  CUSTOM_BUILDER_OPERATORS.withinLast,
  CUSTOM_BUILDER_OPERATORS.notWithinLast,
  CUSTOM_BUILDER_OPERATORS.beforeAgo,
  CUSTOM_BUILDER_OPERATORS.afterAgo,
]);

/** Operators whose value is a list. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'notIn']);
/** Operators whose value is a pair [low, high]. */
export const PAIR_OPERATORS: ReadonlySet<string> = new Set(['between', 'notBetween']);
/** Operators with no value. */
export const VALUELESS_OPERATORS: ReadonlySet<string> = new Set(['null', 'notNull']);

export const isTimeUnit = (u: unknown): u is TimeUnit => typeof u === 'string' && ALL_UNITS.has(u);

import type { RuleGroupTypeAny, RuleType } from 'react-querybuilder';
import type { BuilderField, FieldKind } from './fields.ts';
import {
  CUSTOM_BUILDER_OPERATORS as C,
  LIST_OPERATORS,
  PAIR_OPERATORS,
  RELATIVE_TIME_OPERATORS,
  VALUELESS_OPERATORS,
} from './operators.ts';

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const KIND_WORDS: Partial<Record<FieldKind, string>> = {
  number: 'a number',
  insight: 'a number',
  boolean: 'true or false',
  datetime: 'a datetime',
  date: 'a date',
};

const shown = (v: unknown): string => (v === '' ? 'empty' : JSON.stringify(v));

/** A date-time the browser reads back to the same canonical text (so 2026-02-30 is refused). */
const isCanonical = (s: string): boolean => {
  if (!CANONICAL.test(s)) return false;
  const t = Date.parse(s);
  return Number.isFinite(t) && new Date(t).toISOString() === s;
};
const isDate = (s: string): boolean => DATE_ONLY.test(s) && isCanonical(`${s}T00:00:00.000Z`);

/** Why one value does not fit a field of this kind (as the engine's type check will say), or undefined. */
function scalarProblem(kind: FieldKind | undefined, v: unknown): string | undefined {
  switch (kind) {
    case 'number':
    case 'insight':
      if (typeof v === 'number' && Number.isFinite(v)) return undefined;
      return v === '' ? 'Enter a number.' : `${shown(v)} is not a number.`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `${shown(v)} is not true or false.`;
    case 'datetime':
      return typeof v === 'string' && isCanonical(v)
        ? undefined
        : `${shown(v)} is not a timestamp like 2026-01-31T00:00:00.000Z.`;
    case 'date':
      return typeof v === 'string' && isDate(v) ? undefined : `${shown(v)} is not a date like 2026-01-31.`;
    default:
      return undefined;
  }
}

/**
 * Why the value a builder rule holds does not fit its field, or undefined when it does: numbers
 * for number fields and calculated insights, true/false for booleans, canonical timestamps and
 * dates, a parsable time for before/after, a non-negative amount for relative times. Mirrors the
 * engine's literal type check so the analyst sees the problem where it is typed.
 */
export function valueProblem(field: BuilderField | undefined, operator: string, value: unknown): string | undefined {
  const kind = field?.kind;
  const expected = kind ? KIND_WORDS[kind] : undefined;
  const head = (msg: string) => (field && expected ? `${msg} ${field.label} is ${expected}.` : msg);
  if (VALUELESS_OPERATORS.has(operator)) return undefined;
  if (RELATIVE_TIME_OPERATORS.has(operator)) {
    const n = Array.isArray(value) ? value[0] : undefined;
    return typeof n === 'number' && Number.isFinite(n) && n >= 0
      ? undefined
      : 'Enter a number of time units (0 or more).';
  }
  if (operator === C.before || operator === C.after)
    return typeof value === 'string' && Number.isFinite(Date.parse(value))
      ? undefined
      : `${shown(value)} is not a date or timestamp like 2026-01-31T00:00:00.000Z.`;
  if (operator === C.inSegment || operator === C.notInSegment) return undefined;
  if (!expected) return undefined;
  const values =
    PAIR_OPERATORS.has(operator) || LIST_OPERATORS.has(operator) ? (Array.isArray(value) ? value : []) : [value];
  for (const v of values) {
    const p = scalarProblem(kind, v);
    if (p) return head(p);
  }
  return undefined;
}

/** Finds a field by name, among the fields and the row fields of the engagement objects. */
export function findField(fields: readonly BuilderField[], name: string): BuilderField | undefined {
  const direct = fields.find((f) => f.name === name);
  if (direct) return direct;
  for (const f of fields) {
    const hit = (f as { subproperties?: BuilderField[] }).subproperties?.find((s) => s.name === name);
    if (hit) return hit;
  }
  return undefined;
}

/** How many rules of a builder query (subqueries included) hold a value that does not fit its field. */
export function countInvalidValues(query: RuleGroupTypeAny, fields: readonly BuilderField[]): number {
  let n = 0;
  for (const r of query.rules) {
    if (typeof r === 'string') continue;
    if ('rules' in r) {
      n += countInvalidValues(r, fields);
      continue;
    }
    const rule = r as RuleType;
    if (rule.match?.mode) {
      if (rule.value && typeof rule.value === 'object' && 'rules' in rule.value)
        n += countInvalidValues(rule.value as RuleGroupTypeAny, fields);
      continue;
    }
    if (rule.valueSource === 'field') continue;
    if (valueProblem(findField(fields, rule.field), rule.operator, rule.value) !== undefined) n++;
  }
  return n;
}

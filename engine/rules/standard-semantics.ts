import { truthy } from './truthy.ts';
import { getVar } from './var-lookup.ts';

/*
 * Operand-level semantics of the eager standard operators, written to match json-logic-js 2.0.5
 * line by line (including its JavaScript coercions). The compiler's specialised closures must
 * agree with these; explain() and constant folding use them directly.
 */

type Values = readonly unknown[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JavaScript coercion is the semantics
type Any = any;

/** parseFloat as json-logic-js applies it (numbers round-trip, except -0 becomes 0). */
export const toFloat = (v: unknown): number => (typeof v === 'number' ? v + 0 : parseFloat(v as string));

/** String conversion of Array.prototype.join: null and undefined become "". */
export const catPiece = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function lessThan(a: Any, b: Any, c: Any): boolean {
  return c === undefined ? a < b : a < b && b < c;
}

export function lessOrEqual(a: Any, b: Any, c: Any): boolean {
  return c === undefined ? a <= b : a <= b && b <= c;
}

/** {"in": [a, b]}: substring or array membership; false when b has no indexOf. */
export function contains(a: unknown, b: Any): boolean {
  if (!b || typeof b.indexOf === 'undefined') return false;
  return b.indexOf(a) !== -1;
}

export function substr(source: unknown, start: Any, end: Any): string {
  if (end < 0) {
    const temp = String(source).substr(start);
    return temp.substr(0, temp.length + end);
  }
  return String(source).substr(start, end);
}

export function plus(values: Values): number {
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc = acc + toFloat(values[i]);
  return acc;
}

export function times(values: Values): unknown {
  if (values.length === 0) throw new TypeError('Reduce of empty array with no initial value');
  let acc: unknown = values[0];
  for (let i = 1; i < values.length; i++) acc = toFloat(acc) * toFloat(values[i]);
  return acc;
}

export function minus(a: Any, b: Any): number {
  return b === undefined ? -a : a - b;
}

export function merge(values: Values): unknown[] {
  return ([] as unknown[]).concat(...values);
}

export function cat(values: Values): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += catPiece(values[i]);
  return s;
}

/** Value of one `missing` key: a key may itself be [path, default], as {"var": key} reads it. */
function missingKeyValue(data: unknown, key: unknown): unknown {
  return Array.isArray(key) ? getVar(data, key[0], key[1]) : getVar(data, key, undefined);
}

export function missing(data: unknown, values: Values): unknown[] {
  const keys: Values = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  const out: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const v = missingKeyValue(data, keys[i]);
    if (v === null || v === '') out.push(keys[i]);
  }
  return out;
}

export function missingSome(data: unknown, need: Any, options: Any): unknown[] {
  const areMissing = missing(data, Array.isArray(options) ? options : [options]);
  return options.length - areMissing.length >= need ? [] : areMissing;
}

/** Eager standard operators: values are the already evaluated operands; data is the current scope. */
export const STANDARD_EAGER: Readonly<
  Record<string, (values: Values, data: unknown, log: ((v: unknown) => void) | undefined) => unknown>
> = {
  var: (v, data) => getVar(data, v[0], v[1]),
  missing: (v, data) => missing(data, v),
  missing_some: (v, data) => missingSome(data, v[0], v[1]),
  '==': (v) => (v[0] as Any) == v[1],
  '===': (v) => v[0] === v[1],
  '!=': (v) => (v[0] as Any) != v[1],
  '!==': (v) => v[0] !== v[1],
  '>': (v) => (v[0] as Any) > (v[1] as Any),
  '>=': (v) => (v[0] as Any) >= (v[1] as Any),
  '<': (v) => lessThan(v[0], v[1], v[2]),
  '<=': (v) => lessOrEqual(v[0], v[1], v[2]),
  '!!': (v) => truthy(v[0]),
  '!': (v) => !truthy(v[0]),
  '%': (v) => (v[0] as Any) % (v[1] as Any),
  log: (v, _data, log) => {
    log?.(v[0]);
    return v[0];
  },
  in: (v) => contains(v[0], v[1]),
  cat: (v) => cat(v),
  substr: (v) => substr(v[0], v[1], v[2]),
  '+': (v) => plus(v),
  '*': (v) => times(v),
  '-': (v) => minus(v[0], v[1]),
  '/': (v) => (v[0] as Any) / (v[1] as Any),
  min: (v) => Math.min(...(v as number[])),
  max: (v) => Math.max(...(v as number[])),
  merge: (v) => merge(v),
};

import type { RuleContext } from './rule-context.ts';

/** Data as a compiled closure reads it: JavaScript property access and coercion are the semantics. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- closures read arbitrary JSON
export type Data = any;

/** A compiled node: (current data, profile root, context) → value. */
export type Fn = (d: Data, r: Data, c: RuleContext) => unknown;

/** What the compiler knows about a compiled node, used to specialise its parent. */
export interface Compiled {
  fn: Fn;
  /** The value is known at compile time (a literal, or an operator folded over literals). */
  constant: boolean;
  value: unknown;
  /** The closure always returns a boolean, so a parent may test it without truthy(). */
  bool: boolean;
  /** Set for {"var": "key"} with one plain key: parents may read data[key] inline. */
  field?: { key: string; fallback: unknown };
}

/** A compiled literal. */
export function constant(value: unknown): Compiled {
  return { fn: () => value, constant: true, value, bool: typeof value === 'boolean' };
}

/** A compiled non-constant node. */
export const dynamic = (fn: Fn, bool = false): Compiled => ({ fn, constant: false, value: undefined, bool });

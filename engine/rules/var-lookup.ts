/**
 * `var` lookups, as json-logic-js 2.0.5 does them, with one safety difference: a path segment
 * that names a built-in prototype member (constructor, __proto__, toString, ...) is read only
 * when it is the value's own property, so a rule never reaches a function or a prototype.
 */

/** Names reachable through the prototypes of JSON values; read only as own properties. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(
  [
    Object.prototype,
    Array.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Function.prototype,
  ].flatMap((p) => Object.getOwnPropertyNames(p)),
);

/** True when `data[key]` can only find an own property (or nothing). */
export const isSafeKey = (key: string): boolean => !PROTOTYPE_NAMES.has(key);

/** Marker of a path that did not resolve. */
export const NOT_FOUND: unique symbol = Symbol('not found');

/** One step of a lookup: data[key], undefined when absent. */
export function step(data: unknown, key: string): unknown {
  if (data === null || data === undefined) return undefined;
  if (isSafeKey(key) || Object.hasOwn(data as object, key)) return (data as Record<string, unknown>)[key];
  return undefined;
}

/** Splits a var path the way json-logic-js does; undefined for "the whole data". */
export function splitPath(path: unknown): string[] | undefined {
  if (path === undefined || path === '' || path === null) return undefined;
  return String(path).split('.');
}

/** Resolves split keys against data; NOT_FOUND when a step is missing. */
export function resolve(data: unknown, keys: readonly string[] | undefined): unknown {
  if (keys === undefined) return data;
  let cur = data;
  for (let i = 0; i < keys.length; i++) {
    if (cur === null || cur === undefined) return NOT_FOUND;
    cur = step(cur, keys[i]!);
    if (cur === undefined) return NOT_FOUND;
  }
  return cur;
}

/** {"var": [path, fallback]}: the value at path, else the fallback (null when none). */
export function getVar(data: unknown, path: unknown, fallback: unknown): unknown {
  const v = resolve(data, splitPath(path));
  return v === NOT_FOUND ? (fallback === undefined ? null : fallback) : v;
}

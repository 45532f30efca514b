import type { Rule } from '../../../engine/model/rule.ts';

/** A JSON value as rules hold it. */
export type Json = Rule;
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
export const isScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The single operator of a JSONLogic node `{op: args}`, or undefined for anything else. */
export function soleKey(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The path of a plain `{"var": "path"}` node (no default), else undefined. */
export function varPath(v: unknown): string | undefined {
  return soleKey(v) === 'var' && typeof (v as JsonObject).var === 'string'
    ? ((v as JsonObject).var as string)
    : undefined;
}

/** Structural equality of two JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (Array.isArray(b) || typeof a !== 'object') return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as JsonObject)[k], (b as JsonObject)[k]))
  );
}

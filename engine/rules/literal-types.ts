import { formatTimestamp, parseTimestamp } from './timestamps.ts';

/** The type of what a rule reads or computes, as far as the data graph definition says. */
export type ValueType = 'number' | 'string' | 'boolean' | 'datetime' | 'date' | 'list';

/** A typed operand: its type and how a message names it (`calculated insight "lifetime_value"`). */
export interface TypedOperand {
  type: ValueType;
  name: string;
}

const TYPE_WORDS: Record<ValueType, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  datetime: 'a datetime',
  date: 'a date',
  list: 'a list of names',
};

/** "a number", "a datetime"... for messages. */
export const typeWord = (t: ValueType): string => TYPE_WORDS[t];

/** How a message shows a literal: `the string "abc"`, `the number 12`, `null`. */
export function describeLiteral(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v === '' ? 'the empty string ""' : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  if (Array.isArray(v)) return `the list ${JSON.stringify(v)}`;
  return `the object ${JSON.stringify(v)}`;
}

/** Equality operators may compare with null (a presence test); ordering ones may not. */
const EQUALITY = new Set(['==', '===', '!=', '!==', 'in']);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a finite number written as text ("500", "-1.5"), the mistake the hint is about. */
const numericText = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/**
 * Why a literal cannot be compared (by `op`) with an operand of this type, or undefined when it
 * can. Timestamps compare as text, so a datetime needs the canonical form and a date YYYY-MM-DD.
 */
export function literalMismatch(operand: TypedOperand, op: string, v: unknown): string | undefined {
  const head = `${operand.name} is ${typeWord(operand.type)}, compared with ${describeLiteral(v)}`;
  if (v === null) {
    if (EQUALITY.has(op)) return undefined;
    return `${head}: "${op}" reads null as 0 or "" (test presence with "==" null, or missing)`;
  }
  switch (operand.type) {
    case 'number':
      if (typeof v === 'number') return Number.isFinite(v) ? undefined : head;
      if (typeof v === 'string' && numericText(v)) return `${head} (write ${Number(v)}, without quotes)`;
      return typeof v === 'string' && v.trim() === '' ? `${head} (enter a number)` : head;
    case 'string':
      if (typeof v === 'string') return undefined;
      if (typeof v === 'number' || typeof v === 'boolean') return `${head} (write "${String(v)}", in quotes)`;
      return head;
    case 'boolean':
      if (typeof v === 'boolean') return undefined;
      if (v === 'true' || v === 'false') return `${head} (write ${v}, without quotes)`;
      return `${head} (use true or false)`;
    case 'datetime':
      return timestampMismatch(head, v);
    case 'date':
      return dateMismatch(head, v);
    case 'list':
      return `${head} (test membership with in_segment or "in")`;
  }
}

function timestampMismatch(head: string, v: unknown): string | undefined {
  if (typeof v !== 'string') return `${head} (write an ISO-8601 timestamp such as "2026-01-01T00:00:00.000Z")`;
  const ms = parseTimestamp(v);
  if (Number.isNaN(ms)) return `${head}, which is not an ISO-8601 timestamp (e.g. "2026-01-01T00:00:00.000Z")`;
  const canonical = formatTimestamp(ms);
  if (canonical === v) return undefined;
  return `${head}: timestamps compare as text, so write the canonical ${JSON.stringify(canonical)} (or use before / after)`;
}

function dateMismatch(head: string, v: unknown): string | undefined {
  if (typeof v !== 'string') return `${head} (write a date such as "2026-01-31")`;
  const ms = parseTimestamp(v);
  if (Number.isNaN(ms)) return `${head}, which is not a date (YYYY-MM-DD)`;
  if (DATE_ONLY.test(v) && formatTimestamp(ms)?.slice(0, 10) === v) return undefined;
  return `${head}: dates compare as text, so write ${JSON.stringify(formatTimestamp(ms)?.slice(0, 10))} (YYYY-MM-DD)`;
}

/** Why a literal is not a timestamp an operator such as before/after can read, or undefined. */
export function timestampLiteralProblem(op: string, v: unknown): string | undefined {
  if (typeof v === 'string' && !Number.isNaN(parseTimestamp(v))) return undefined;
  return `"${op}" compares timestamps, but ${describeLiteral(v)} is not one (e.g. "2026-01-01T00:00:00.000Z"); it would always be false`;
}

/** Why a literal is not an amount of time units (a number, or a numeric string), or undefined. */
export function amountLiteralProblem(op: string, v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return undefined;
  if (typeof v === 'string' && numericText(v)) return undefined;
  return `"${op}" expects a number of time units, got ${describeLiteral(v)}`;
}

import type { FieldType } from '../../model/data-graph.ts';
import { booleanFromText, numberFromText } from './coerce-value.ts';
import { parseIsoDate, parseIsoDatetime } from '../timestamps.ts';

/** How many leading data rows the type of an undeclared column is inferred from. */
export const INFERENCE_ROWS = 1000;

// "0123" is an identifier or a code, not a number: inferring number would drop the zero.
const LEADING_ZERO_RE = /^[+-]?0\d/;

const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/**
 * Infers a field type from a column's non-empty sample values: boolean when all are true/false,
 * number when all are numbers (without leading zeros), date when all are YYYY-MM-DD, datetime
 * when all are ISO datetimes with a zone (or dates), else string.
 */
export function inferFieldType(values: readonly unknown[]): FieldType {
  const texts = values.map(textOf).filter((t): t is string => t !== undefined && t !== '');
  if (texts.length === 0) return 'string';
  if (texts.every((t) => /^(true|false)$/i.test(t) && booleanFromText(t) !== undefined)) return 'boolean';
  if (texts.every((t) => numberFromText(t) !== undefined && !LEADING_ZERO_RE.test(t))) return 'number';
  if (texts.every((t) => parseIsoDate(t) !== undefined)) return 'date';
  if (texts.every((t) => parseIsoDatetime(t).ok)) return 'datetime';
  return 'string';
}

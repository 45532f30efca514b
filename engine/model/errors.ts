/**
 * Fault codes in the style of the product's batch decision jobs. Every expected failure
 * carries one of these; `Internal` is reserved for bugs.
 */
export const FAULT_CODES = [
  'InvalidRequest',
  'InvalidInput',
  'DataSpaceNotFound',
  'IndividualNotFound',
  'PersonalizationPointNotFound',
  'ConfigurationMissing',
  'ModelValidation',
  'RuleEvaluationError',
  'ItemDataMissing',
  'WorkspaceNotFound',
  'WorkspaceIncompatible',
  'NotFound',
  'Conflict',
  'Cancelled',
  'Internal',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

/** One problem, located: a JSON path, or a file with line and field. */
export interface ProblemLocation {
  /** JSON path, e.g. $.dataSpaces[0].personalizationPoints[1].decisions[0].targetingRule.and[2] */
  path?: string;
  file?: string;
  line?: number;
  field?: string;
}

export interface Problem extends ProblemLocation {
  message: string;
}

/** An expected failure, as a value. */
export interface Fault extends ProblemLocation {
  code: FaultCode;
  message: string;
  /** Further located problems (e.g. every bad row of an import, capped). */
  problems?: Problem[];
  /** How many problems there were in all when `problems` is capped. */
  problemCount?: number;
}

export type Result<T> = { ok: true; data: T; warnings?: Problem[] } | { ok: false; error: Fault };

export const ok = <T>(data: T, warnings?: Problem[]): Result<T> =>
  warnings && warnings.length > 0 ? { ok: true, data, warnings } : { ok: true, data };
export const fail = <T = never>(
  code: FaultCode,
  message: string,
  location: ProblemLocation & { problems?: Problem[]; problemCount?: number } = {},
): Result<T> => ({
  ok: false,
  error: { code, message, ...location },
});

/** Format a location as "file:line field" or a JSON path, for messages. */
export function formatLocation(loc: ProblemLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file);
  else if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.field) parts.push(`field "${loc.field}"`);
  if (loc.path) parts.push(loc.path);
  return parts.join(' ');
}

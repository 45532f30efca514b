import { RESERVED_PROFILE_NAMES } from '../../model/data-graph.ts';
import type { Problem } from '../../model/errors.ts';
import { SourceName } from '../../model/identity-resolution.ts';
import { emailProblem, phoneProblem } from '../../identity/normalize.ts';
import type { Connection } from '../connection.ts';
import { bumpSourceRecordsVersion } from '../identity.ts';
import { SourceRecordWriter, type SourceRecordRow } from '../source-records.ts';
import { coerceDatetimeMs, quote } from './coerce-value.ts';
import { describeLocation, fieldPath, type RowLocation } from './problem-log.ts';
import type { RowIssue, RowKind } from './row-kind.ts';

/** How many malformed email/phone warnings an import lists (all are counted). */
export const MAX_LISTED_WARNINGS = 100;

const reserved = new Map<string, string>(
  RESERVED_PROFILE_NAMES.map((n) => [n, `unified individuals reserve ${RESERVED_PROFILE_NAMES.join(', ')}`]),
);

/** Reads a text column: a string (trimmed) or a JSON number (ids and phones are often numbers); undefined when empty. */
function readText(
  values: Record<string, unknown>,
  name: string,
  required: boolean,
  issues: RowIssue[],
): string | undefined {
  const raw = values[name];
  let text: string | undefined;
  if (typeof raw === 'string') text = raw.trim() === '' ? undefined : raw.trim();
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (raw !== undefined && raw !== null) {
    issues.push({
      field: name,
      message: `${name}: ${quote(raw)} is ${Array.isArray(raw) ? 'an array' : typeof raw === 'object' ? 'an object' : `a ${typeof raw}`}; expected text`,
    });
    return undefined;
  }
  if (text === undefined && required)
    issues.push({
      field: name,
      message: `${name}: ${raw === undefined ? 'missing' : raw === null ? 'null' : 'empty'} (a value is required)`,
    });
  return text;
}

/**
 * Source records (identity resolution's input): `sourceId` and `source` (required), `email`,
 * `phone`, `firstName`, `lastName`, `updatedAt` (optional), other columns are attributes typed by
 * the profile data graph (or inferred). Upserted by (source, sourceId). A malformed email or phone
 * is a warning — the record is imported, it just cannot match on that value; a bad updatedAt, a
 * bad source name or a repeated (source, sourceId) is an error.
 */
export function sourceRecordRows(c: Connection, spaceId: number): RowKind<SourceRecordRow> & { warnings(): Problem[] } {
  const writer = new SourceRecordWriter(c, spaceId);
  const seen = new Map<string, RowLocation>();
  const warnings: Problem[] = [];
  let warningCount = 0;
  const warn = (loc: RowLocation, field: string, message: string) => {
    warningCount++;
    if (warnings.length >= MAX_LISTED_WARNINGS) return;
    const p: Problem = { field, message };
    if (loc.line !== undefined) p.line = loc.line;
    if (loc.path !== undefined) p.path = fieldPath(loc.path, field);
    warnings.push(p);
  };

  return {
    columns: {
      required: ['sourceId', 'source'],
      optional: ['email', 'phone', 'firstName', 'lastName', 'updatedAt'],
      attributes: true,
      reserved,
      noun: 'source record',
    },
    check(values, attributes, loc, issues) {
      const before = issues.length;
      // 1. The key: (source, sourceId), once per file.
      const sourceId = readText(values, 'sourceId', true, issues);
      const source = readText(values, 'source', true, issues);
      if (source !== undefined && !SourceName.safeParse(source).success)
        issues.push({
          field: 'source',
          message: `source: ${quote(source)} is not a source name (letters, digits, "_", "." or "-", at most 80; no spaces or ":")`,
        });
      if (source !== undefined && sourceId !== undefined && issues.length === before) {
        const key = `${source}\u0000${sourceId}`;
        const first = seen.get(key);
        if (first)
          issues.push({
            field: 'sourceId',
            message: `sourceId: ${quote(`${source}:${sourceId}`)} appears more than once in the file; first on ${describeLocation(first)}`,
          });
        else seen.set(key, loc.line !== undefined ? { line: loc.line } : { path: loc.path! });
      }
      // 2. Contact columns; malformed email and phone values are warnings.
      const email = readText(values, 'email', false, issues);
      const phone = readText(values, 'phone', false, issues);
      const firstName = readText(values, 'firstName', false, issues);
      const lastName = readText(values, 'lastName', false, issues);
      const updated = coerceDatetimeMs(values['updatedAt']);
      if (!updated.ok) issues.push({ field: 'updatedAt', message: `updatedAt: ${updated.message}` });
      if (issues.length > before) return undefined;
      const badEmail = email === undefined ? undefined : emailProblem(email);
      if (badEmail)
        warn(loc, 'email', `email: ${quote(email)} ${badEmail}; the record is imported but cannot match on email`);
      const badPhone = phone === undefined ? undefined : phoneProblem(phone);
      if (badPhone)
        warn(loc, 'phone', `phone: ${quote(phone)} ${badPhone}; the record is imported but cannot match on phone`);
      return {
        source: source!,
        sourceId: sourceId!,
        email: email ?? null,
        phone: phone ?? null,
        firstName: firstName ?? null,
        lastName: lastName ?? null,
        updatedAtMs: updated.ok ? (updated.ms ?? null) : null,
        attributesJson: JSON.stringify(attributes),
      };
    },
    write: (r) => writer.write(r),
    finish() {
      // Resolutions started before this import must not write their (now stale) mapping.
      bumpSourceRecordsVersion(c, spaceId);
      return { inserted: writer.inserted, updated: writer.updated };
    },
    warnings() {
      if (warningCount <= warnings.length) return warnings;
      return [
        ...warnings,
        {
          message: `… and ${warningCount - warnings.length} more malformed email or phone values (${warningCount} in all)`,
        },
      ];
    },
  };
}

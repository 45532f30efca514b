import { createContext, useContext, type ReactNode } from 'react';
import type { Problem } from '../../../engine/model/errors.ts';

/** "file:line field \"x\" $.path" — where a problem is, as the CLI prints it. */
export function locationOf(p: Problem): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.line !== undefined ? `${p.file}:${p.line}` : p.file);
  else if (p.line !== undefined) parts.push(`line ${p.line}`);
  if (p.field) parts.push(`field "${p.field}"`);
  if (p.path) parts.push(p.path);
  return parts.join(' ');
}

/** True when `path` is `prefix` or lies under it ($.a[1] is under $.a, $.ab is not). */
export function isUnder(path: string, prefix: string): boolean {
  if (path === prefix) return true;
  if (!path.startsWith(prefix)) return false;
  const next = path[prefix.length];
  return prefix === '$' || next === '.' || next === '[';
}

/**
 * Assigns each problem to the form field with the longest JSON path it lies under; problems no
 * field owns are returned apart (shown in the summary at the top of the form).
 */
export function assignProblems<P extends Problem>(
  problems: readonly P[],
  fieldPaths: readonly string[],
  pathOf: (p: P) => string | undefined = (p) => p.path,
): { byField: Map<string, P[]>; unassigned: P[] } {
  const byField = new Map<string, P[]>();
  const unassigned: P[] = [];
  const sorted = [...fieldPaths].sort((a, b) => b.length - a.length);
  for (const p of problems) {
    const path = pathOf(p);
    const owner = path === undefined ? undefined : sorted.find((f) => isUnder(path, f));
    if (owner === undefined) unassigned.push(p);
    else byField.set(owner, [...(byField.get(owner) ?? []), p]);
  }
  return { byField, unassigned };
}

const FieldProblemsContext = createContext<ReadonlyMap<string, Problem[]>>(new Map());

/** Makes the assigned problems available to the FieldProblems of a form. */
export function FieldProblemsProvider({
  value,
  children,
}: {
  value: ReadonlyMap<string, Problem[]>;
  children: ReactNode;
}) {
  return <FieldProblemsContext.Provider value={value}>{children}</FieldProblemsContext.Provider>;
}

/** The problems of one form field (by its JSON path relative to the edited object). */
export function useFieldProblems(path: string): Problem[] {
  return useContext(FieldProblemsContext).get(path) ?? [];
}

/** Renders the problems of one field under it; the field's wrapper gets `data-path` for tests and links. */
export function FieldProblems({ path, kind = 'error' }: { path: string; kind?: 'error' | 'warning' }) {
  const problems = useFieldProblems(path);
  if (problems.length === 0) return null;
  return (
    <ul className={`field-problems ${kind}`} data-problems-for={path} role={kind === 'error' ? 'alert' : undefined}>
      {problems.map((p, i) => (
        <li key={i}>
          {p.message}
          {p.path && p.path !== path ? (
            <span className="problem-path"> ({(p as { relPath?: string }).relPath ?? p.path})</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A list of located problems (import reports, save summaries). */
export function ProblemList({
  problems,
  title,
  total,
  testId,
}: {
  problems: readonly Problem[];
  title?: string;
  total?: number;
  testId?: string;
}) {
  if (problems.length === 0) return null;
  return (
    <div className="problem-list" data-testid={testId}>
      {title ? <h4>{title}</h4> : null}
      <table className="data">
        <thead>
          <tr>
            <th>Where</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="mono nowrap">{locationOf(p) || '—'}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total !== undefined && total > problems.length ? (
        <p className="muted">
          …and {total - problems.length} more (the first {problems.length} are listed).
        </p>
      ) : null}
    </div>
  );
}

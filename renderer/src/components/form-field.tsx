import type { ReactNode } from 'react';
import { FieldProblems, useFieldProblems } from './problems.tsx';

/** A labelled form field that shows the validation problems of its JSON path under it. */
export function FormField({
  path,
  label,
  children,
  className,
  hint,
}: {
  path: string;
  label: ReactNode;
  children: ReactNode;
  className?: string;
  hint?: ReactNode;
}) {
  const problems = useFieldProblems(path);
  return (
    <div
      className={`field${problems.length > 0 ? ' has-problem' : ''}${className ? ` ${className}` : ''}`}
      data-path={path}
    >
      <label>{label}</label>
      {children}
      {hint ? <span className="muted">{hint}</span> : null}
      <FieldProblems path={path} />
    </div>
  );
}

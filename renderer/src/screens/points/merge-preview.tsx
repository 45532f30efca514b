import type { ReactNode } from 'react';

const PLACEHOLDER = /\{\{[^}]*\}\}/g;

/** A template with its merge fields ({{firstName}}, {{x | "default"}}) highlighted. */
export function highlightMergeFields(template: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m.index > last) out.push(template.slice(last, m.index));
    out.push(
      <span key={m.index} className="merge-chip">
        {m[0]}
      </span>,
    );
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

/** Under a manual content value: its merge fields, and the text the test individual would get. */
export function MergePreview({
  template,
  resolved,
  individualId,
  missing,
}: {
  template: string;
  resolved?: string | undefined;
  individualId?: string;
  missing?: string[];
}) {
  if (!template.includes('{{') && resolved === undefined) return null;
  return (
    <div className="merge-preview" data-testid="merge-preview">
      {template.includes('{{') ? <div>Merge fields: {highlightMergeFields(template)}</div> : null}
      {resolved !== undefined ? (
        <div>
          For <span className="mono">{individualId}</span>:{' '}
          <span className="resolved">{resolved === '' ? '(empty)' : resolved}</span>
          {missing && missing.length > 0 ? (
            <span className="muted"> — missing: {missing.join(', ')} (default used)</span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

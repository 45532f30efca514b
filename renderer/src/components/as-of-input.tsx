import { useId } from 'react';

/** ISO time → the value of a datetime-local input, read as UTC (the engine's zone). */
export const isoToLocalInput = (iso: string | null): string =>
  iso ? new Date(Date.parse(iso)).toISOString().slice(0, 16) : '';
/** A datetime-local value (UTC) → canonical ISO, or null when empty/invalid. */
export function localInputToIso(v: string): string | null {
  if (!v) return null;
  const ms = Date.parse(`${v.length === 16 ? `${v}:00` : v}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Picks the as-of time of a request or a run (UTC); empty means the workspace clock (shown in the header). */
export function AsOfInput({
  value,
  onChange,
  label = 'As of (UTC)',
  testId,
}: {
  value: string | null;
  onChange: (iso: string | null) => void;
  label?: string;
  testId?: string;
}) {
  const id = useId();
  return (
    <span className="as-of">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={isoToLocalInput(value)}
        onChange={(e) => onChange(localInputToIso(e.target.value))}
        data-testid={testId}
      />
      {value ? (
        <button type="button" className="link" onClick={() => onChange(null)} title="Use the workspace time">
          workspace time
        </button>
      ) : (
        <span className="muted" title="Empty: the workspace time shown in the header">
          workspace time
        </span>
      )}
    </span>
  );
}

import { useEffect, useState } from 'react';
import type { ValueEditorProps } from 'react-querybuilder';
import {
  LIST_OPERATORS,
  PAIR_OPERATORS,
  RELATIVE_TIME_OPERATORS,
  TIME_UNITS,
  VALUELESS_OPERATORS,
  CUSTOM_BUILDER_OPERATORS as C,
} from './operators.ts';
import type { BuilderField, FieldKind } from './fields.ts';

/** Types a text the user typed for a field of this kind (numbers stay numbers in the JSONLogic). */
export function typedValue(kind: FieldKind | undefined, text: string): string | number | boolean {
  if (kind === 'number' || kind === 'insight') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** The value a new rule starts with for a field and operator. */
export function defaultValueFor(field: BuilderField | undefined, operator: string): unknown {
  if (RELATIVE_TIME_OPERATORS.has(operator)) return [30, 'days'];
  if (LIST_OPERATORS.has(operator)) return [];
  if (PAIR_OPERATORS.has(operator)) return field?.kind === 'number' || field?.kind === 'insight' ? [0, 100] : ['', ''];
  if (VALUELESS_OPERATORS.has(operator)) return null;
  if (operator === C.inSegment || operator === C.notInSegment) return field?.choices?.[0] ?? '';
  if (field?.kind === 'boolean') return true;
  if (field?.kind === 'number' || field?.kind === 'insight') return 0;
  return '';
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * The builder's value editor: keeps values typed (numbers, booleans, lists, relative times) so the
 * JSONLogic it writes is exactly what an analyst would type by hand.
 */
export function WorkbenchValueEditor(props: ValueEditorProps) {
  const { operator, value, handleOnChange, fieldData, title, disabled, valueSource } = props;
  const field = fieldData as unknown as BuilderField;
  const kind = field?.kind;
  const cls = 'rule-value';
  if (VALUELESS_OPERATORS.has(operator)) return null;
  if (valueSource === 'field') {
    return (
      <input
        className={cls}
        aria-label={`${title} (field)`}
        value={text(value)}
        disabled={disabled}
        onChange={(e) => handleOnChange(e.target.value)}
      />
    );
  }
  if (RELATIVE_TIME_OPERATORS.has(operator)) {
    const [n, unit] = Array.isArray(value) ? (value as [number, string]) : [30, 'days'];
    const units = TIME_UNITS.includes(unit) ? TIME_UNITS : [unit, ...TIME_UNITS];
    return (
      <span className={`${cls} relative-time`}>
        <input
          type="number"
          min={0}
          aria-label={`${title}: amount`}
          value={text(n)}
          disabled={disabled}
          onChange={(e) => handleOnChange([e.target.value === '' ? 0 : Number(e.target.value), unit])}
        />
        <select
          aria-label={`${title}: unit`}
          value={unit}
          disabled={disabled}
          onChange={(e) => handleOnChange([n, e.target.value])}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        {operator === C.beforeAgo || operator === C.afterAgo ? <span className="muted"> ago</span> : null}
      </span>
    );
  }
  if (LIST_OPERATORS.has(operator)) {
    const list = Array.isArray(value) ? (value as unknown[]) : [];
    return (
      <input
        className={cls}
        aria-label={`${title} (comma-separated)`}
        placeholder="a, b, c"
        defaultValue={list.map(text).join(', ')}
        key={JSON.stringify(list)}
        disabled={disabled}
        onBlur={(e) =>
          handleOnChange(
            e.target.value
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '')
              .map((s) => typedValue(kind, s)),
          )
        }
      />
    );
  }
  if (PAIR_OPERATORS.has(operator)) {
    const [lo, hi] = Array.isArray(value) ? (value as unknown[]) : ['', ''];
    return (
      <span className={`${cls} pair`}>
        <input
          aria-label={`${title}: from`}
          value={text(lo)}
          disabled={disabled}
          onChange={(e) => handleOnChange([typedValue(kind, e.target.value), hi])}
        />
        <span className="muted">and</span>
        <input
          aria-label={`${title}: to`}
          value={text(hi)}
          disabled={disabled}
          onChange={(e) => handleOnChange([lo, typedValue(kind, e.target.value)])}
        />
      </span>
    );
  }
  if (operator === C.inSegment || operator === C.notInSegment) {
    const choices = field?.choices ?? [];
    const options =
      typeof value === 'string' && value !== '' && !choices.includes(value) ? [value, ...choices] : choices;
    return (
      <select
        className={cls}
        aria-label={title}
        value={text(value)}
        disabled={disabled}
        onChange={(e) => handleOnChange(e.target.value)}
      >
        {options.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    );
  }
  if (kind === 'boolean' && (typeof value === 'boolean' || value === '')) {
    return (
      <select
        className={cls}
        aria-label={title}
        value={text(value)}
        disabled={disabled}
        onChange={(e) => handleOnChange(e.target.value === 'true')}
      >
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  return (
    <TypedInput
      className={cls}
      label={title ?? 'value'}
      kind={kind}
      value={value}
      disabled={disabled}
      placeholder={operator === C.before || operator === C.after ? '2026-01-01T00:00:00Z' : undefined}
      onCommit={(v) => handleOnChange(v)}
    />
  );
}

/**
 * A text input that keeps what is being typed ("1.", "-") locally and commits a typed value:
 * numbers for number fields once they parse, text otherwise.
 */
export function TypedInput({
  value,
  kind,
  onCommit,
  label,
  className,
  disabled,
  placeholder,
}: {
  value: unknown;
  kind: FieldKind | undefined;
  onCommit: (v: string | number | boolean) => void;
  label: string;
  className?: string;
  disabled?: boolean;
  placeholder?: string | undefined;
}) {
  const [draft, setDraft] = useState(text(value));
  useEffect(() => {
    // Follow outside changes (a reset, another rule), not our own commits.
    if (typedValue(kind, draft) !== value) setDraft(text(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows outside changes only, not the draft being typed
  }, [value, kind]);
  const numeric = kind === 'number' || kind === 'insight';
  return (
    <input
      className={className}
      inputMode={numeric ? 'decimal' : undefined}
      aria-label={label}
      value={draft}
      disabled={disabled}
      placeholder={placeholder}
      onChange={(e) => {
        setDraft(e.target.value);
        const v = typedValue(kind, e.target.value);
        if (!numeric || typeof v === 'number' || e.target.value === '') onCommit(v);
      }}
    />
  );
}

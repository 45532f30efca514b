import { useEffect, useId, useState, type ReactNode } from 'react';
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
import { valueProblem } from './value-check.ts';

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

/** ARIA of an input whose value does not fit: invalid, described by the message beside it. */
type InvalidProps = { 'aria-invalid'?: true; 'aria-describedby'?: string };

/**
 * An editor followed by the message of its invalid value (inline, next to the value). The wrapper
 * is always there, so an input is not remounted (and does not lose focus) when a message appears.
 */
function WithProblem({ id, problem, children }: { id: string; problem: string | undefined; children: ReactNode }) {
  return (
    <span className={`rule-value-wrap${problem === undefined ? '' : ' invalid'}`}>
      {children}
      {problem === undefined ? null : (
        <span id={id} className="value-problem" data-testid="value-problem">
          {problem}
        </span>
      )}
    </span>
  );
}

/**
 * The builder's value editor: keeps values typed (numbers, booleans, lists, relative times) so the
 * JSONLogic it writes is exactly what an analyst would type by hand. A value that does not fit its
 * field is marked aria-invalid and described by the message beside it.
 */
export function WorkbenchValueEditor(props: ValueEditorProps) {
  const { operator, value, fieldData, valueSource } = props;
  const id = useId();
  if (VALUELESS_OPERATORS.has(operator)) return null;
  const problem =
    valueSource === 'field' ? undefined : valueProblem(fieldData as unknown as BuilderField, operator, value);
  const aria: InvalidProps = problem === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': id };
  return (
    <WithProblem id={id} problem={problem}>
      <ValueInput {...props} aria={aria} />
    </WithProblem>
  );
}

/** The input(s) of one value, by operator and field kind. */
function ValueInput(props: ValueEditorProps & { aria: InvalidProps }) {
  const { operator, value, handleOnChange, fieldData, title, disabled, valueSource, aria } = props;
  const field = fieldData as unknown as BuilderField;
  const kind = field?.kind;
  const cls = 'rule-value';
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
          {...aria}
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
        {...aria}
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
          {...aria}
          value={text(lo)}
          disabled={disabled}
          onChange={(e) => handleOnChange([typedValue(kind, e.target.value), hi])}
        />
        <span className="muted">and</span>
        <input
          aria-label={`${title}: to`}
          {...aria}
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
      aria={aria}
      onCommit={(v) => handleOnChange(v)}
    />
  );
}

/**
 * A text input that keeps what is being typed ("1.", "-") locally and commits a typed value:
 * numbers for number fields once they parse; otherwise the text as typed, so that the rule shows
 * what the analyst wrote and the type check refuses it (never a silent "" in its place).
 */
export function TypedInput({
  value,
  kind,
  onCommit,
  label,
  className,
  disabled,
  placeholder,
  aria,
}: {
  aria?: InvalidProps;
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
      {...aria}
      onChange={(e) => {
        setDraft(e.target.value);
        onCommit(typedValue(kind, e.target.value));
      }}
    />
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { QueryBuilder, type Field, type RuleGroupType } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import { ruleToBuilder } from './round-trip.ts';
import { queryToJsonLogic } from './format-rule.ts';
import { jsonEqual, type Json } from './json-values.ts';
import { WorkbenchValueEditor, defaultValueFor } from './value-editor.tsx';
import { withReferencedFields, type BuilderField } from './fields.ts';
import { countInvalidValues, findField } from './value-check.ts';

/** Field names a query uses (so unknown ones still show in the field selector). */
function fieldsUsed(q: RuleGroupType, out = new Set<string>()): Set<string> {
  for (const r of q.rules) {
    if ('rules' in r) fieldsUsed(r, out);
    else out.add(r.field);
  }
  return out;
}

export interface RuleBuilderProps {
  /** The targeting rule (JSONLogic); null = no rule (everyone). */
  rule: Json | null;
  onChange: (rule: Json | null) => void;
  fields: BuilderField[];
  label: string;
  testId?: string;
  /** Told how many values of the builder do not fit their field (0 again when it unmounts). */
  onInvalidValuesChange?: (count: number) => void;
}

/**
 * The visual targeting-rule builder: react-querybuilder reading and writing JSONLogic, with the
 * workbench's custom operators. Rules it cannot represent exactly open in the JSON view.
 */
export function RuleBuilder({ rule, onChange, fields, label, testId, onInvalidValuesChange }: RuleBuilderProps) {
  // First render only; later outside changes are handled by the effect below.
  const [initial] = useState(() => ruleToBuilder(rule));
  const [mode, setMode] = useState<'builder' | 'json'>(initial.ok ? 'builder' : 'json');
  const [query, setQuery] = useState<RuleGroupType>(initial.ok ? initial.query : { combinator: 'and', rules: [] });
  const [jsonText, setJsonText] = useState(rule === null ? '' : JSON.stringify(rule, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const lastEmitted = useRef<Json | null>(rule);

  // A rule changed from outside (discard, reload): show it afresh.
  useEffect(() => {
    if (jsonEqual(rule, lastEmitted.current)) return;
    lastEmitted.current = rule;
    const view = ruleToBuilder(rule);
    setJsonText(rule === null ? '' : JSON.stringify(rule, null, 2));
    setJsonError(null);
    if (view.ok) setQuery(view.query);
    setMode(view.ok ? mode : 'json');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the rule prop only; the mode is the user's choice
  }, [rule]);

  const emit = (next: Json | null) => {
    lastEmitted.current = next;
    onChange(next);
  };
  const representable = useMemo(() => ruleToBuilder(rule), [rule]);
  const allFields = useMemo(() => withReferencedFields(fields, fieldsUsed(query)), [fields, query]);
  // Invalid values block Save; the JSON view writes the rule as typed, which the service checks.
  const invalidValues = useMemo(
    () => (mode === 'builder' ? countInvalidValues(query, allFields) : 0),
    [mode, query, allFields],
  );
  const report = useRef(onInvalidValuesChange);
  useEffect(() => {
    report.current = onInvalidValuesChange;
  });
  useEffect(() => {
    report.current?.(invalidValues);
  }, [invalidValues]);
  useEffect(() => () => report.current?.(0), []);

  return (
    <div className="rule-builder" data-testid={testId} aria-label={label}>
      <div className="rule-builder-bar">
        <div className="seg" role="tablist" aria-label={`${label}: view`}>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'builder'}
            className={mode === 'builder' ? 'active' : undefined}
            disabled={!representable.ok && mode === 'json'}
            onClick={() => {
              const view = ruleToBuilder(rule);
              if (view.ok) {
                setQuery(view.query);
                setMode('builder');
              }
            }}
          >
            Builder
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'json'}
            className={mode === 'json' ? 'active' : undefined}
            onClick={() => {
              setJsonText(rule === null ? '' : JSON.stringify(rule, null, 2));
              setJsonError(null);
              setMode('json');
            }}
          >
            JSON
          </button>
        </div>
        <span className="rule-summary mono">
          {rule === null ? 'No targeting rule: everyone qualifies' : summarize(rule)}
        </span>
      </div>
      {mode === 'builder' ? (
        <QueryBuilder
          fields={allFields as Field[]}
          query={query}
          onQueryChange={(q) => {
            setQuery(q);
            // The builder reports its query on mount and on every keystroke; only real changes are edits.
            const next = queryToJsonLogic(q);
            if (!jsonEqual(next, lastEmitted.current)) emit(next);
          }}
          controlElements={{ valueEditor: WorkbenchValueEditor }}
          getDefaultValue={(r) => defaultValueFor(findField(allFields, r.field), r.operator)}
          resetOnOperatorChange
          showNotToggle
          autoSelectField
          autoSelectOperator
          controlClassnames={{ queryBuilder: 'queryBuilder-branches' }}
          translations={{
            addRule: { label: '+ Condition', title: 'Add a condition' },
            addGroup: { label: '+ Group', title: 'Add a group' },
          }}
        />
      ) : (
        <div className="rule-json">
          {!representable.ok ? <p className="note">{representable.reason}</p> : null}
          <textarea
            aria-label={`${label} (JSONLogic)`}
            spellCheck={false}
            value={jsonText}
            rows={Math.min(16, Math.max(4, jsonText.split('\n').length + 1))}
            onChange={(e) => {
              const t = e.target.value;
              setJsonText(t);
              if (t.trim() === '') {
                setJsonError(null);
                emit(null);
                return;
              }
              try {
                const parsed = JSON.parse(t) as Json;
                setJsonError(null);
                emit(parsed);
                const view = ruleToBuilder(parsed);
                if (view.ok) setQuery(view.query);
              } catch (err) {
                setJsonError((err as Error).message);
              }
            }}
          />
          {jsonError ? (
            <p className="field-problems error">Not valid JSON yet: {jsonError}</p>
          ) : (
            <p className="muted">Empty = no targeting rule (everyone). Operators: docs/rules.md.</p>
          )}
        </div>
      )}
    </div>
  );
}

/** One line of the rule for the header (shortened JSON). */
function summarize(rule: Json): string {
  const s = JSON.stringify(rule);
  return s.length > 110 ? s.slice(0, 109) + '…' : s;
}

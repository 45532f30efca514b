import type { Decision, PersonalizationPoint, Recommender } from '../../../../engine/model/index.ts';
import type { BuilderField } from '../../rule-builder/fields.ts';
import { RuleBuilder } from '../../rule-builder/rule-builder.tsx';
import { FormField } from '../../components/form-field.tsx';
import { FieldProblems } from '../../components/problems.tsx';
import { Badge } from '../../components/ui.tsx';
import type { Json } from '../../rule-builder/json-values.ts';
import { ContentEditor, type ContentEditorProps } from './content-editor.tsx';

export interface DecisionCardProps {
  index: number;
  count: number;
  decision: Decision;
  point: PersonalizationPoint;
  fields: BuilderField[];
  recommenders: Recommender[];
  resolved: ContentEditorProps['resolved'];
  /** Outcome of this decision in the last test (matched, not-matched…). */
  testStatus?: string | undefined;
  onChange: (recipe: (d: Decision) => void) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  /** How many values of the targeting rule's builder do not fit their field. */
  onInvalidValues?: (count: number) => void;
}

const STATUS_TONE: Record<string, 'good' | 'bad' | 'neutral' | 'warn'> = {
  matched: 'good',
  'not-matched': 'bad',
  error: 'bad',
  inactive: 'neutral',
  'not-evaluated': 'neutral',
};

/** One decision: priority (reorder), label, id, active, targeting rule, content. */
export function DecisionCard({
  index,
  count,
  decision,
  point,
  fields,
  recommenders,
  resolved,
  testStatus,
  onChange,
  onMove,
  onRemove,
  onInvalidValues,
}: DecisionCardProps) {
  const base = `$.decisions[${index}]`;
  return (
    <div
      className={`decision${decision.active ? '' : ' inactive'}`}
      data-testid={`decision-${decision.id}`}
      data-path={base}
    >
      <div className="decision-head">
        <span className="prio" title="Evaluated in this order">
          #{index + 1}
        </span>
        <span className="row" role="group" aria-label="Priority">
          <button
            type="button"
            className="icon small"
            aria-label={`Move ${decision.label} up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon small"
            aria-label={`Move ${decision.label} down`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
        </span>
        <span className="grow">
          <input
            className="label-input"
            aria-label="Decision label"
            value={decision.label}
            onChange={(e) => onChange((d) => void (d.label = e.target.value))}
          />
        </span>
        {testStatus ? (
          <Badge tone={STATUS_TONE[testStatus] ?? 'neutral'} title="In the last test">
            {testStatus}
          </Badge>
        ) : null}
        <label className="check">
          <input
            type="checkbox"
            checked={decision.active}
            onChange={(e) => onChange((d) => void (d.active = e.target.checked))}
          />{' '}
          active
        </label>
        <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove ${decision.label}`}>
          Remove
        </button>
      </div>
      <div className="decision-body">
        <FieldProblems path={base} />
        <FormField path={`${base}.id`} label="Decision id (contentId of the response)" className="inline-field">
          <input
            className="mono"
            aria-label="Decision id"
            value={decision.id}
            onChange={(e) => onChange((d) => void (d.id = e.target.value))}
          />
        </FormField>
        <FieldProblems path={`${base}.label`} />
        <FieldProblems path={`${base}.priority`} />
        <FormField path={`${base}.targetingRule`} label="Targeting rule">
          <RuleBuilder
            label={`Targeting rule of ${decision.label}`}
            testId={`rule-${decision.id}`}
            rule={decision.targetingRule as Json | null}
            fields={fields}
            {...(onInvalidValues ? { onInvalidValuesChange: onInvalidValues } : {})}
            onChange={(rule) => onChange((d) => void (d.targetingRule = rule as Decision['targetingRule']))}
          />
        </FormField>
        <ContentEditor
          base={base}
          point={point}
          content={decision.content}
          recommenders={recommenders}
          resolved={resolved}
          onChange={(content) => onChange((d) => void (d.content = content))}
        />
      </div>
    </div>
  );
}

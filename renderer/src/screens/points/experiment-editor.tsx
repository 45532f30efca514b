import type { Experiment, PersonalizationPoint } from '../../../../engine/model/index.ts';
import { useWorkbench } from '../../store/store.ts';
import { selectWeightSum } from '../../store/selectors.ts';
import { FormField } from '../../components/form-field.tsx';
import { FieldProblems } from '../../components/problems.tsx';
import { Panel } from '../../components/ui.tsx';

/** A new experiment: control against the first decision, 50/50. */
export function newExperiment(point: PersonalizationPoint): Experiment {
  const first = point.decisions[0]?.id;
  return {
    key: `${point.apiName}_experiment`,
    label: `${point.label} experiment`,
    active: true,
    trafficPercent: 100,
    variants: [
      { key: 'control', label: 'Control', weight: 50, control: true },
      first
        ? { key: 'variant_b', label: 'Variant B', weight: 50, decision: first, control: false }
        : { key: 'variant_b', label: 'Variant B', weight: 50, control: true },
    ],
  };
}

/** The point's experiment: key, traffic, variants with weights (their sum shown; it must be 100). */
export function ExperimentEditor({ point }: { point: PersonalizationPoint }) {
  const update = useWorkbench((s) => s.updateDraft);
  const sum = useWorkbench(selectWeightSum);
  const ex = point.experiment;
  if (!ex)
    return (
      <Panel
        title="Experiment"
        actions={
          <button type="button" className="small" onClick={() => update((d) => void (d.experiment = newExperiment(d)))}>
            Add experiment
          </button>
        }
      >
        <p className="muted">
          No experiment. An experiment is the highest-priority object on a point: each individual is bucketed by (key,
          unified id) and a variant serves one of the decisions, or is the control cohort that goes through the
          decisions as usual.
        </p>
        <FieldProblems path="$.experiment" />
      </Panel>
    );
  const setEx = (recipe: (e: Experiment) => void) => update((d) => d.experiment && recipe(d.experiment));
  const sumOk = sum === 100;
  return (
    <Panel
      title="Experiment"
      testId="experiment-editor"
      actions={
        <>
          <span className={`weights-sum ${sumOk ? 'good' : 'bad'}`} data-testid="weights-sum">
            Σ weights = {sum} %{sumOk ? '' : ' (must be 100)'}
          </span>
          <button
            type="button"
            className="small"
            onClick={() =>
              setEx((e) =>
                e.variants.forEach(
                  (v, i, all) => (v.weight = Math.floor(100 / all.length) + (i < 100 % all.length ? 1 : 0)),
                ),
              )
            }
          >
            Split evenly
          </button>
          <button type="button" className="small danger" onClick={() => update((d) => void delete d.experiment)}>
            Remove
          </button>
        </>
      }
    >
      <FieldProblems path="$.experiment" />
      <div className="fields">
        <FormField path="$.experiment.key" label="Key (bucketing seed)">
          <input
            className="mono"
            aria-label="Experiment key"
            value={ex.key}
            onChange={(e) => setEx((x) => void (x.key = e.target.value))}
          />
        </FormField>
        <FormField path="$.experiment.label" label="Label">
          <input
            aria-label="Experiment label"
            value={ex.label}
            onChange={(e) => setEx((x) => void (x.label = e.target.value))}
          />
        </FormField>
        <FormField path="$.experiment.trafficPercent" label="Traffic in the experiment (%)">
          <input
            type="number"
            min={0}
            max={100}
            aria-label="Traffic percent"
            value={ex.trafficPercent}
            onChange={(e) => setEx((x) => void (x.trafficPercent = Number(e.target.value)))}
          />
        </FormField>
        <FormField path="$.experiment.active" label="Status">
          <label className="check">
            <input
              type="checkbox"
              checked={ex.active}
              onChange={(e) => setEx((x) => void (x.active = e.target.checked))}
            />{' '}
            active
          </label>
        </FormField>
      </div>
      <FieldProblems path="$.experiment.variants" />
      <table className="data" data-testid="variants">
        <thead>
          <tr>
            <th>Variant key</th>
            <th>Label</th>
            <th>Weight %</th>
            <th>Serves</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {ex.variants.map((v, i) => {
            const vp = `$.experiment.variants[${i}]`;
            return (
              <tr key={i} data-path={vp}>
                <td>
                  <FormField path={`${vp}.key`} label="">
                    <input
                      className="mono"
                      aria-label={`Variant ${i + 1} key`}
                      value={v.key}
                      onChange={(e) => setEx((x) => void (x.variants[i]!.key = e.target.value))}
                    />
                  </FormField>
                </td>
                <td>
                  <input
                    aria-label={`Variant ${i + 1} label`}
                    value={v.label ?? ''}
                    onChange={(e) => setEx((x) => void (x.variants[i]!.label = e.target.value))}
                  />
                </td>
                <td>
                  <FormField path={`${vp}.weight`} label="">
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step="any"
                      aria-label={`Variant ${i + 1} weight`}
                      value={v.weight}
                      onChange={(e) => setEx((x) => void (x.variants[i]!.weight = Number(e.target.value)))}
                    />
                  </FormField>
                </td>
                <td>
                  <FormField path={`${vp}.decision`} label="">
                    <select
                      aria-label={`Variant ${i + 1} serves`}
                      value={v.control ? '' : (v.decision ?? '')}
                      onChange={(e) =>
                        setEx((x) => {
                          const t = x.variants[i]!;
                          if (e.target.value === '') {
                            t.control = true;
                            delete t.decision;
                          } else {
                            t.control = false;
                            t.decision = e.target.value;
                          }
                        })
                      }
                    >
                      <option value="">control cohort (regular decisions)</option>
                      {v.decision && !point.decisions.some((d) => d.id === v.decision) ? (
                        <option value={v.decision}>{v.decision} (unknown)</option>
                      ) : null}
                      {point.decisions.map((d) => (
                        <option key={d.id} value={d.id}>
                          decision {d.label}
                        </option>
                      ))}
                    </select>
                  </FormField>
                  <FieldProblems path={vp} />
                  <FieldProblems path={`${vp}.control`} />
                </td>
                <td>
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Remove variant ${v.key}`}
                    onClick={() => setEx((x) => void x.variants.splice(i, 1))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        <button
          type="button"
          className="small"
          onClick={() =>
            setEx(
              (x) =>
                void x.variants.push({
                  key: `variant_${x.variants.length + 1}`,
                  label: `Variant ${x.variants.length + 1}`,
                  weight: 0,
                  control: false,
                  ...(point.decisions[0] ? { decision: point.decisions[0].id } : { control: true }),
                }),
            )
          }
        >
          + Variant
        </button>
      </div>
    </Panel>
  );
}

import { useMemo } from 'react';
import type { DecisionContent, PersonalizationPoint } from '../../../../engine/model/index.ts';
import { useWorkbench } from '../../store/store.ts';
import { editorProblems, selectSpaceConfig } from '../../store/selectors.ts';
import { profileGraphFields } from '../../rule-builder/fields.ts';
import { assignProblems, FieldProblems, FieldProblemsProvider, ProblemList } from '../../components/problems.tsx';
import { FormField } from '../../components/form-field.tsx';
import { Badge, Panel } from '../../components/ui.tsx';
import { editorFieldPaths } from './field-paths.ts';
import { audienceExtremes } from '../../store/audience-warnings.ts';
import { fmtInt } from '../../components/format.ts';
import { DecisionCard } from './decision-card.tsx';
import { ExperimentEditor } from './experiment-editor.tsx';
import { ContentEditor } from './content-editor.tsx';

/** Content a new decision of this point starts with. */
function defaultContent(point: PersonalizationPoint, recommender: string | undefined): DecisionContent {
  if (point.type === 'recommendations')
    return { type: 'recommendations', recommender: recommender ?? '', itemCount: 4 };
  return {
    type: 'manual',
    values: Object.fromEntries(point.responseTemplate.fields.filter((f) => f.required).map((f) => [f.name, ''])),
  };
}

/** The editor of one personalization point (the draft in the store). */
export function PointEditor() {
  const draft = useWorkbench((s) => s.draft);
  const problems = useWorkbench((s) => s.problems);
  const warnings = useWorkbench((s) => s.warnings);
  const pointPath = useWorkbench((s) => s.pointPath);
  const dirty = useWorkbench((s) => s.dirty);
  const saveState = useWorkbench((s) => s.saveState);
  const saveMessage = useWorkbench((s) => s.saveMessage);
  const editing = useWorkbench((s) => s.editingPoint);
  const update = useWorkbench((s) => s.updateDraft);
  const move = useWorkbench((s) => s.moveDecision);
  const save = useWorkbench((s) => s.saveDraft);
  const discard = useWorkbench((s) => s.discardDraft);
  const testResult = useWorkbench((s) => s.testResult);
  const space = useWorkbench(selectSpaceConfig);
  const invalidValues = useWorkbench((s) => s.invalidValues);
  const setInvalidValues = useWorkbench((s) => s.setInvalidValues);
  const audience = useWorkbench((s) => s.audience);
  const audienceFor = useWorkbench((s) => s.audienceFor);
  const extremes = useMemo(
    () => audienceExtremes(draft, dirty, audience?.ok ? audience.data : null, audienceFor),
    [draft, dirty, audience, audienceFor],
  );

  const assigned = useMemo(
    () =>
      draft ? assignProblems(editorProblems(problems, pointPath), editorFieldPaths(draft), (p) => p.relPath) : null,
    [draft, problems, pointPath],
  );
  const graph = space?.profileDataGraphs.find((g) => g.apiName === draft?.profileDataGraph);
  const fields = useMemo(() => profileGraphFields(graph, space?.segments.map((s) => s.apiName) ?? []), [graph, space]);
  if (!draft || !assigned) return null;

  const test = testResult?.ok ? testResult.data : null;
  const testedPoint = test?.trace.points[0];
  const resolvedFor = (decisionId: string) =>
    testedPoint && testedPoint.decisionId === decisionId && testedPoint.personalizing?.mergeFields
      ? { individualId: test!.trace.individualId, mergeFields: testedPoint.personalizing.mergeFields }
      : undefined;
  const recommenders = space?.recommenders ?? [];
  const errorCount = problems.length;
  const invalidCount = Object.values(invalidValues).reduce((a, n) => a + n, 0);

  return (
    <FieldProblemsProvider value={assigned.byField}>
      <div className="stack" data-testid="point-editor">
        <Panel
          title={
            <>
              {editing ? 'Personalization point' : 'New personalization point'}{' '}
              {dirty ? <Badge tone="warn">unsaved</Badge> : <Badge tone="good">saved</Badge>}
            </>
          }
          actions={
            <div className="save-bar">
              {saveMessage ? (
                <span
                  className={`save-msg ${saveState === 'saved' ? 'ok' : 'bad'}`}
                  role="status"
                  data-testid="save-message"
                >
                  {saveMessage}
                </span>
              ) : invalidCount > 0 ? (
                <span className="save-msg bad" data-testid="invalid-values">
                  {invalidCount} invalid value{invalidCount === 1 ? '' : 's'}
                </span>
              ) : errorCount > 0 ? (
                <span className="save-msg bad" data-testid="problem-count">
                  {errorCount} problem{errorCount === 1 ? '' : 's'}
                </span>
              ) : null}
              <button type="button" disabled={!dirty || saveState === 'saving'} onClick={discard}>
                Discard
              </button>
              <button
                type="button"
                className="primary"
                disabled={!dirty || saveState === 'saving' || saveState === 'validating'}
                onClick={() => void save()}
              >
                {saveState === 'saving' || saveState === 'validating' ? 'Saving…' : 'Save'}
              </button>
            </div>
          }
        >
          {extremes.length > 0 ? (
            <div className="audience-warning" role="status" data-testid="audience-warning">
              <strong>Check before saving:</strong> in the audience preview of this draft,
              <ul>
                {extremes.map((x) => (
                  <li key={x.decisionId}>
                    “{x.label}” would be served to {x.share} % of the audience ({fmtInt(x.count)} of {fmtInt(x.total)}
                    ):{' '}
                    {x.share === 0
                      ? 'nobody gets it — is its targeting rule (or an earlier decision) catching what you meant?'
                      : 'everybody gets it, so no later decision or fallback is ever reached.'}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="fields">
            <FormField path="$.label" label="Label">
              <input
                aria-label="Point label"
                value={draft.label}
                onChange={(e) => update((d) => void (d.label = e.target.value))}
              />
            </FormField>
            <FormField path="$.apiName" label="API name">
              <input
                className="mono"
                aria-label="Point API name"
                value={draft.apiName}
                onChange={(e) => update((d) => void (d.apiName = e.target.value))}
              />
            </FormField>
            <FormField path="$.type" label="Type">
              <input aria-label="Point type" value={draft.type} readOnly />
            </FormField>
            <FormField path="$.source" label="Source">
              <select
                aria-label="Source"
                value={draft.source}
                onChange={(e) => update((d) => void (d.source = e.target.value as typeof d.source))}
              >
                <option value="web">web</option>
                <option value="cms">cms (CMS Content)</option>
                <option value="api">api</option>
              </select>
            </FormField>
            <FormField path="$.profileDataGraph" label="Profile data graph">
              <select
                aria-label="Profile data graph"
                value={draft.profileDataGraph}
                onChange={(e) => update((d) => void (d.profileDataGraph = e.target.value))}
              >
                {space?.profileDataGraphs.map((g) => (
                  <option key={g.apiName} value={g.apiName}>
                    {g.label}
                  </option>
                ))}
              </select>
            </FormField>
            {draft.type === 'recommendations' ? (
              <FormField path="$.itemDataGraph" label="Item data graph">
                <select
                  aria-label="Item data graph"
                  value={draft.itemDataGraph ?? ''}
                  onChange={(e) => update((d) => void (d.itemDataGraph = e.target.value))}
                >
                  {space?.itemDataGraphs.map((g) => (
                    <option key={g.apiName} value={g.apiName}>
                      {g.label}
                    </option>
                  ))}
                </select>
              </FormField>
            ) : null}
            <FormField path="$.active" label="Status">
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.active}
                  onChange={(e) => update((d) => void (d.active = e.target.checked))}
                />{' '}
                active
              </label>
            </FormField>
          </div>
          <FormField path="$.responseTemplate" label="Response template">
            <div className="chips">
              {draft.responseTemplate.fields.map((f) => (
                <Badge key={f.name} tone="info">
                  {f.name}: {f.type}
                  {f.required ? ' *' : ''}
                </Badge>
              ))}
            </div>
          </FormField>
          {assigned.unassigned.length > 0 ? (
            <ProblemList
              problems={assigned.unassigned}
              title="Other problems of the configuration"
              testId="unassigned-problems"
            />
          ) : null}
          {warnings.length > 0 ? (
            <ProblemList
              problems={editorProblems(warnings, pointPath).map((w) => ({ ...w, path: w.relPath ?? w.path }))}
              title="Warnings (saving is allowed)"
            />
          ) : null}
        </Panel>

        <Panel
          title={`Decisions in priority order (${draft.decisions.length})`}
          actions={
            <button
              type="button"
              className="small"
              onClick={() =>
                update((d) => {
                  let n = d.decisions.length + 1;
                  while (d.decisions.some((x) => x.id === `decision_${n}`)) n++;
                  d.decisions.push({
                    id: `decision_${n}`,
                    label: `Decision ${n}`,
                    active: true,
                    priority: d.decisions.length,
                    targetingRule: null,
                    content: defaultContent(d, recommenders[0]?.apiName),
                  });
                })
              }
            >
              + Decision
            </button>
          }
        >
          <FormField path="$.decisions" label="">
            <span className="muted">
              The first active decision whose targeting rule holds is served (after the experiment); else the fallback.
            </span>
          </FormField>
          {draft.decisions.map((dec, i) => (
            <DecisionCard
              key={i}
              index={i}
              count={draft.decisions.length}
              decision={dec}
              point={draft}
              fields={fields}
              recommenders={recommenders}
              resolved={resolvedFor(dec.id)}
              testStatus={testedPoint?.decisions.find((e) => e.decisionId === dec.id)?.status}
              onChange={(recipe) => update((d) => recipe(d.decisions[i]!))}
              onMove={(delta) => move(i, delta)}
              onRemove={() => update((d) => void d.decisions.splice(i, 1))}
              onInvalidValues={(n) => setInvalidValues(`decisions[${i}]`, n)}
            />
          ))}
        </Panel>

        <ExperimentEditor point={draft} />

        <Panel
          title="Fallback"
          actions={
            draft.fallback ? (
              <button type="button" className="small danger" onClick={() => update((d) => void delete d.fallback)}>
                Remove
              </button>
            ) : (
              <button
                type="button"
                className="small"
                onClick={() =>
                  update(
                    (d) =>
                      void (d.fallback = {
                        id: `${d.apiName}_fallback`,
                        label: 'Fallback',
                        content: defaultContent(d, recommenders[0]?.apiName),
                      }),
                  )
                }
              >
                Add fallback
              </button>
            )
          }
        >
          {draft.fallback ? (
            <div className="stack" data-testid="fallback-editor">
              <FieldProblems path="$.fallback" />
              <div className="fields">
                <FormField path="$.fallback.id" label="Id">
                  <input
                    className="mono"
                    aria-label="Fallback id"
                    value={draft.fallback.id}
                    onChange={(e) => update((d) => void (d.fallback!.id = e.target.value))}
                  />
                </FormField>
                <FormField path="$.fallback.label" label="Label">
                  <input
                    aria-label="Fallback label"
                    value={draft.fallback.label}
                    onChange={(e) => update((d) => void (d.fallback!.label = e.target.value))}
                  />
                </FormField>
              </div>
              <ContentEditor
                base="$.fallback"
                point={draft}
                content={draft.fallback.content}
                recommenders={recommenders}
                resolved={resolvedFor(draft.fallback.id)}
                onChange={(content) => update((d) => void (d.fallback!.content = content))}
              />
            </div>
          ) : (
            <p className="muted">
              No fallback: an individual no decision qualifies for gets no decision (and costs no credit).
            </p>
          )}
        </Panel>
      </div>
    </FieldProblemsProvider>
  );
}

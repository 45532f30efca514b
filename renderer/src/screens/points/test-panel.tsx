import { useEffect } from 'react';
import type { PointTrace } from '../../../../engine/model/trace.ts';
import { useWorkbench } from '../../store/store.ts';
import { AsOfInput } from '../../components/as-of-input.tsx';
import { ExplainTree } from '../../components/explain-tree.tsx';
import { ProblemList } from '../../components/problems.tsx';
import { Badge, FaultBox, JsonBlock, Panel } from '../../components/ui.tsx';
import { editorProblems } from '../../store/selectors.ts';

/** Re-tests this long after the last edit, when an individual is being tested. */
const RETEST_MS = 500;

const OUTCOME_TONE = { decision: 'good', fallback: 'warn', none: 'neutral', error: 'bad' } as const;

/** "Test against individual": the draft's decision for one individual, the rule trees coloured node by node. */
export function TestPanel() {
  const individualId = useWorkbench((s) => s.testIndividualId);
  const asOf = useWorkbench((s) => s.testAsOf);
  const setIndividual = useWorkbench((s) => s.setTestIndividual);
  const setAsOf = useWorkbench((s) => s.setTestAsOf);
  const runTest = useWorkbench((s) => s.runTest);
  const result = useWorkbench((s) => s.testResult);
  const testing = useWorkbench((s) => s.testing);
  const draft = useWorkbench((s) => s.draft);
  const examples = useWorkbench((s) => s.info?.sample?.exampleIndividualIds);
  const navigate = useWorkbench((s) => s.navigate);
  // Live: once a test ran, every edit of the draft re-tests it (debounced).
  useEffect(() => {
    if (!result || individualId.trim() === '') return;
    const t = setTimeout(() => void runTest(), RETEST_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-tests on edits only, not when its own result arrives
  }, [draft, asOf]);
  const point = result?.ok ? result.data.trace.points[0] : undefined;
  return (
    <Panel title="Test against an individual" testId="test-panel">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void runTest();
        }}
      >
        <div className="row">
          <input
            aria-label="Individual id"
            className="mono"
            list="example-individuals"
            placeholder="ind_000018"
            value={individualId}
            onChange={(e) => setIndividual(e.target.value)}
          />
          <datalist id="example-individuals">
            {examples?.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <button type="submit" className="primary" disabled={!draft || individualId.trim() === '' || testing}>
            {testing ? 'Testing…' : 'Test'}
          </button>
        </div>
        <AsOfInput value={asOf} onChange={setAsOf} testId="test-as-of" />
      </form>
      {result && !result.ok ? (
        <>
          <FaultBox fault={result.error} title={result.error.problems ? 'The draft is not valid yet' : undefined} />
          {result.error.problems ? (
            <ProblemList
              problems={editorProblems(result.error.problems, result.error.path ?? null).map((p) => ({
                ...p,
                path: p.relPath ?? p.path,
              }))}
            />
          ) : null}
        </>
      ) : null}
      {result?.ok && point ? (
        <div className="stack" data-testid="test-result">
          <div className="row">
            <Badge tone={OUTCOME_TONE[point.outcome]}>{point.outcome}</Badge>
            <strong data-testid="test-decision">{point.decisionId ?? 'no decision'}</strong>
            <span className="muted">
              {point.reason} · {point.credits} credit{point.credits === 1 ? '' : 's'}
            </span>
            <button
              type="button"
              className="link"
              onClick={() =>
                navigate('trace', {
                  individual: result.data.trace.individualId,
                  point: point.personalizationPointId,
                  ...(asOf ? { asOf } : {}),
                })
              }
            >
              full trace
            </button>
          </div>
          {point.fault ? <FaultBox fault={point.fault} /> : null}
          <ExperimentBucket point={point} />
          <div>
            <div className="sub-title">Rule trees</div>
            {point.decisions.map((d) => (
              <div key={d.decisionId} className={`decision-eval ${d.status}`} data-testid={`eval-${d.decisionId}`}>
                <div className="row">
                  <strong>{d.label}</strong>
                  <Badge
                    tone={
                      d.status === 'matched'
                        ? 'good'
                        : d.status === 'not-matched' || d.status === 'error'
                          ? 'bad'
                          : 'neutral'
                    }
                  >
                    {d.status}
                  </Badge>
                  {d.rule === null ? <span className="muted">no targeting rule (everyone)</span> : null}
                </div>
                {d.whyNot ? <div className="muted">why not: {d.whyNot.description}</div> : null}
                {d.error ? <div className="field-problems error">{d.error}</div> : null}
                {d.explain ? <ExplainTree node={d.explain} testId={`explain-${d.decisionId}`} /> : null}
              </div>
            ))}
          </div>
          <div>
            <div className="sub-title">Response</div>
            <JsonBlock value={result.data.response} maxHeight={260} />
          </div>
        </div>
      ) : null}
      {!result ? (
        <p className="muted">
          Pick an individual and test the draft (saved or not). Once tested, every edit re-tests it.
        </p>
      ) : null}
    </Panel>
  );
}

/** The experiment's bucket for the individual: hash, pool, variant. */
export function ExperimentBucket({ point }: { point: PointTrace }) {
  const e = point.experiment;
  if (!e) return null;
  return (
    <div className="row" data-testid="experiment-bucket">
      <span className="sub-title">Experiment</span>
      <span className="mono">{e.key}</span>
      <span>hash {e.hashValue.toFixed(4)}</span>
      {e.inPool ? (
        <Badge tone={e.control ? 'neutral' : 'info'}>
          {e.control ? `control (${e.variantKey})` : `variant ${e.variantKey}`}
        </Badge>
      ) : (
        <Badge>not in the experiment pool</Badge>
      )}
    </div>
  );
}

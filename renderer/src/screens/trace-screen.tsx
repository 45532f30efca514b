import { useEffect, useState } from 'react';
import { useWorkbench } from '../store/store.ts';
import { sameTraceRequest, type TraceRequest } from '../store/trace-slice.ts';
import { AsOfInput } from '../components/as-of-input.tsx';
import { Panel, ScreenHeader } from '../components/ui.tsx';
import { TraceContent } from './trace/trace-content.tsx';

/** The trace request a route names: ?individual=…&run=… (a run's decision) or &point=…&asOf=… (a fresh decision). */
function requestOf(params: Record<string, string>): TraceRequest | null {
  if (!params.individual) return null;
  const runId = params.run ? Number(params.run) : undefined;
  return {
    individualId: params.individual,
    ...(runId !== undefined && Number.isInteger(runId) ? { runId } : {}),
    ...(params.point ? { points: params.point.split(',') } : {}),
    ...(params.asOf ? { asOf: params.asOf } : {}),
  };
}

/** Trace inspector: why one individual got what they got, stage by stage. */
export function TraceScreen() {
  const route = useWorkbench((s) => s.route);
  const navigate = useWorkbench((s) => s.navigate);
  const openTrace = useWorkbench((s) => s.openTrace);
  const current = useWorkbench((s) => s.traceRequest);
  const view = useWorkbench((s) => s.traceView);
  const loading = useWorkbench((s) => s.traceLoading);
  const configLoaded = useWorkbench((s) => s.config !== null);
  const runs = useWorkbench((s) => s.runs);
  const loadRuns = useWorkbench((s) => s.loadRuns);
  const examples = useWorkbench((s) => s.info?.sample?.exampleIndividualIds);
  const wanted = requestOf(route.params);
  const [individual, setIndividual] = useState(wanted?.individualId ?? '');
  const [run, setRun] = useState(route.params.run ?? '');
  const [asOf, setAsOf] = useState<string | null>(route.params.asOf ?? null);
  useEffect(() => {
    if (runs === null) void loadRuns();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads the run list once, on the first visit
  }, []);
  // Opens what the route asks for, unless it is already open (a click opened it: the benchmark's start mark is there).
  useEffect(() => {
    if (!wanted || !configLoaded) return;
    if (sameTraceRequest(current, wanted)) return;
    void openTrace(wanted);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- opens what the route asks for when the route changes
  }, [route, configLoaded]);
  return (
    <div data-testid="trace-screen">
      <ScreenHeader
        title="Trace inspector"
        subtitle="Per individual: the pipeline stages with their timings, every rule's explain tree, the experiment bucket, the recommender's candidates, the response and how the channel would show it."
      />
      <Panel>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (individual.trim() === '') return;
            const params = {
              individual: individual.trim(),
              ...(run ? { run } : {}),
              ...(!run && asOf ? { asOf } : {}),
            };
            // Opened here, at the click (the benchmark's start mark); the route then names what is open.
            const request = requestOf(params);
            if (request && configLoaded) void openTrace(request);
            navigate('trace', params);
          }}
        >
          <input
            aria-label="Trace individual"
            className="mono"
            list="trace-examples"
            placeholder="individual id"
            value={individual}
            onChange={(e) => setIndividual(e.target.value)}
          />
          <datalist id="trace-examples">
            {examples?.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <select aria-label="Trace source" value={run} onChange={(e) => setRun(e.target.value)}>
            <option value="">a fresh decision (every point)</option>
            {(runs ?? []).map((r) => (
              <option key={r.runId} value={String(r.runId)}>
                run {r.runId} · {r.campaign}
              </option>
            ))}
          </select>
          {run ? null : <AsOfInput value={asOf} onChange={setAsOf} />}
          <button type="submit" className="primary" disabled={individual.trim() === ''}>
            Open trace
          </button>
          {loading ? <span className="muted">Tracing…</span> : null}
        </form>
      </Panel>
      <div style={{ marginTop: 14 }}>
        {view ? (
          <TraceContent view={view} />
        ) : (
          <Panel>
            <p className="muted">Pick an individual — or click a row of a run's decisions — to see its trace.</p>
          </Panel>
        )}
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useWorkbench } from '../../store/store.ts';
import { Badge, FaultBox, Panel } from '../../components/ui.tsx';
import { fmtInt, fmtPct, fmtTime } from '../../components/format.ts';

/** Data freshness watermarks: the latest data-graph refresh (with its CI watermarks), model training, segment counts. */
export function FreshnessPanel() {
  const freshness = useWorkbench((s) => s.freshness);
  const load = useWorkbench((s) => s.loadFreshness);
  const refresh = useWorkbench((s) => s.refreshDataGraph);
  const jobs = useWorkbench((s) => s.jobs);
  const configRevision = useWorkbench((s) => s.config?.revision);
  const info = useWorkbench((s) => s.info);
  const dataSpace = useWorkbench((s) => s.dataSpace);
  const clockTime = useWorkbench((s) => s.clock?.time);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => {
    if (configRevision !== undefined && clockTime !== undefined) void load({ segments: true });
  }, [configRevision, dataSpace, clockTime, load]);
  const job = jobId ? jobs[jobId] : undefined;
  const space = info?.dataSpaces.find((s) => s.apiName === dataSpace);
  const refreshes = freshness?.refreshes.ok ? freshness.refreshes.data : [];
  const latestByGraph = new Map<string, (typeof refreshes)[number]>();
  for (const r of refreshes) if (!latestByGraph.has(r.graph)) latestByGraph.set(r.graph, r);
  return (
    <Panel
      title="Data freshness"
      testId="freshness"
      actions={
        <button
          type="button"
          className="small"
          disabled={job?.status === 'running'}
          onClick={async () => {
            setError(null);
            const r = await refresh();
            if (r.ok) setJobId(r.data.jobId);
            else setError(r.error);
          }}
        >
          {job?.status === 'running'
            ? `Refreshing… ${job.progress.total ? fmtPct(job.progress.done, job.progress.total) : ''}`
            : 'Refresh data graph at the workspace time'}
        </button>
      }
    >
      <FaultBox fault={error} />
      {freshness && !freshness.refreshes.ok ? <FaultBox fault={freshness.refreshes.error} /> : null}
      {freshness === null ? <p className="muted">Reading the watermarks…</p> : null}
      <table className="data kv" data-testid="watermarks">
        <tbody>
          <tr>
            <td>Latest engagement event</td>
            <td>{fmtTime(space?.eventsTo)}</td>
          </tr>
          {[...latestByGraph.values()].map((r) => (
            <tr key={r.id}>
              <td>Data graph {r.graph}</td>
              <td>
                refreshed {fmtTime(r.refreshedAt)} · {fmtInt(r.individuals)} documents{' '}
                {r.current ? <Badge tone="good">current</Badge> : <Badge tone="warn">outdated</Badge>}
              </td>
            </tr>
          ))}
          {freshness && latestByGraph.size === 0 && freshness.refreshes.ok ? (
            <tr>
              <td>Data graphs</td>
              <td className="muted">never refreshed (runs and previews refresh on demand, every 30 minutes of data)</td>
            </tr>
          ) : null}
          {freshness?.insights.ok
            ? freshness.insights.data.insights.map((ci) => (
                <tr key={ci.apiName}>
                  <td>
                    Calculated insight <span className="mono">{ci.apiName}</span>
                  </td>
                  <td>
                    {ci.refreshes[0]
                      ? `refreshed ${fmtTime(ci.refreshes[0].refreshedAt)} (${ci.refreshes[0].kind})`
                      : 'never refreshed'}{' '}
                    <span className="muted">· {ci.scheduleText}</span>
                  </td>
                </tr>
              ))
            : null}
          {freshness?.models.ok
            ? freshness.models.data.recommenders.map((m) => (
                <tr key={m.recommender}>
                  <td>Model {m.recommender}</td>
                  <td>
                    {m.model ? `trained ${fmtTime(m.model.trainedAt)}` : 'untrained'}{' '}
                    {m.current ? <Badge tone="good">current</Badge> : <Badge tone="warn">due {fmtTime(m.dueAt)}</Badge>}
                  </td>
                </tr>
              ))
            : null}
        </tbody>
      </table>
      {freshness?.segments?.ok ? (
        <>
          <div className="sub-title" style={{ marginTop: 10 }}>
            Segments at the workspace time{' '}
            <span className="muted">
              (data as of {fmtTime(freshness.segments.data.segments[0]?.refreshedAt)}
              {freshness.segments.data.segments.some((s) => s.refreshId === null)
                ? ', counted without materializing a refresh'
                : ''}
              )
            </span>
          </div>
          <table className="data" data-testid="segment-counts">
            <tbody>
              {freshness.segments.data.segments.map((s) => (
                <tr key={s.apiName}>
                  <td>{s.label}</td>
                  <td className="num">{fmtInt(s.members)}</td>
                  <td className="num muted">{fmtPct(s.members, s.individuals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {freshness?.segments && !freshness.segments.ok ? <FaultBox fault={freshness.segments.error} /> : null}
    </Panel>
  );
}

import { useEffect } from 'react';
import { useWorkbench } from '../store/store.ts';
import { Badge, FaultBox, Panel, ScreenHeader, Stat } from '../components/ui.tsx';
import { fmtDuration, fmtInt, fmtNum, fmtPct, fmtTime } from '../components/format.ts';
import { DistributionChart, OUTCOME_COLORS } from './runs/distribution-chart.tsx';
import { DecisionsTable } from './runs/decisions-table.tsx';
import { ExportPanel } from './runs/export-panel.tsx';

const TONE = { running: 'info', succeeded: 'good', failed: 'bad', cancelled: 'warn' } as const;

/** Run results: runs, and for one run its summary, decision distribution per point, errors by code, the per-individual log, export. */
export function RunsScreen() {
  const runs = useWorkbench((s) => s.runs);
  const loadRuns = useWorkbench((s) => s.loadRuns);
  const openRun = useWorkbench((s) => s.openRun);
  const selected = useWorkbench((s) => s.selectedRunId);
  const summary = useWorkbench((s) => s.runSummary);
  const distribution = useWorkbench((s) => s.distribution);
  const route = useWorkbench((s) => s.route);
  const navigate = useWorkbench((s) => s.navigate);
  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  const wanted = route.params.run ? Number(route.params.run) : runs?.[0]?.runId;
  useEffect(() => {
    if (wanted !== undefined && Number.isInteger(wanted) && wanted !== selected) void openRun(wanted);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- opens the route's run when the route changes
  }, [wanted]);
  const s = summary?.ok ? summary.data : null;
  const d = distribution?.ok ? distribution.data : null;
  return (
    <div data-testid="runs-screen">
      <ScreenHeader
        title="Run results"
        subtitle="What each dry run decided: the distribution of decisions per point, fallbacks and errors by code, and every individual's decision."
      />
      <Panel title="Runs" testId="runs-list">
        {runs && runs.length === 0 ? (
          <p className="muted">No run yet: dry-run a campaign on the Campaigns screen.</p>
        ) : null}
        {runs && runs.length > 0 ? (
          <table className="data">
            <thead>
              <tr>
                <th>Run</th>
                <th>Campaign</th>
                <th>Status</th>
                <th>As of</th>
                <th className="num">Individuals</th>
                <th className="num">Decisions</th>
                <th className="num">Fallbacks</th>
                <th className="num">Errors</th>
                <th className="num">Credits</th>
                <th className="num">Wall</th>
              </tr>
            </thead>
            <tbody>
              {runs.slice(0, 8).map((r) => (
                <tr
                  key={r.runId}
                  className={`clickable${r.runId === selected ? ' selected' : ''}`}
                  onClick={() => navigate('runs', { run: String(r.runId) })}
                >
                  <td>{r.runId}</td>
                  <td>{r.campaign}</td>
                  <td>
                    <Badge tone={TONE[r.status]}>{r.abandoned ? 'abandoned' : r.status}</Badge>
                  </td>
                  <td className="nowrap">{fmtTime(r.asOf)}</td>
                  <td className="num">{fmtInt(r.individuals)}</td>
                  <td className="num">{fmtInt(r.decisions)}</td>
                  <td className="num">{fmtInt(r.fallbacks)}</td>
                  <td className="num">{fmtInt(r.errors)}</td>
                  <td className="num">{fmtInt(r.credits.actual)}</td>
                  <td className="num">{fmtDuration(r.wallMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
      {summary && !summary.ok ? <FaultBox fault={summary.error} /> : null}
      {s ? (
        <div className="stack" style={{ marginTop: 14 }} data-testid="run-summary" data-run={s.runId}>
          <Panel
            title={
              <>
                Run {s.runId} · {s.campaign} <Badge tone={TONE[s.status]}>{s.status}</Badge>
              </>
            }
            actions={
              <span className="muted">
                as of {fmtTime(s.asOf)} · config revision {s.configRevision}
              </span>
            }
          >
            {s.abandoned ? <p className="note">{s.abandoned}</p> : null}
            {s.fault ? <FaultBox fault={s.fault} title="Run-level fault" /> : null}
            <div className="stats">
              <Stat
                label="Individuals"
                value={fmtInt(s.individuals)}
                hint={s.totalIndividuals !== null ? `of ${fmtInt(s.totalIndividuals)}` : undefined}
                testId="stat-individuals"
              />
              <Stat label="Requests (individual × point)" value={fmtInt(s.requests)} />
              <Stat
                label="Decisions"
                value={fmtInt(s.decisions)}
                hint={fmtPct(s.decisions, s.requests)}
                testId="stat-decisions"
              />
              <Stat
                label="Fallbacks"
                value={fmtInt(s.fallbacks)}
                hint={fmtPct(s.fallbacks, s.requests)}
                testId="stat-fallbacks"
              />
              <Stat label="No decision" value={fmtInt(s.none)} />
              <Stat label="Errors" value={fmtInt(s.errors)} hint={fmtPct(s.errors, s.requests)} testId="stat-errors" />
              <Stat
                label="Credits (actual)"
                value={fmtInt(s.credits.actual)}
                hint={s.credits.estimated !== null ? `estimated ${fmtInt(s.credits.estimated)}` : undefined}
                testId="stat-credits"
              />
              <Stat
                label="Decisions / s"
                value={fmtNum(s.decisionsPerSecond)}
                hint={`${fmtDuration(s.wallMs)} wall, ${s.workers} worker${s.workers === 1 ? '' : 's'}`}
              />
            </div>
          </Panel>
          <div className="grid two">
            <Panel title="Decisions per point">
              {d ? (
                d.points.map((p) => (
                  <div key={p.point}>
                    <div className="row spread">
                      <strong>{p.point}</strong>
                      <span className="muted">
                        {fmtInt(p.requests)} requests · {fmtInt(p.credits)} credits
                      </span>
                    </div>
                    <DistributionChart point={p} />
                  </div>
                ))
              ) : (
                <p className="muted">Loading…</p>
              )}
              <div className="row legend-note">
                {Object.entries(OUTCOME_COLORS).map(([k, c]) => (
                  <span key={k} className="row">
                    <span style={{ width: 10, height: 10, background: c, display: 'inline-block', borderRadius: 2 }} />{' '}
                    {k}
                  </span>
                ))}
              </div>
            </Panel>
            <div className="stack">
              <Panel title="Outcomes and errors">
                {d ? (
                  <table className="data" data-testid="outcomes">
                    <tbody>
                      {Object.entries(d.outcomes).map(([k, v]) => (
                        <tr key={k}>
                          <td>{k}</td>
                          <td className="num">{fmtInt(v)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                <div className="sub-title" style={{ marginTop: 10 }}>
                  Errors by code
                </div>
                {s.errorsByCode.length === 0 ? (
                  <p className="muted">No error.</p>
                ) : (
                  <table className="data" data-testid="errors-by-code">
                    <tbody>
                      {s.errorsByCode.map((e) => (
                        <tr key={e.code} className="clickable">
                          <td className="mono">{e.code}</td>
                          <td className="num">{fmtInt(e.count)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Panel>
              <Panel title="Data freshness of the run">
                <table className="data kv">
                  <tbody>
                    {Object.entries(s.watermarks.refreshes).map(([g, r]) => (
                      <tr key={g}>
                        <td>Data graph {g}</td>
                        <td>
                          refreshed {fmtTime(r.refreshedAt)} ({fmtInt(r.individuals)} documents)
                        </td>
                      </tr>
                    ))}
                    {Object.entries(s.watermarks.insightsRefreshedAt).map(([ci, at]) => (
                      <tr key={ci}>
                        <td>CI {ci}</td>
                        <td>{at ? fmtTime(at) : 'never refreshed'}</td>
                      </tr>
                    ))}
                    {Object.entries(s.watermarks.modelsTrainedAt).map(([m, at]) => (
                      <tr key={m}>
                        <td>Model {m}</td>
                        <td>{at ? `trained ${fmtTime(at)}` : 'untrained'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {s.watermarks.stale.length > 0 ? (
                  <ul className="muted">
                    {s.watermarks.stale.map((x, i) => (
                      <li key={i}>{x}</li>
                    ))}
                  </ul>
                ) : null}
              </Panel>
            </div>
          </div>
          <DecisionsTable runId={s.runId} points={s.points} />
          <ExportPanel runId={s.runId} />
        </div>
      ) : null}
    </div>
  );
}

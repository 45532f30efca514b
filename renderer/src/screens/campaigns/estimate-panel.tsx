import { useEffect, useState } from 'react';
import { BarChart } from '../../components/bar-chart.tsx';
import { useWorkbench } from '../../store/store.ts';
import type { CampaignEstimate } from '../../store/campaigns-slice.ts';
import { FaultBox, Panel, Stat } from '../../components/ui.tsx';
import { fmtInt, fmtTime } from '../../components/format.ts';

const PERIODS = [
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '12w', label: '12 weeks' },
  { value: '6m', label: '6 months' },
  { value: '1y', label: '1 year' },
];

/** Credits per budget period (calendar periods the window touches), the budget as a line. */
function CreditsChart({ e }: { e: CampaignEstimate }) {
  const budget = e.budget && e.budget.period !== 'run' ? e.budget.credits : null;
  const bars = e.periods.map((p) => ({
    label: p.label,
    value: p.creditsInWindow,
    bad: p.exceedsBudget,
    title: `${p.label}: ${p.creditsInWindow.toLocaleString('en-US')} credits in the window`,
  }));
  return (
    <div className="chart">
      <BarChart
        bars={bars}
        line={budget !== null ? { value: budget, label: `budget ${budget.toLocaleString('en-US')}` } : null}
        label="Credits per budget period"
        testId="estimate-chart"
      />
    </div>
  );
}

/** The credit estimate of a campaign before any run: per run, per period, against the budget. */
export function EstimatePanel({ campaign }: { campaign: string }) {
  const [period, setPeriod] = useState('30d');
  const [growth, setGrowth] = useState(0);
  const estimate = useWorkbench((s) => (s.estimateFor === campaign ? s.estimate : null));
  const estimating = useWorkbench((s) => s.estimating);
  const run = useWorkbench((s) => s.estimateCampaign);
  const revision = useWorkbench((s) => s.config?.revision);
  // The estimate is made at the workspace clock: it is made again when the clock moves.
  const clockTime = useWorkbench((s) => s.clock?.time);
  useEffect(() => {
    if (clockTime !== undefined) void run(campaign, period, growth);
  }, [campaign, period, growth, revision, clockTime, run]);
  const e = estimate?.ok ? estimate.data : null;
  return (
    <Panel
      title="Credit estimate"
      testId="estimate"
      actions={
        <>
          <label>
            Period{' '}
            <select aria-label="Estimate period" value={period} onChange={(ev) => setPeriod(ev.target.value)}>
              {PERIODS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Growth % / month{' '}
            <input
              type="number"
              step="any"
              aria-label="Segment growth per month"
              style={{ width: 70 }}
              value={growth}
              onChange={(ev) => setGrowth(Number(ev.target.value) || 0)}
            />
          </label>
          {estimating ? <span className="muted">estimating…</span> : null}
        </>
      }
    >
      {estimate && !estimate.ok ? <FaultBox fault={estimate.error} /> : null}
      {e ? (
        <div className="stack">
          <div className="stats">
            <Stat
              label={`Segment ${e.segment} at the next run`}
              value={fmtInt(e.segmentSize)}
              hint={`data as of ${fmtTime(e.refresh.refreshedAt)}`}
              testId="estimate-segment"
            />
            <Stat
              label={`Credits per run (× ${e.points.length} point${e.points.length === 1 ? '' : 's'})`}
              value={fmtInt(e.creditsPerRun)}
              testId="estimate-per-run"
            />
            <Stat label={`Runs in ${e.period.label}`} value={fmtInt(e.totalRuns)} />
            <Stat label={`Credits in ${e.period.label}`} value={fmtInt(e.totalCredits)} testId="estimate-total" />
            <Stat
              label="Budget"
              value={e.budget ? fmtInt(e.budget.credits) : '—'}
              hint={e.budget ? `per ${e.budget.period}` : 'no budget set'}
            />
          </div>
          {e.warnings.map((w, i) => (
            <p key={i} className="note" role="alert">
              {w}
            </p>
          ))}
          <CreditsChart e={e} />
          <details>
            <summary>
              {fmtInt(e.runs.length)} scheduled runs from {fmtTime(e.period.from)} to {fmtTime(e.period.to)}
            </summary>
            <table className="data">
              <thead>
                <tr>
                  <th>Scheduled ({e.schedule.timezone})</th>
                  <th className="num">Individuals</th>
                  <th className="num">Credits</th>
                </tr>
              </thead>
              <tbody>
                {e.runs.slice(0, 60).map((r) => (
                  <tr key={r.at}>
                    <td>{r.local}</td>
                    <td className="num">{fmtInt(r.individuals)}</td>
                    <td className="num">{fmtInt(r.credits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      ) : null}
    </Panel>
  );
}

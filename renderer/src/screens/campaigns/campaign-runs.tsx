import { useWorkbench } from '../../store/store.ts';
import { Badge, Panel } from '../../components/ui.tsx';
import { fmtDuration, fmtInt, fmtTime } from '../../components/format.ts';

const TONE = { running: 'info', succeeded: 'good', failed: 'bad', cancelled: 'warn' } as const;

/** The campaign's runs, newest first; cancelled, failed and abandoned ones can be resumed. */
export function CampaignRuns({ campaign }: { campaign: string }) {
  const runs = useWorkbench((s) => s.runs);
  const resume = useWorkbench((s) => s.resumeRun);
  const navigate = useWorkbench((s) => s.navigate);
  const openRun = useWorkbench((s) => s.openRun);
  const mine = (runs ?? []).filter((r) => r.campaign === campaign);
  return (
    <Panel title="Runs of this campaign">
      {mine.length === 0 ? (
        <p className="muted">No run yet.</p>
      ) : (
        <table className="data" data-testid="campaign-runs">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>As of</th>
              <th className="num">Individuals</th>
              <th className="num">Credits</th>
              <th className="num">Errors</th>
              <th className="num">Wall</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mine.slice(0, 12).map((r) => (
              <tr key={r.runId}>
                <td>{r.runId}</td>
                <td>
                  <Badge tone={TONE[r.status]}>{r.abandoned ? 'abandoned' : r.status}</Badge>
                </td>
                <td className="nowrap">{fmtTime(r.asOf)}</td>
                <td className="num">{fmtInt(r.individuals)}</td>
                <td className="num">{fmtInt(r.credits.actual)}</td>
                <td className="num">{fmtInt(r.errors)}</td>
                <td className="num">{fmtDuration(r.wallMs)}</td>
                <td className="nowrap">
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      void openRun(r.runId);
                      navigate('runs', { run: String(r.runId) });
                    }}
                  >
                    results
                  </button>
                  {r.status === 'cancelled' || r.status === 'failed' || r.abandoned ? (
                    <button type="button" className="link" onClick={() => void resume(r.runId, campaign)}>
                      resume
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

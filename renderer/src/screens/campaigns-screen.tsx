import { useEffect } from 'react';
import { useWorkbench } from '../store/store.ts';
import { Badge, FaultBox, Panel, ScreenHeader } from '../components/ui.tsx';
import { fmtInt, fmtRelative, fmtTime } from '../components/format.ts';
import { CampaignEditor } from './campaigns/campaign-editor.tsx';
import { DryRunPanel } from './campaigns/dry-run-panel.tsx';
import { CampaignRuns } from './campaigns/campaign-runs.tsx';
import { EstimatePanel } from './campaigns/estimate-panel.tsx';

const STATUS_TONE = { Active: 'good', Error: 'bad', Paused: 'neutral' } as const;

/** Campaigns: schedule, segment, points, budget; the credit estimate; dry runs with progress, cancel and resume. */
export function CampaignsScreen() {
  const campaigns = useWorkbench((s) => s.campaigns);
  const error = useWorkbench((s) => s.campaignsError);
  const load = useWorkbench((s) => s.loadCampaigns);
  const loadRuns = useWorkbench((s) => s.loadRuns);
  const edit = useWorkbench((s) => s.editCampaign);
  const draftOf = useWorkbench((s) => s.campaignDraftOf);
  const route = useWorkbench((s) => s.route);
  const navigate = useWorkbench((s) => s.navigate);
  const configRevision = useWorkbench((s) => s.config?.revision);
  // "Next run in …" is relative to the workspace clock (the service's), never the browser's.
  const clockMs = useWorkbench((s) => s.clock?.timeMs);
  const nowMs = clockMs ?? 0;
  useEffect(() => {
    void load();
    void loadRuns();
  }, [configRevision, clockMs, load, loadRuns]);
  const selected = route.params.campaign ?? campaigns?.[0]?.campaign.name;
  useEffect(() => {
    if (selected && campaigns && selected !== draftOf) edit(selected);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- opens the route's campaign when it changes, not when the open draft does
  }, [selected, campaigns, edit]);
  const listing = campaigns?.find((c) => c.campaign.name === selected);
  return (
    <div data-testid="campaigns-screen">
      <ScreenHeader
        title="Campaigns"
        subtitle="Scheduled batch personalization (the Flow of the source): a segment, points and a schedule — estimated in decision credits and dry-run here before anything reaches production."
      />
      <FaultBox fault={error} />
      <div className="grid side" style={{ alignItems: 'start' }}>
        <Panel title="Campaigns">
          <ul className="list" data-testid="campaign-list">
            {(campaigns ?? []).map((c) => (
              <li key={c.campaign.name}>
                <button
                  type="button"
                  aria-current={c.campaign.name === selected}
                  onClick={() => navigate('campaigns', { campaign: c.campaign.name })}
                >
                  <div className="item-title">{c.campaign.name}</div>
                  <div className="item-sub">
                    <Badge tone={STATUS_TONE[c.status]}>{c.status}</Badge>
                    <span>{c.campaign.segment}</span>
                    <span>→ {c.campaign.points.join(', ')}</span>
                  </div>
                  <div className="item-sub">
                    next {c.nextScheduledAt && clockMs !== undefined ? fmtRelative(c.nextScheduledAt, nowMs) : '—'}
                  </div>
                </button>
              </li>
            ))}
            {campaigns && campaigns.length === 0 ? <li className="muted">No campaign in this data space.</li> : null}
          </ul>
        </Panel>
        {listing ? (
          <div className="stack" data-testid={`campaign-${listing.campaign.name}`}>
            <Panel
              title={listing.campaign.name}
              actions={
                <Badge tone={STATUS_TONE[listing.status]} title={listing.statusReason}>
                  {listing.status}
                </Badge>
              }
            >
              <p className="muted">{listing.campaign.description || 'No description.'}</p>
              <table className="data kv">
                <tbody>
                  <tr>
                    <td>Status</td>
                    <td>
                      {listing.status}
                      {listing.statusReason ? <span className="muted"> — {listing.statusReason}</span> : null}
                    </td>
                  </tr>
                  <tr>
                    <td>Next scheduled run</td>
                    <td>{fmtTime(listing.nextScheduledAt)}</td>
                  </tr>
                  <tr>
                    <td>Last run</td>
                    <td>
                      {listing.lastRun
                        ? `run ${listing.lastRun.runId} (${listing.lastRun.status}), as of ${fmtTime(listing.lastRun.asOf)}, ${fmtInt(listing.lastRun.credits.actual)} credits`
                        : '—'}
                    </td>
                  </tr>
                  <tr>
                    <td>Last successful run</td>
                    <td>
                      {listing.lastSuccessfulRun
                        ? `run ${listing.lastSuccessfulRun.runId}, as of ${fmtTime(listing.lastSuccessfulRun.asOf)}`
                        : '—'}
                    </td>
                  </tr>
                  <tr>
                    <td>Output</td>
                    <td className="mono">
                      {listing.campaign.output.kind === 'records'
                        ? `records table ${listing.campaign.output.table}`
                        : listing.campaign.output.kind === 'file'
                          ? `${listing.campaign.output.format} file${listing.campaign.output.path ? ` ${listing.campaign.output.path}` : ''}`
                          : `event stream ${listing.campaign.output.stream}`}
                    </td>
                  </tr>
                </tbody>
              </table>
            </Panel>
            <DryRunPanel campaign={listing.campaign.name} />
            <EstimatePanel campaign={listing.campaign.name} />
            <CampaignEditor nowMs={nowMs} />
            <CampaignRuns campaign={listing.campaign.name} />
          </div>
        ) : (
          <Panel>
            <p className="muted">{campaigns ? 'Choose a campaign.' : 'Loading campaigns…'}</p>
          </Panel>
        )}
      </div>
    </div>
  );
}

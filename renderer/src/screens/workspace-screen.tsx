import { useWorkbench } from '../store/store.ts';
import { selectSpaceConfig } from '../store/selectors.ts';
import { Panel, ScreenHeader, Stat } from '../components/ui.tsx';
import { fmtInt, fmtTime } from '../components/format.ts';
import { FreshnessPanel } from './workspace/freshness-panel.tsx';

/** The open workspace: data spaces and their counts, freshness watermarks, quick actions. */
export function WorkspaceScreen() {
  const info = useWorkbench((s) => s.info);
  const config = useWorkbench((s) => s.config);
  const space = useWorkbench(selectSpaceConfig);
  const navigate = useWorkbench((s) => s.navigate);
  const selectIndividual = useWorkbench((s) => s.selectIndividual);
  const loading = useWorkbench((s) => s.workspaceLoading);
  if (!info) return <div className="empty">{loading ? 'Opening the workspace…' : 'No workspace.'}</div>;
  const examples = info.sample?.exampleIndividualIds ?? [];
  return (
    <div data-testid="workspace-screen" className="stack">
      <ScreenHeader
        title="Workspace"
        subtitle={
          <>
            <span className="mono">{info.file}</span>
            {config ? (
              <>
                {' '}
                · configuration revision {config.revision}, saved {fmtTime(config.savedAt)}
              </>
            ) : (
              <> · no configuration yet</>
            )}
          </>
        }
        actions={
          <>
            <button type="button" onClick={() => navigate('data', { tab: 'import' })}>
              Import data…
            </button>
            <button type="button" onClick={() => navigate('points')}>
              Edit a targeting rule
            </button>
            <button type="button" className="primary" onClick={() => navigate('campaigns')}>
              Dry-run a campaign
            </button>
          </>
        }
      />
      {info.dataSpaces.map((s) => (
        <Panel
          key={s.apiName}
          title={`Data space: ${s.label}`}
          actions={<span className="mono muted">{s.apiName}</span>}
          testId={`data-space-${s.apiName}`}
        >
          <div className="stats">
            <Stat label="Unified individuals" value={fmtInt(s.individuals)} testId="count-individuals" />
            <Stat label="Items (Goods Product)" value={fmtInt(s.items)} testId="count-items" />
            <Stat label="Engagement events" value={fmtInt(s.events)} testId="count-events" />
            <Stat
              small
              label="Events from"
              value={s.eventsFrom ? s.eventsFrom.slice(0, 10) : '—'}
              hint={s.eventsFrom ? fmtTime(s.eventsFrom) : undefined}
            />
            <Stat
              small
              label="Events to"
              value={s.eventsTo ? s.eventsTo.slice(0, 10) : '—'}
              hint={s.eventsTo ? fmtTime(s.eventsTo) : undefined}
            />
          </div>
        </Panel>
      ))}
      <div className="grid two">
        <Panel title="Configuration">
          {space ? (
            <table className="data kv">
              <tbody>
                <tr>
                  <td>Profile data graphs</td>
                  <td>
                    {space.profileDataGraphs.map((g) => `${g.label} (${g.fields.length} fields)`).join(', ') || '—'}
                  </td>
                </tr>
                <tr>
                  <td>Item data graphs</td>
                  <td>{space.itemDataGraphs.map((g) => g.label).join(', ') || '—'}</td>
                </tr>
                <tr>
                  <td>Segments</td>
                  <td>{space.segments.map((g) => g.label).join(', ') || '—'}</td>
                </tr>
                <tr>
                  <td>Calculated insights</td>
                  <td>{fmtInt(space.calculatedInsights.length)}</td>
                </tr>
                <tr>
                  <td>Recommenders</td>
                  <td>
                    {space.recommenders.filter((r) => r.type === 'rules-based').length} rules-based,{' '}
                    {space.recommenders.filter((r) => r.type === 'objective-based').length} objective-based
                    <div className="muted">{space.recommenders.map((r) => r.label).join(' · ')}</div>
                  </td>
                </tr>
                <tr>
                  <td>Personalization points</td>
                  <td>
                    {space.personalizationPoints.map((p, i) => (
                      <span key={p.apiName}>
                        {i > 0 ? ', ' : ''}
                        <button type="button" className="link" onClick={() => navigate('points', { point: p.apiName })}>
                          {p.label}
                        </button>
                      </span>
                    ))}
                  </td>
                </tr>
                <tr>
                  <td>Campaigns</td>
                  <td>
                    {space.campaigns.map((c, i) => (
                      <span key={c.name}>
                        {i > 0 ? ', ' : ''}
                        <button
                          type="button"
                          className="link"
                          onClick={() => navigate('campaigns', { campaign: c.name })}
                        >
                          {c.name}
                        </button>
                      </span>
                    ))}
                  </td>
                </tr>
              </tbody>
            </table>
          ) : (
            <p className="muted">
              The workspace has no configuration for this data space yet. Import one (Import data… → configuration).
            </p>
          )}
        </Panel>
        <FreshnessPanel />
      </div>
      {examples.length > 0 ? (
        <Panel title="Example individuals">
          <p className="muted">
            The sample picked these individuals because they show different decisions. Open one's profile, or its
            decision trace.
          </p>
          <table className="data">
            <tbody>
              {examples.map((id) => (
                <tr key={id}>
                  <td className="mono">{id}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        void selectIndividual(id);
                        navigate('data', { tab: 'individuals', individual: id });
                      }}
                    >
                      Profile
                    </button>
                    <button type="button" className="link" onClick={() => navigate('trace', { individual: id })}>
                      Decision trace
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      ) : null}
    </div>
  );
}

import { useMemo } from 'react';
import { ResponsiveContainer, ScatterChart, Scatter, XAxis, YAxis, Tooltip, CartesianGrid } from 'recharts';
import type { EngagementRow } from '../../../../engine/model/profile.ts';
import { useWorkbench } from '../../store/store.ts';
import { AsOfInput } from '../../components/as-of-input.tsx';
import { Badge, FaultBox, Panel } from '../../components/ui.tsx';
import { fmtNum, fmtTime } from '../../components/format.ts';

const TYPES = ['browse', 'cart', 'order'] as const;
const TYPE_LABEL: Record<(typeof TYPES)[number], string> = {
  browse: 'Product Browse',
  cart: 'Shopping Cart',
  order: 'Product Order',
};
const TYPE_COLOR: Record<(typeof TYPES)[number], string> = { browse: '#3d6be0', cart: '#c98500', order: '#1f8a4c' };

/** The selected individual's profile data graph document as of a chosen time. */
export function ProfilePanel() {
  const id = useWorkbench((s) => s.selectedIndividual);
  const profile = useWorkbench((s) => s.profile);
  const loading = useWorkbench((s) => s.profileLoading);
  const asOf = useWorkbench((s) => s.profileAsOf);
  const setAsOf = useWorkbench((s) => s.setProfileAsOf);
  const navigate = useWorkbench((s) => s.navigate);
  const setTestIndividual = useWorkbench((s) => s.setTestIndividual);
  const doc = profile?.ok ? profile.data : null;
  const rows = useMemo(
    () =>
      doc
        ? TYPES.flatMap((t) =>
            doc.data.engagement[t].map((r): EngagementRow & { type: (typeof TYPES)[number] } => ({ ...r, type: t })),
          ).sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))
        : [],
    [doc],
  );
  const attributes = doc
    ? Object.entries(doc.data).filter(([k]) => !['id', 'engagement', 'segments', 'ci'].includes(k))
    : [];
  if (!id)
    return (
      <Panel title="Profile data graph">
        <p className="muted">
          Select an individual to see its profile graph: attributes, engagement, segments and calculated insights.
        </p>
      </Panel>
    );
  return (
    <Panel
      title={
        <>
          Profile · <span className="mono">{id}</span>
        </>
      }
      actions={<AsOfInput value={asOf} onChange={(v) => void setAsOf(v)} testId="profile-as-of" />}
      testId="profile-panel"
    >
      {loading && !doc ? <p className="muted">Loading…</p> : null}
      {profile && !profile.ok ? <FaultBox fault={profile.error} /> : null}
      {doc ? (
        <div className="stack">
          <div className="row spread">
            <span className="muted">Data-graph refresh {fmtTime(doc.refreshedAt)}</span>
            <span className="row">
              <button
                type="button"
                className="small"
                onClick={() => {
                  setTestIndividual(id);
                  navigate('points');
                }}
              >
                Test in a point
              </button>
              <button type="button" className="small" onClick={() => navigate('trace', { individual: id })}>
                Decision trace
              </button>
            </span>
          </div>
          <div>
            <div className="sub-title">Attributes</div>
            <table className="data kv" data-testid="profile-attributes">
              <tbody>
                {attributes.map(([k, v]) => (
                  <tr key={k}>
                    <td>{k}</td>
                    <td>{v === null || v === undefined ? <span className="muted">null</span> : String(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <div className="sub-title">Segments</div>
            <div className="chips" data-testid="profile-segments">
              {doc.data.segments.length === 0 ? (
                <span className="muted">in no segment</span>
              ) : (
                doc.data.segments.map((s) => (
                  <Badge key={s} tone="info">
                    {s}
                  </Badge>
                ))
              )}
            </div>
          </div>
          <div>
            <div className="sub-title">Calculated insights</div>
            {Object.keys(doc.data.ci).length === 0 ? (
              <span className="muted">no calculated-insight values in this graph</span>
            ) : (
              <table className="data kv">
                <tbody>
                  {Object.entries(doc.data.ci).map(([k, v]) => (
                    <tr key={k}>
                      <td className="mono">ci.{k}</td>
                      <td>{typeof v === 'number' ? fmtNum(v) : String(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div>
            <div className="sub-title">
              Engagement timeline · {TYPES.map((t) => `${doc.data.engagement[t].length} ${t}`).join(' · ')}
            </div>
            <EngagementChart rows={rows} />
            <div className="events">
              <table className="data" data-testid="profile-engagement">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Type</th>
                    <th>Item</th>
                    <th>Category</th>
                    <th className="num">Qty</th>
                    <th className="num">Price</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, 200).map((r, i) => (
                    <tr key={i}>
                      <td className="nowrap">{fmtTime(r.timestamp).slice(0, 16)}</td>
                      <td>
                        <span className={`event-type ${r.type}`}>{r.type}</span>
                      </td>
                      <td className="mono">{r.itemId}</td>
                      <td>{String(r.category ?? '')}</td>
                      <td className="num">{r.quantity}</td>
                      <td className="num">{fmtNum(r.price)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}

/** Engagement over time, one lane per engagement object. */
function EngagementChart({ rows }: { rows: (EngagementRow & { type: (typeof TYPES)[number] })[] }) {
  if (rows.length === 0) return <p className="muted">No engagement in the graph's lookback windows.</p>;
  return (
    <div className="chart" data-testid="engagement-chart">
      <ResponsiveContainer width="100%" height={130} initialDimension={{ width: 420, height: 130 }}>
        <ScatterChart margin={{ top: 6, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#eef0f3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t: number) => new Date(t).toISOString().slice(5, 10)}
            fontSize={11}
          />
          <YAxis
            dataKey="lane"
            type="number"
            domain={[-0.5, 2.5]}
            ticks={[0, 1, 2]}
            tickFormatter={(v: number) => TYPES[v] ?? ''}
            width={52}
            fontSize={11}
          />
          <Tooltip formatter={(v) => String(v)} labelFormatter={() => ''} />
          {TYPES.map((t, lane) => (
            <Scatter
              key={t}
              name={TYPE_LABEL[t]}
              data={rows.filter((r) => r.type === t).map((r) => ({ t: Date.parse(r.timestamp), lane, item: r.itemId }))}
              fill={TYPE_COLOR[t]}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}

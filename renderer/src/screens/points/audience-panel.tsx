import { useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useWorkbench } from '../../store/store.ts';
import { selectSpaceConfig } from '../../store/selectors.ts';
import type { PointAudience } from '../../store/points-slice.ts';
import { FaultBox, Panel } from '../../components/ui.tsx';
import { fmtInt, fmtPct, fmtTime } from '../../components/format.ts';

/** Re-counts this long after the last edit, once a preview is shown. */
const RECOUNT_MS = 700;

function AudienceChart({ a }: { a: PointAudience }) {
  const data = [
    ...a.byDecision.map((d) => ({ name: d.label, count: d.count, kind: 'decision' })),
    ...(a.fallback.decisionId
      ? [{ name: `Fallback: ${a.fallback.label ?? a.fallback.decisionId}`, count: a.fallback.count, kind: 'fallback' }]
      : []),
    ...(a.none > 0 ? [{ name: 'No decision', count: a.none, kind: 'none' }] : []),
    ...(a.errors.count > 0 ? [{ name: 'Errors', count: a.errors.count, kind: 'error' }] : []),
  ];
  const colors: Record<string, string> = {
    decision: '#3d6be0',
    fallback: '#d08a12',
    none: '#9aa3b5',
    error: '#c2362f',
  };
  const height = data.length * 28 + 30;
  return (
    <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 320, height }}>
      <BarChart data={data} layout="vertical" margin={{ top: 2, right: 16, bottom: 2, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#eef0f3" />
        <XAxis type="number" fontSize={10} allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={130} fontSize={10} />
        <Tooltip formatter={(v) => Number(v).toLocaleString('en-US')} />
        <Bar dataKey="count" isAnimationActive={false}>
          {data.map((d, i) => (
            <Cell key={i} fill={colors[d.kind]} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Audience preview: how many individuals (of a segment) each decision of the draft would catch. */
export function AudiencePanel() {
  const space = useWorkbench(selectSpaceConfig);
  const segment = useWorkbench((s) => s.audienceSegment);
  const setSegment = useWorkbench((s) => s.setAudienceSegment);
  const run = useWorkbench((s) => s.runAudience);
  const result = useWorkbench((s) => s.audience);
  const loading = useWorkbench((s) => s.audienceLoading);
  const draft = useWorkbench((s) => s.draft);
  const asOf = useWorkbench((s) => s.testAsOf);
  // Live: once counted, every edit of the draft (or of the segment) re-counts.
  useEffect(() => {
    if (!result) return;
    const t = setTimeout(() => void run(), RECOUNT_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-counts on edits only, not when its own result arrives
  }, [draft, segment, asOf]);
  const a = result?.ok ? result.data : null;
  return (
    <Panel title="Audience preview" testId="audience-panel">
      <div className="row" style={{ marginBottom: 8 }}>
        <select
          aria-label="Audience segment"
          value={segment ?? ''}
          onChange={(e) => setSegment(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">all individuals</option>
          {space?.segments.map((s) => (
            <option key={s.apiName} value={s.apiName}>
              {s.label}
            </option>
          ))}
        </select>
        <button type="button" className="small" disabled={!draft || loading} onClick={() => void run()}>
          {loading ? 'Counting…' : a ? 'Recount' : 'Count'}
        </button>
      </div>
      {result && !result.ok ? (
        <FaultBox fault={result.error} title={result.error.problems ? 'The draft is not valid yet' : undefined} />
      ) : null}
      {a ? (
        <div className="stack" data-testid="audience-result" data-loading={loading || undefined}>
          <div className="muted">
            {fmtInt(a.total)} {a.segment ? `members of ${a.segment}` : 'individuals'} · data-graph refresh{' '}
            {fmtTime(a.refresh.refreshedAt)}
          </div>
          <AudienceChart a={a} />
          <table className="data" data-testid="audience-table">
            <tbody>
              {a.byDecision.map((d) => (
                <tr key={d.decisionId} data-decision={d.decisionId}>
                  <td>{d.label}</td>
                  <td className="num" data-testid={`audience-count-${d.decisionId}`}>
                    {fmtInt(d.count)}
                  </td>
                  <td className="num muted">{fmtPct(d.count, a.total)}</td>
                </tr>
              ))}
              {a.fallback.decisionId ? (
                <tr>
                  <td>Fallback</td>
                  <td className="num" data-testid="audience-count-fallback">
                    {fmtInt(a.fallback.count)}
                  </td>
                  <td className="num muted">{fmtPct(a.fallback.count, a.total)}</td>
                </tr>
              ) : null}
              <tr>
                <td>No decision</td>
                <td className="num" data-testid="audience-count-none">
                  {fmtInt(a.none)}
                </td>
                <td className="num muted">{fmtPct(a.none, a.total)}</td>
              </tr>
              {a.errors.count > 0 ? (
                <tr>
                  <td>
                    Errors (
                    {Object.entries(a.errors.byCode)
                      .map(([c, n]) => `${c} ${n}`)
                      .join(', ')}
                    )
                  </td>
                  <td className="num">{fmtInt(a.errors.count)}</td>
                  <td className="num muted">{fmtPct(a.errors.count, a.total)}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {a.experimentVariants.length > 0 ? (
            <table className="data">
              <thead>
                <tr>
                  <th>Experiment cohort</th>
                  <th className="num">Individuals</th>
                </tr>
              </thead>
              <tbody>
                {a.experimentVariants.map((v) => (
                  <tr key={v.key}>
                    <td>
                      {v.label}{' '}
                      {v.control ? (
                        <span className="muted">(control)</span>
                      ) : v.decisionId ? (
                        <span className="muted">→ {v.decisionId}</span>
                      ) : null}
                    </td>
                    <td className="num">{fmtInt(v.count)}</td>
                  </tr>
                ))}
                {a.outOfPool > 0 ? (
                  <tr>
                    <td>outside the experiment pool</td>
                    <td className="num">{fmtInt(a.outOfPool)}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : !result ? (
        <p className="muted">
          Count how many individuals each decision of the draft would catch — saved or not — over the latest data-graph
          refresh (as of the test time). Once counted, every edit re-counts.
        </p>
      ) : null}
    </Panel>
  );
}

import { useEffect } from 'react';
import type { DecisionTrace, PointTrace } from '../../../../engine/model/trace.ts';
import type { TraceView } from '../../store/trace-slice.ts';
import { ExplainTree } from '../../components/explain-tree.tsx';
import { Badge, FaultBox, JsonBlock, Panel } from '../../components/ui.tsx';
import { fmtDuration, fmtInt, fmtTime, shortJson } from '../../components/format.ts';
import { ChannelPreview } from './channel-preview.tsx';

const OUTCOME_TONE = { decision: 'good', fallback: 'warn', none: 'neutral', error: 'bad' } as const;
const score = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(4));

/** The pipeline's stages as a timeline, each bar as long as its time. */
function StageTimeline({ trace }: { trace: DecisionTrace }) {
  const total = trace.stages.reduce((a, s) => a + s.durationMs, 0);
  let offset = 0;
  return (
    <div className="timeline" data-testid="stage-timeline">
      {trace.stages.map((s) => {
        const left = total > 0 ? (offset / total) * 100 : 0;
        const width = total > 0 ? (s.durationMs / total) * 100 : 0;
        offset += s.durationMs;
        return (
          <div key={s.stage} className="stage" data-stage={s.stage}>
            <span className="stage-name">{s.stage}</span>
            <span className="stage-bar">
              <span style={{ left: `${left}%`, width: `${width}%` }} />
            </span>
            <span className="num mono">{fmtDuration(s.durationMs)}</span>
            <span className="stage-summary">{s.summary}</span>
          </div>
        );
      })}
      <div className="muted">
        Total {fmtDuration(total)} (stage timings are the one part of a trace that varies between identical requests).
      </div>
    </div>
  );
}

/** One point of the request: experiment bucket, every decision's rule tree, personalizing. */
function PointSection({ p }: { p: PointTrace }) {
  const e = p.experiment;
  const rec = p.personalizing?.recommender;
  return (
    <Panel
      title={<>Point {p.personalizationPointId}</>}
      testId={`trace-point-${p.personalizationPointId}`}
      actions={
        <span className="row">
          <Badge tone={OUTCOME_TONE[p.outcome]}>{p.outcome}</Badge>
          <strong>{p.decisionId ?? 'no decision'}</strong>
          <span className="muted">
            {p.reason} · {p.credits} credit{p.credits === 1 ? '' : 's'}
          </span>
        </span>
      }
    >
      <div className="stack">
        {p.fault ? <FaultBox fault={p.fault} /> : null}
        {e ? (
          <div data-testid="trace-experiment">
            <div className="sub-title">Experiment bucket</div>
            <table className="data kv">
              <tbody>
                <tr>
                  <td>Experiment</td>
                  <td className="mono">{e.key}</td>
                </tr>
                <tr>
                  <td>Hash (GrowthBook v2)</td>
                  <td className="mono">{e.hashValue.toFixed(6)}</td>
                </tr>
                <tr>
                  <td>Cohort</td>
                  <td>
                    {e.inPool ? (
                      <>
                        {e.control ? 'control' : 'variant'} <strong>{e.variantKey}</strong> (index {e.variantIndex})
                      </>
                    ) : (
                      'not in the experiment pool'
                    )}
                  </td>
                </tr>
                <tr>
                  <td>Bucket ranges</td>
                  <td className="mono">
                    {e.bucketRanges.map(([a, b]) => `[${a.toFixed(3)}, ${b.toFixed(3)})`).join('  ')}
                  </td>
                </tr>
              </tbody>
            </table>
            <BucketBar ranges={e.bucketRanges} hash={e.hashValue} chosen={e.variantIndex} />
          </div>
        ) : null}
        <div>
          <div className="sub-title">Decisions in priority order</div>
          {p.decisions.length === 0 ? <p className="muted">No decision on this point.</p> : null}
          {p.decisions.map((d) => (
            <div
              key={d.decisionId}
              className={`decision-eval ${d.status}`}
              data-testid={`trace-decision-${d.decisionId}`}
            >
              <div className="row">
                <span className="muted">#{d.priority}</span>
                <strong>{d.label}</strong>
                <span className="mono muted">{d.decisionId}</span>
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
              {d.whyNot ? (
                <div className="muted">
                  why not: {d.whyNot.description} <span className="mono">({d.whyNot.path})</span>
                </div>
              ) : null}
              {d.error ? <div className="field-problems error">{d.error}</div> : null}
              {d.explain ? (
                <ExplainTree node={d.explain} />
              ) : d.rule !== null ? (
                <div className="mono muted">{shortJson(d.rule, 200)}</div>
              ) : null}
            </div>
          ))}
        </div>
        {p.personalizing?.mergeFields ? (
          <div>
            <div className="sub-title">Merge fields</div>
            <table className="data">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Template</th>
                  <th>Value</th>
                  <th>Missing</th>
                </tr>
              </thead>
              <tbody>
                {p.personalizing.mergeFields.map((m) => (
                  <tr key={m.field}>
                    <td className="mono">{m.field}</td>
                    <td>{m.template}</td>
                    <td>{shortJson(m.value, 80)}</td>
                    <td>{m.missing.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {rec ? (
          <div data-testid="trace-recommender">
            <div className="sub-title">Recommender</div>
            <p>
              <strong>{rec.apiName}</strong> ({rec.type}, {rec.strategy}) — {rec.returned} of {rec.requested} items
              {rec.contributed !== undefined && rec.backfill && rec.backfill.length > 0
                ? `, ${rec.contributed} from its own strategy`
                : ''}{' '}
              · source {rec.source}
              {rec.sourceRefreshedAt ? `, as of ${fmtTime(rec.sourceRefreshedAt)}` : ''}
            </p>
            {rec.trainedAt ? (
              <p>
                Model trained {fmtTime(rec.trainedAt)}
                {rec.unknownItems && rec.unknownItems.length > 0
                  ? ` · ${fmtInt(rec.unknownItems.length)} items created since are unknown to it (reachable only through the backfill)`
                  : ''}
              </p>
            ) : null}
            {rec.note ? <p className="note">{rec.note}</p> : null}
            {rec.insights && rec.insights.length > 0 ? (
              <table className="data kv" data-testid="trace-insights">
                <tbody>
                  {rec.insights.map((i) => (
                    <tr key={i.name}>
                      <td>
                        Calculated insight <span className="mono">{i.name}</span> ({i.subject})
                      </td>
                      <td>
                        {i.refreshedAt
                          ? `refreshed ${fmtTime(i.refreshedAt)}${i.refreshKind ? ` (${i.refreshKind})` : ''}`
                          : 'never refreshed by then'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <table className="data" data-testid="candidates">
              <thead>
                <tr>
                  <th className="num">Rank</th>
                  <th>Item</th>
                  <th className="num">Score</th>
                  <th>Boost</th>
                  <th>From</th>
                  <th>Dropped because</th>
                </tr>
              </thead>
              <tbody>
                {rec.candidates.map((c, i) => (
                  <tr key={`${c.itemId}-${i}`} className={c.excluded ? 'candidate-excluded' : undefined}>
                    <td className="num">{c.rank ?? '–'}</td>
                    <td className="mono">{c.itemId}</td>
                    <td className="num">{score(c.score)}</td>
                    <td>
                      {c.boost !== undefined
                        ? `×${score(c.boost)}${c.baseScore !== undefined ? ` (from ${score(c.baseScore)})` : ''}`
                        : ''}
                    </td>
                    <td className="mono">{c.from ?? ''}</td>
                    <td>{c.excluded ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rec.notConsidered ? (
              <p className="muted">
                {fmtInt(rec.notConsidered)} lower-scored candidates not considered (the list was full).
              </p>
            ) : null}
            {rec.backfill && rec.backfill.length > 0 ? (
              <table className="data" data-testid="trace-backfill">
                <thead>
                  <tr>
                    <th>Backfill</th>
                    <th>Strategy</th>
                    <th>Source</th>
                    <th className="num">Added</th>
                  </tr>
                </thead>
                <tbody>
                  {rec.backfill.map((b) => (
                    <tr key={b.apiName}>
                      <td className="mono">{b.apiName}</td>
                      <td>{b.strategy}</td>
                      <td>
                        {b.source}
                        {b.sourceRefreshedAt ? `, as of ${fmtTime(b.sourceRefreshedAt)}` : ''}
                        {b.note ? <div className="muted">{b.note}</div> : null}
                      </td>
                      <td className="num">{fmtInt(b.contributed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

/** The experiment's bucket ranges on [0, 1) with the individual's hash marked. */
function BucketBar({ ranges, hash, chosen }: { ranges: [number, number][]; hash: number; chosen: number }) {
  const colors = ['#7f9cf0', '#f0b35a', '#7cc79a', '#c99ae8', '#f08b7f'];
  return (
    <div className="bucket-bar" aria-label={`hash ${hash.toFixed(4)} on the bucket ranges`}>
      {ranges.map(([a, b], i) => (
        <span
          key={i}
          className={i === chosen ? 'chosen' : undefined}
          style={{ left: `${a * 100}%`, width: `${(b - a) * 100}%`, background: colors[i % colors.length] }}
        />
      ))}
      <span className="bucket-hash" style={{ left: `${hash * 100}%` }} />
    </div>
  );
}

/**
 * Everything a trace holds for one individual: stages with timings, rule explain trees, the
 * experiment bucket, recommender candidates, the response JSON and the channel preview.
 */
export function TraceContent({ view }: { view: TraceView }) {
  const trace = view.trace;
  // The UI benchmark's end mark: the trace content is on screen.
  useEffect(() => {
    if (trace) performance.mark('trace-open-end');
  }, [view, trace]);
  return (
    <div className="stack" data-testid="trace-content" data-request={trace?.requestId}>
      {view.fault ? <FaultBox fault={view.fault} title="The request faulted" /> : null}
      {view.run ? (
        <div className={view.run.reproduced ? 'note ok-note' : 'note'} data-testid="reproduction">
          {view.run.reproduced ? (
            <>
              ✓ Reproduced run {view.run.runId}'s logged decision{view.run.logged.length === 1 ? '' : 's'} exactly
              (config revision {view.run.configRevision}, as of {fmtTime(view.run.asOf)}).
            </>
          ) : (
            <>
              ✗ The reproduction differs from what run {view.run.runId} logged:
              <ul>
                {view.run.differences.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
      {trace ? (
        <>
          <div className="grid two">
            <Panel title="Request">
              <table className="data kv">
                <tbody>
                  <tr>
                    <td>Request id</td>
                    <td className="mono">{trace.requestId}</td>
                  </tr>
                  <tr>
                    <td>Individual</td>
                    <td className="mono">{trace.individualId}</td>
                  </tr>
                  <tr>
                    <td>As of</td>
                    <td>{fmtTime(trace.asOf)}</td>
                  </tr>
                  <tr>
                    <td>Data space</td>
                    <td>{trace.dataSpace}</td>
                  </tr>
                  <tr>
                    <td>Profile data refreshed</td>
                    <td>{fmtTime(trace.freshness.profileRefreshedAt)}</td>
                  </tr>
                  <tr>
                    <td>Context</td>
                    <td className="mono">{JSON.stringify(trace.context)}</td>
                  </tr>
                  <tr>
                    <td>Decision credits</td>
                    <td data-testid="trace-credits">{trace.credits}</td>
                  </tr>
                </tbody>
              </table>
              {trace.freshness.stale.length > 0 ? (
                <ul className="muted">
                  {trace.freshness.stale.map((x, i) => (
                    <li key={i}>{x}</li>
                  ))}
                </ul>
              ) : null}
            </Panel>
            <Panel title="Pipeline stages">
              <StageTimeline trace={trace} />
            </Panel>
          </div>
          {trace.points.map((p) => (
            <PointSection key={p.personalizationPointId} p={p} />
          ))}
          <div className="grid two">
            <Panel title="Channel preview (email)">
              <ChannelPreview response={trace.response} points={trace.points} recipient={trace.individualId} />
            </Panel>
            <Panel title="Response JSON">
              <JsonBlock value={trace.response} testId="response-json" maxHeight={640} />
            </Panel>
          </div>
        </>
      ) : null}
    </div>
  );
}

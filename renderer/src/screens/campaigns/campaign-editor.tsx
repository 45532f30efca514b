import { useMemo } from 'react';
import { useWorkbench } from '../../store/store.ts';
import { selectSpaceConfig } from '../../store/selectors.ts';
import { relativeToPoint } from '../../store/draft-placement.ts';
import { assignProblems, FieldProblems, FieldProblemsProvider, ProblemList } from '../../components/problems.tsx';
import { FormField } from '../../components/form-field.tsx';
import { Panel } from '../../components/ui.tsx';
import { fmtTime } from '../../components/format.ts';
import { inZone, nextRuns } from './next-runs.ts';

const FIELD_PATHS = [
  '$',
  '$.name',
  '$.description',
  '$.segment',
  '$.points',
  '$.schedule',
  '$.schedule.cron',
  '$.schedule.timezone',
  '$.chunkSize',
  '$.output',
  '$.creditBudget',
  '$.creditBudget.credits',
  '$.creditBudget.period',
  '$.status',
];

/** A campaign's schedule (cron + time zone, with the next runs), segment, points, budget — saved through validation. */
export function CampaignEditor({ nowMs }: { nowMs: number }) {
  const draft = useWorkbench((s) => s.campaignDraft);
  const update = useWorkbench((s) => s.updateCampaignDraft);
  const save = useWorkbench((s) => s.saveCampaign);
  const problems = useWorkbench((s) => s.campaignProblems);
  const path = useWorkbench((s) => s.campaignPath);
  const message = useWorkbench((s) => s.campaignSaveMessage);
  const space = useWorkbench(selectSpaceConfig);
  const assigned = useMemo(
    () =>
      assignProblems(
        problems.map((p) => ({ ...p, relPath: relativeToPoint(p.path, path) })),
        FIELD_PATHS,
        (p) => p.relPath,
      ),
    [problems, path],
  );
  if (!draft) return null;
  const upcoming = nextRuns(draft.schedule.cron, draft.schedule.timezone, 5, nowMs);
  return (
    <FieldProblemsProvider value={assigned.byField}>
      <Panel
        title="Schedule, audience and budget"
        testId="campaign-editor"
        actions={
          <>
            {message ? (
              <span className={`save-msg ${message.ok ? 'ok' : 'bad'}`} role="status">
                {message.text}
              </span>
            ) : null}
            <button type="button" className="primary small" onClick={() => void save()}>
              Save campaign
            </button>
          </>
        }
      >
        <div className="fields">
          <FormField path="$.schedule.cron" label="Schedule (cron)" hint="minute hour day month weekday">
            <input
              className="mono"
              aria-label="Cron"
              value={draft.schedule.cron}
              onChange={(e) => update((c) => void (c.schedule.cron = e.target.value))}
            />
          </FormField>
          <FormField path="$.schedule.timezone" label="Time zone">
            <input
              aria-label="Time zone"
              value={draft.schedule.timezone}
              onChange={(e) => update((c) => void (c.schedule.timezone = e.target.value))}
            />
          </FormField>
          <FormField path="$.segment" label="Segment">
            <select
              aria-label="Segment"
              value={draft.segment}
              onChange={(e) => update((c) => void (c.segment = e.target.value))}
            >
              {space?.segments.some((s) => s.apiName === draft.segment) ? null : (
                <option value={draft.segment}>{draft.segment} (unknown)</option>
              )}
              {space?.segments.map((s) => (
                <option key={s.apiName} value={s.apiName}>
                  {s.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField path="$.chunkSize" label="Chunk size">
            <input
              type="number"
              min={1}
              max={10000}
              aria-label="Chunk size"
              value={draft.chunkSize}
              onChange={(e) => update((c) => void (c.chunkSize = Number(e.target.value)))}
            />
          </FormField>
          <FormField path="$.creditBudget" label="Credit budget">
            <span className="row nowrap-row">
              <input
                type="number"
                min={0}
                aria-label="Budget credits"
                placeholder="none"
                style={{ width: 96 }}
                value={draft.creditBudget?.credits ?? ''}
                onChange={(e) =>
                  update(
                    (c) =>
                      void (e.target.value === ''
                        ? delete c.creditBudget
                        : (c.creditBudget = {
                            credits: Number(e.target.value),
                            period: c.creditBudget?.period ?? 'month',
                          })),
                  )
                }
              />
              <select
                aria-label="Budget period"
                value={draft.creditBudget?.period ?? 'month'}
                disabled={!draft.creditBudget}
                onChange={(e) =>
                  update((c) => void (c.creditBudget && (c.creditBudget.period = e.target.value as 'month')))
                }
              >
                {['run', 'day', 'week', 'month', 'year'].map((p) => (
                  <option key={p} value={p}>
                    per {p}
                  </option>
                ))}
              </select>
            </span>
          </FormField>
          <FormField path="$.status" label="Status">
            <select
              aria-label="Campaign status"
              value={draft.status}
              onChange={(e) => update((c) => void (c.status = e.target.value as 'Active' | 'Paused'))}
            >
              <option value="Active">Active</option>
              <option value="Paused">Paused</option>
            </select>
          </FormField>
        </div>
        {['$', '$.name', '$.description', '$.schedule', '$.output'].map((p) => (
          <FieldProblems key={p} path={p} />
        ))}
        <FormField path="$.points" label="Personalization points (1 credit per individual × point)">
          <div className="chips">
            {space?.personalizationPoints.map((p) => (
              <label key={p.apiName} className="check">
                <input
                  type="checkbox"
                  checked={draft.points.includes(p.apiName)}
                  onChange={(e) =>
                    update(
                      (c) =>
                        void (c.points = e.target.checked
                          ? [...c.points, p.apiName]
                          : c.points.filter((x) => x !== p.apiName)),
                    )
                  }
                />
                {p.label}
              </label>
            ))}
          </div>
        </FormField>
        <div className="sub-title" style={{ marginTop: 10 }}>
          Next runs
        </div>
        {upcoming.ok ? (
          <ol className="next-runs" data-testid="next-runs">
            {upcoming.times.map((t) => (
              <li key={t}>
                {inZone(t, draft.schedule.timezone)} <span className="muted">({fmtTime(t)})</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="field-problems error">The schedule does not parse: {upcoming.message}</p>
        )}
        {assigned.unassigned.length > 0 ? (
          <ProblemList problems={assigned.unassigned} title="Other problems of the configuration" />
        ) : null}
      </Panel>
    </FieldProblemsProvider>
  );
}

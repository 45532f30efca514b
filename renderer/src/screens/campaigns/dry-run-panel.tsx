import { useState } from 'react';
import type { JobProgressOf } from '../../api/client.ts';
import { useWorkbench } from '../../store/store.ts';
import { AsOfInput } from '../../components/as-of-input.tsx';
import { Badge, FaultBox, Panel, ProgressBar, Stat } from '../../components/ui.tsx';
import { fmtDuration, fmtInt, fmtNum } from '../../components/format.ts';

const STATUS_TONE = { running: 'info', succeeded: 'good', failed: 'bad', cancelled: 'warn' } as const;

/** Dry-run a campaign: start, a progress bar with rate / ETA / errors / credits, cancel and resume. */
export function DryRunPanel({ campaign }: { campaign: string }) {
  const [asOf, setAsOf] = useState<string | null>(null);
  const start = useWorkbench((s) => s.startDryRun);
  const cancel = useWorkbench((s) => s.cancelRun);
  const resume = useWorkbench((s) => s.resumeRun);
  const watched = useWorkbench((s) => (s.watchedRun?.campaign === campaign ? s.watchedRun : null));
  const watchedJob = useWorkbench((s) =>
    s.watchedRun?.campaign === campaign ? s.jobs[s.watchedRun.jobId] : undefined,
  );
  const job = watchedJob?.kind === 'run' ? watchedJob : undefined;
  const error = useWorkbench((s) => s.runActionError);
  const navigate = useWorkbench((s) => s.navigate);
  const openRun = useWorkbench((s) => s.openRun);
  const running = job?.status === 'running' || (watched !== null && job === undefined);
  const p = job?.progress;
  const counters: Partial<NonNullable<JobProgressOf<'run'>['counters']>> = p?.counters ?? {};
  const result = job?.status === 'succeeded' ? job.result : undefined;
  return (
    <Panel title="Dry run" testId="dry-run">
      <div className="row">
        <AsOfInput value={asOf} onChange={setAsOf} label="Run as of (UTC)" testId="run-as-of" />
        <button type="button" className="primary" disabled={running} onClick={() => void start(campaign, asOf)}>
          {running ? 'Running…' : 'Dry run'}
        </button>
        {watched && running ? (
          <button type="button" className="danger" onClick={() => void cancel(watched.runId)}>
            Cancel
          </button>
        ) : null}
        {watched && (job?.status === 'cancelled' || job?.status === 'failed') ? (
          <button type="button" onClick={() => void resume(watched.runId, campaign)}>
            Resume run {watched.runId}
          </button>
        ) : null}
      </div>
      <FaultBox fault={error} />
      {watched ? (
        <div className="stack" data-testid="run-progress" data-status={job?.status ?? 'starting'}>
          <div className="row">
            <strong>Run {watched.runId}</strong>
            <Badge tone={job ? STATUS_TONE[job.status] : 'info'}>{job?.status ?? 'starting'}</Badge>
            {p?.message && job?.status === 'running' ? <span className="muted">{p.message}</span> : null}
          </div>
          <ProgressBar
            label={`Run ${watched.runId} progress`}
            done={p?.done ?? 0}
            total={p?.total ?? null}
            detail={
              <>
                <span>
                  {fmtInt(p?.done ?? 0)} / {p?.total === null || p?.total === undefined ? '?' : fmtInt(p.total)}{' '}
                  individuals
                </span>
                <span>{p?.rate ? `${fmtNum(p.rate)} /s` : '— /s'}</span>
                <span>
                  ETA{' '}
                  {job?.status !== 'running' || p?.etaSeconds === null || p?.etaSeconds === undefined
                    ? '—'
                    : fmtDuration(p.etaSeconds * 1000)}
                </span>
                <span className={counters.errors ? 'save-msg bad' : undefined}>
                  {fmtInt(counters.errors ?? 0)} errors
                </span>
                <span>{fmtInt(counters.credits ?? 0)} credits</span>
              </>
            }
          />
          {job?.status === 'succeeded' ? (
            <div className="row">
              <span className="save-msg ok" role="status">
                Finished: {fmtInt(counters.decisions ?? 0)} decisions, {fmtInt(counters.credits ?? 0)} credits.
              </span>
              <button
                type="button"
                className="primary small"
                onClick={() => {
                  void openRun(result?.runId ?? watched.runId);
                  navigate('runs', { run: String(watched.runId) });
                }}
              >
                View results
              </button>
            </div>
          ) : null}
          {job?.status === 'cancelled' ? (
            <p className="note">
              Cancelled after its last committed chunk; resume continues from there with the same as-of time and config.
            </p>
          ) : null}
          {job?.status === 'failed' && job.error ? <FaultBox fault={job.error} title="The run failed" /> : null}
          {job ? (
            <div className="stats">
              <Stat label="Requests" value={fmtInt(counters.requests ?? 0)} />
              <Stat label="Decisions" value={fmtInt(counters.decisions ?? 0)} />
              <Stat label="Errors" value={fmtInt(counters.errors ?? 0)} />
              <Stat label="Credits" value={fmtInt(counters.credits ?? 0)} />
            </div>
          ) : null}
        </div>
      ) : (
        <p className="muted">
          A dry run decides every member of the segment for each point, as of the chosen time, and writes the campaign's
          output — nothing leaves this machine and no credit is spent.
        </p>
      )}
    </Panel>
  );
}

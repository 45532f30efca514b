// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { AS_OF, endedEvent, jobOf, mockClient, refreshInfo, runSummary } from '../factories.ts';
import { useWorkbench } from '../../../renderer/src/store/store.ts';
import type { JobProgressOf, JobResultOf, OutputOf } from '../../../renderer/src/api/client.ts';
import type { JobState } from '../../../engine/service/jobs.ts';

function estimate(over: Partial<OutputOf<'campaigns.estimate'>> = {}): OutputOf<'campaigns.estimate'> {
  const runs = Array.from({ length: 30 }, (_, i) => ({
    at: new Date(Date.parse('2026-11-30T01:00:00.000Z') + i * 86_400_000).toISOString(),
    local: `2026-12-${String(i + 1).padStart(2, '0')} 20:00 EST`,
    individuals: 7_000,
    credits: 7_000,
  }));
  return {
    campaign: 'Nightly Email Recs',
    dataSpace: 'default',
    status: 'Active',
    segment: 'Active_Shoppers',
    points: ['email_product_recs'],
    schedule: { cron: '0 20 * * *', timezone: 'America/New_York' },
    asOf: AS_OF,
    nextRunAt: runs[0]!.at,
    refresh: refreshInfo(),
    segmentSize: 7_000,
    creditsPerRun: 7_000,
    growthPercentPerMonth: 0,
    period: { text: '30d', label: '30 days', from: AS_OF, to: '2026-12-28T12:00:00.000Z' },
    runs,
    totalRuns: 30,
    totalCredits: 210_000,
    budget: { credits: 200_000, period: 'month' },
    periods: [
      {
        period: 'month',
        key: '2026-11',
        label: 'November 2026',
        runs: 30,
        credits: 210_000,
        runsInWindow: 1,
        creditsInWindow: 7_000,
        partial: true,
        budget: 200_000,
        exceedsBudget: true,
      },
      {
        period: 'month',
        key: '2026-12',
        label: 'December 2026',
        runs: 31,
        credits: 217_000,
        runsInWindow: 29,
        creditsInWindow: 203_000,
        partial: true,
        budget: 200_000,
        exceedsBudget: true,
      },
    ],
    warnings: ['December 2026: 217,000 credits, above the budget of 200,000 per month'],
    ...over,
  };
}

/** Run 8's job (job_3 unless another id is given), running unless an ended state is given. */
const runJob = (progress: JobProgressOf<'run'>, state?: JobState<JobResultOf<'run'>>, id = 'job_3') =>
  jobOf('run', progress, state, id);

describe('campaigns screen', () => {
  it('shows the campaign: status, schedule with the next runs, segment, points, budget', async () => {
    renderApp(mockClient({ 'campaigns.estimate': () => estimate() }), '#/campaigns?campaign=Nightly%20Email%20Recs');
    const panel = await screen.findByTestId('campaign-Nightly Email Recs');
    expect(within(panel).getAllByText('Active').length).toBeGreaterThan(0);
    const editor = within(panel).getByTestId('campaign-editor');
    expect((within(editor).getByLabelText('Cron') as HTMLInputElement).value).toBe('0 20 * * *');
    expect((within(editor).getByLabelText('Time zone') as HTMLInputElement).value).toBe('America/New_York');
    expect((within(editor).getByLabelText('Segment') as HTMLSelectElement).value).toBe('Active_Shoppers');
    expect((within(editor).getByLabelText('Budget credits') as HTMLInputElement).value).toBe('40000');
    // Five upcoming times, 20:00 in New York.
    const next = within(editor).getByTestId('next-runs');
    expect(next.querySelectorAll('li')).toHaveLength(5);
    for (const li of next.querySelectorAll('li')) expect(li.textContent).toMatch(/20:00/);
    fireEvent.change(within(editor).getByLabelText('Cron'), { target: { value: '0 6 * * 1' } });
    await waitFor(() =>
      expect(
        [...within(editor).getByTestId('next-runs').querySelectorAll('li')].every((li) =>
          /Mon.*06:00/.test(li.textContent!),
        ),
      ).toBe(true),
    );
  });

  it('charts the credit estimate per period and warns over budget', async () => {
    const client = mockClient({ 'campaigns.estimate': () => estimate() });
    renderApp(client, '#/campaigns');
    const panel = await screen.findByTestId('estimate');
    await waitFor(() => expect(within(panel).getByTestId('estimate-total').textContent).toContain('210,000'));
    expect(within(panel).getByTestId('estimate-per-run').textContent).toContain('7,000');
    expect(within(panel).getByRole('alert').textContent).toContain('above the budget');
    const chart = within(panel).getByTestId('estimate-chart');
    const bars = [...chart.querySelectorAll('rect.bar')];
    expect(bars.map((b) => b.querySelector('title')!.textContent)).toEqual([
      'November 2026: 7,000 credits in the window',
      'December 2026: 203,000 credits in the window',
    ]);
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual(['#c2362f', '#c2362f']);
    // The taller bar is the larger value; the budget line is drawn and labelled.
    expect(Number(bars[1]!.getAttribute('height'))).toBeGreaterThan(Number(bars[0]!.getAttribute('height')));
    expect(within(panel).getByTestId('estimate-chart-line').textContent).toBe('budget 200,000');
    fireEvent.change(within(panel).getByLabelText('Estimate period'), { target: { value: '1y' } });
    await waitFor(() =>
      expect(client.callsOf('campaigns.estimate').at(-1)).toMatchObject({
        campaign: 'Nightly Email Recs',
        period: '1y',
      }),
    );
  });

  it('dry-runs with a progress bar (rate, ETA, errors), then links to the results', async () => {
    const client = mockClient({
      'campaigns.estimate': () => estimate(),
      'runs.start': () => ({ runId: 8, jobId: 'job_3' }),
      'runs.get': () => ({ ok: false, error: { code: 'NotFound', message: 'later' } }),
      'runs.distribution': () => ({ ok: false, error: { code: 'NotFound', message: 'later' } }),
    });
    renderApp(client, '#/campaigns');
    const panel = await screen.findByTestId('dry-run');
    fireEvent.click(within(panel).getByText('Dry run', { selector: 'button' }));
    await waitFor(() =>
      expect(client.callsOf('runs.start')).toEqual([{ dataSpace: 'default', campaign: 'Nightly Email Recs' }]),
    );
    client.emit(
      endedEvent(
        runJob({
          done: 2_500,
          total: 10_000,
          rate: 1_250,
          etaSeconds: 6,
          message: 'deciding',
          counters: { runId: 8, requests: 2_500, decisions: 2_400, errors: 3, credits: 2_497 },
        }),
      ),
    );
    const progress = await within(panel).findByTestId('run-progress');
    await waitFor(() => expect(within(progress).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('2500'));
    expect(progress.textContent).toContain('2,500 / 10,000 individuals');
    expect(progress.textContent).toContain('1,250 /s');
    expect(progress.textContent).toContain('ETA 6.0 s');
    expect(progress.textContent).toContain('3 errors');
    client.emit(
      endedEvent(
        runJob(
          {
            done: 10_000,
            total: 10_000,
            counters: { runId: 8, requests: 10_000, decisions: 9_990, errors: 10, credits: 9_990 },
          },
          { status: 'succeeded', result: runSummary({ runId: 8 }) },
        ),
      ),
    );
    await waitFor(() => expect(progress.getAttribute('data-status')).toBe('succeeded'));
    expect(within(progress).getByRole('status').textContent).toContain('9,990 decisions');
    fireEvent.click(within(progress).getByText('View results', { selector: 'button' }));
    expect(useWorkbench.getState().route).toEqual({ screen: 'runs', params: { run: '8' } });
  });

  it('cancels a running dry run and resumes it', async () => {
    const client = mockClient({
      'campaigns.estimate': () => estimate(),
      'runs.start': () => ({ runId: 8, jobId: 'job_3' }),
      'runs.cancel': () => ({ cancelled: true, jobId: 'job_3' }),
      'runs.resume': () => ({ runId: 8, jobId: 'job_4' }),
    });
    renderApp(client, '#/campaigns');
    const panel = await screen.findByTestId('dry-run');
    fireEvent.click(within(panel).getByText('Dry run', { selector: 'button' }));
    client.emit(endedEvent(runJob({ done: 400, total: 10_000 })));
    fireEvent.click(await within(panel).findByText('Cancel', { selector: 'button' }));
    await waitFor(() => expect(client.callsOf('runs.cancel')).toEqual([{ runId: 8 }]));
    client.emit(
      endedEvent(
        runJob(
          { done: 400, total: 10_000 },
          { status: 'cancelled', error: { code: 'Cancelled', message: 'cancelled' } },
        ),
      ),
    );
    fireEvent.click(await within(panel).findByText('Resume run 8', { selector: 'button' }));
    await waitFor(() => expect(client.callsOf('runs.resume')).toEqual([{ runId: 8 }]));
    client.emit(endedEvent(runJob({ done: 600, total: 10_000 }, undefined, 'job_4')));
    await waitFor(() => expect(within(panel).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('600'));
  });

  it('a refused dry run (a paused campaign) says why', async () => {
    renderApp(
      mockClient({
        'campaigns.estimate': () => estimate(),
        'runs.start': () => ({
          ok: false,
          error: { code: 'Conflict', message: 'campaign Nightly Email Recs is Paused; run it with --force' },
        }),
      }),
      '#/campaigns',
    );
    const panel = await screen.findByTestId('dry-run');
    fireEvent.click(within(panel).getByText('Dry run', { selector: 'button' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('is Paused');
  });

  it('saves an edited schedule through validation, with problems at their fields', async () => {
    const client = mockClient({
      'campaigns.estimate': () => estimate(),
      'config.validate': ({ config }) => {
        const c = (config as { dataSpaces: { campaigns: { schedule: { cron: string } }[] }[] }).dataSpaces[0]!
          .campaigns[0]!;
        return c.schedule.cron.split(' ').length === 5
          ? { valid: true, errors: [], warnings: [] }
          : {
              valid: false,
              errors: [{ path: '$.dataSpaces[0].campaigns[0].schedule', message: 'cron must have five fields' }],
              warnings: [],
            };
      },
      'config.save': () => ({ revision: 3, warnings: [] }),
    });
    renderApp(client, '#/campaigns');
    const editor = await screen.findByTestId('campaign-editor');
    fireEvent.change(within(editor).getByLabelText('Cron'), { target: { value: '0 20 * *' } });
    fireEvent.click(within(editor).getByText('Save campaign', { selector: 'button' }));
    await waitFor(() =>
      expect(editor.querySelector('[data-problems-for="$.schedule"]')?.textContent).toContain('five fields'),
    );
    expect(client.callsOf('config.save')).toHaveLength(0);
    fireEvent.change(within(editor).getByLabelText('Cron'), { target: { value: '0 21 * * *' } });
    fireEvent.click(within(editor).getByText('Save campaign', { selector: 'button' }));
    await waitFor(() => expect(client.callsOf('config.save')).toHaveLength(1));
    const saved = client.callsOf('config.save')[0]!.config as {
      dataSpaces: { campaigns: { schedule: { cron: string } }[] }[];
    };
    expect(saved.dataSpaces[0]!.campaigns[0]!.schedule.cron).toBe('0 21 * * *');
  });
});

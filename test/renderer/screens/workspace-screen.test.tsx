// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { endedEvent, jobOf, mockClient, refreshOutcome, sampleConfig, workspaceInfo } from '../factories.ts';
import { useWorkbench } from '../../../renderer/src/store/store.ts';

describe('workspace screen', () => {
  it('shows the data space counts, the configuration and the freshness watermarks', async () => {
    const client = mockClient();
    renderApp(client);
    const screenEl = await screen.findByTestId('workspace-screen');
    await waitFor(() => expect(within(screenEl).getByTestId('count-individuals').textContent).toContain('12,345'));
    expect(within(screenEl).getByTestId('count-items').textContent).toContain('2,000');
    expect(within(screenEl).getByTestId('count-events').textContent).toContain('58,637');
    // Configuration summary from config.get.
    expect(screen.getByText('Onboarding Banner')).toBeTruthy();
    expect(screen.getByText('Nightly Email Recs')).toBeTruthy();
    // Watermarks: the latest data-graph refresh, its CI watermark, and segment counts.
    const freshness = await screen.findByTestId('watermarks');
    await waitFor(() => expect(freshness.textContent).toContain('2026-11-28 12:00:00 UTC'));
    // Each calculated insight with its last refresh and schedule.
    const first = sampleConfig().dataSpaces[0]!.calculatedInsights[0]!;
    await waitFor(() => expect(freshness.textContent).toContain(`Calculated insight ${first.apiName}`));
    expect(freshness.textContent).toContain('refreshed 2026-11-28 06:00:00 UTC (scheduled)');
    const segments = await screen.findByTestId('segment-counts');
    expect(segments.textContent).toContain('7,000');
    expect(client.callsOf('segments.list')).toHaveLength(1);
  });

  it('starts a data-graph refresh from the quick action and shows its progress', async () => {
    const client = mockClient({ 'refreshes.start': () => ({ jobId: 'job_9', watermark: '2026-11-29T00:00:00.000Z' }) });
    renderApp(client);
    const button = await screen.findByRole('button', { name: 'Refresh data graph at the workspace time' });
    fireEvent.click(button);
    await waitFor(() => expect(client.callsOf('refreshes.start')).toHaveLength(1));
    client.emit(endedEvent(jobOf('refresh', { done: 50, total: 100 }, undefined, 'job_9')));
    await waitFor(() => expect(screen.getByRole('button', { name: /Refreshing… 50.0 %/ })).toBeTruthy());
    // When it ends, the freshness is read again.
    const before = client.callsOf('refreshes.list').length;
    client.emit(
      endedEvent(
        jobOf('refresh', { done: 100, total: 100 }, { status: 'succeeded', result: refreshOutcome() }, 'job_9'),
      ),
    );
    await waitFor(() => expect(client.callsOf('refreshes.list').length).toBeGreaterThan(before));
  });

  it('quick actions go to the other screens', async () => {
    renderApp(mockClient());
    fireEvent.click(await screen.findByRole('button', { name: 'Dry-run a campaign' }));
    expect(useWorkbench.getState().route.screen).toBe('campaigns');
    await screen.findByTestId('campaigns-screen');
    expect(window.location.hash).toBe('#/campaigns');
  });

  it('says so when the workspace cannot be read', async () => {
    renderApp(
      mockClient({
        'workspace.info': () => ({
          ok: false,
          error: { code: 'WorkspaceIncompatible', message: 'made by a newer workbench' },
        }),
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('made by a newer workbench');
  });

  it('lists example individuals with links to their profile and trace', async () => {
    renderApp(mockClient({ 'workspace.info': () => workspaceInfo() }));
    await screen.findByText('ind_000019');
    fireEvent.click(screen.getAllByRole('button', { name: 'Decision trace' })[1]!);
    expect(useWorkbench.getState().route).toEqual({ screen: 'trace', params: { individual: 'ind_000019' } });
  });
});

// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { mockClient, workspaceClock } from '../factories.ts';

const SET_TIME = '2026-03-01T00:00:00.000Z';

describe('workspace clock in the header', () => {
  it('shows the service clock on every screen, not the browser clock', async () => {
    renderApp(mockClient({ 'clock.get': () => workspaceClock({ time: SET_TIME, timeMs: Date.parse(SET_TIME) }) }));
    await waitFor(() => expect(screen.getByTestId('workspace-clock-time').textContent).toBe('2026-03-01 00:00:00 UTC'));
    expect(screen.getByTestId('workspace-clock').textContent).toContain('end of data');
    fireEvent.click(screen.getByRole('button', { name: 'Campaigns' }));
    await screen.findByTestId('campaigns-screen');
    expect(screen.getByTestId('workspace-clock-time').textContent).toBe('2026-03-01 00:00:00 UTC');
  });

  it('sets the clock through clock.set, and the segment counts are read again at it', async () => {
    const client = mockClient({
      'clock.set': ({ time }) => workspaceClock({ time: time!, timeMs: Date.parse(time!), source: 'set' }),
    });
    renderApp(client);
    await waitFor(() => expect(client.callsOf('segments.list')).toHaveLength(1));
    fireEvent.click(await screen.findByRole('button', { name: 'Set…' }));
    fireEvent.change(screen.getByTestId('workspace-clock-input'), { target: { value: '2026-03-01T00:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(client.callsOf('clock.set')).toEqual([{ time: SET_TIME }]));
    await waitFor(() => expect(screen.getByTestId('workspace-clock-time').textContent).toBe('2026-03-01 00:00:00 UTC'));
    expect(screen.getByTestId('workspace-clock').textContent).toContain('set by you');
    // The overview's counts follow the clock (the service defaults its as-of to it).
    await waitFor(() => expect(client.callsOf('segments.list')).toHaveLength(2));
  });

  it('puts the clock back at the end of the data', async () => {
    const client = mockClient({
      'clock.get': () => workspaceClock({ time: SET_TIME, timeMs: Date.parse(SET_TIME), source: 'set' }),
      'clock.set': () => workspaceClock(),
    });
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Set…' }));
    fireEvent.click(screen.getByRole('button', { name: 'End of data' }));
    await waitFor(() => expect(client.callsOf('clock.set')).toEqual([{ time: null }]));
    await waitFor(() => expect(screen.getByTestId('workspace-clock').textContent).toContain('end of data'));
  });

  it('shows a refused time with its message', async () => {
    renderApp(
      mockClient({
        'clock.set': () => ({
          ok: false,
          error: { code: 'InvalidInput', message: 'clock time "x" is not an ISO-8601 time', field: 'set' },
        }),
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Set…' }));
    fireEvent.change(screen.getByTestId('workspace-clock-input'), { target: { value: '2026-03-01T00:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect((await screen.findByRole('alert')).textContent).toContain('is not an ISO-8601 time');
  });
});

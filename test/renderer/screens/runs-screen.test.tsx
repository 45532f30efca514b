// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import { distribution, logRow, mockClient, realTrace, runSummary } from '../factories.ts';
import { mockFault } from '../../../renderer/src/api/mock-client.ts';
import { useWorkbench } from '../../../renderer/src/store/store.ts';
import type { InputOf } from '../../../renderer/src/api/client.ts';

const TOTAL = 20_000;

/** runs.decisions over a 20,000-row log, filtered like the service. */
function decisions({ offset = 0, limit = 100, outcome, individual }: InputOf<'runs.decisions'>) {
  const all: ReturnType<typeof logRow>[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const r = logRow(i);
    if ((!outcome || r.outcome === outcome) && (!individual || r.individualId.includes(individual))) all.push(r);
  }
  return { total: all.length, rows: all.slice(offset, offset + limit) };
}

function client(over: Parameters<typeof mockClient>[0] = {}) {
  return mockClient({
    'runs.get': () => runSummary(),
    'runs.distribution': () => distribution(),
    'runs.decisions': decisions,
    ...over,
  });
}

describe('run results screen', () => {
  it("shows a run's summary: counts, credits estimated vs actual, errors by code, freshness", async () => {
    renderApp(client(), '#/runs?run=7');
    const summary = await screen.findByTestId('run-summary');
    expect(within(summary).getByTestId('stat-individuals').textContent).toContain('10,000');
    expect(within(summary).getByTestId('stat-fallbacks').textContent).toContain('2,500');
    expect(within(summary).getByTestId('stat-errors').textContent).toContain('500');
    expect(within(summary).getByTestId('stat-credits').textContent).toMatch(/19,500.*estimated 20,000/);
    const errors = within(summary).getByTestId('errors-by-code');
    expect([...errors.querySelectorAll('tr')].map((r) => r.textContent)).toEqual([
      'ModelValidation400',
      'IndividualNotFound100',
    ]);
    expect(summary.textContent).toContain('Data graph Customer_Profile');
    expect(summary.textContent).toContain('untrained');
  });

  it('charts the distribution of decisions per point', async () => {
    renderApp(client(), '#/runs?run=7');
    await screen.findByTestId('run-summary');
    await waitFor(() => expect(screen.getByTestId('distribution-onboarding_banner')).toBeTruthy());
    expect(screen.getByTestId('distribution-email_product_recs')).toBeTruthy();
    expect(screen.getByTestId('outcomes').textContent).toContain('2,500');
  });

  it('pages 20,000 decision log rows into a virtualized table, filtered on the service', async () => {
    const c = client();
    renderApp(c, '#/runs?run=7');
    const table = await screen.findByTestId('decisions-table');
    await waitFor(() => expect(screen.getByTestId('decisions-total').textContent).toBe('20,000 rows'));
    await waitFor(() => expect(table.querySelectorAll('[role="row"][aria-rowindex]').length).toBeGreaterThan(5));
    expect(table.querySelectorAll('[role="row"][aria-rowindex]').length).toBeLessThan(80);
    fireEvent.change(screen.getByLabelText('Filter by outcome'), { target: { value: 'error' } });
    await waitFor(() => expect(screen.getByTestId('decisions-total').textContent).toBe('5,000 rows'));
    expect(c.callsOf('runs.decisions').at(-1)).toMatchObject({ runId: 7, outcome: 'error', offset: 0 });
    await waitFor(() => expect(within(table).getAllByText('ModelValidation').length).toBeGreaterThan(0));
  });

  it("a row opens the individual's trace of the run", async () => {
    const trace = realTrace(['onboarding_banner']);
    const c = client({
      'runs.trace': ({ runId, individualId }) => ({
        runId,
        campaign: 'Nightly Email Recs',
        individualId,
        asOf: trace.asOf,
        configRevision: 1,
        refreshes: {},
        trace,
        logged: [],
        reproduced: true,
        differences: [],
      }),
    });
    renderApp(c, '#/runs?run=7');
    const table = await screen.findByTestId('decisions-table');
    fireEvent.click((await within(table).findAllByText('ind_000001', undefined, { timeout: 3000 }))[0]!);
    await waitFor(() =>
      expect(useWorkbench.getState().route).toEqual({
        screen: 'trace',
        params: { run: '7', individual: 'ind_000001' },
      }),
    );
    await screen.findByTestId('trace-content');
    expect(c.callsOf('runs.trace')).toEqual([{ runId: 7, individualId: 'ind_000001' }]);
    expect(screen.getByTestId('reproduction').textContent).toContain('Reproduced run 7');
  });

  it('exports the decision log to a file', async () => {
    const c = client({
      'runs.export': ({ file, what, format }) => ({
        file,
        what: what ?? 'log',
        format: format ?? 'jsonl',
        rows: 20_000,
        bytes: 2_400_000,
      }),
    });
    renderApp(c, '#/runs?run=7');
    const panel = await screen.findByTestId('export-panel');
    expect((within(panel).getByLabelText('Export file') as HTMLInputElement).value).toBe('run-7-log.csv');
    fireEvent.change(within(panel).getByLabelText('Format'), { target: { value: 'jsonl' } });
    fireEvent.click(within(panel).getByText('Export', { selector: 'button' }));
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toContain('20,000 rows'));
    expect(c.callsOf('runs.export')).toEqual([{ runId: 7, what: 'log', format: 'jsonl', file: 'run-7-log.jsonl' }]);
  });

  it.each([
    [true, 2],
    [false, 1],
  ])('asks before replacing an existing file (confirmed: %s)', async (confirmed, calls) => {
    const c = client({
      'runs.export': ({ file, what, format, overwrite }) =>
        overwrite
          ? { file, what: what ?? 'log', format: format ?? 'jsonl', rows: 3, bytes: 30 }
          : mockFault(
              'Conflict',
              `${file} already exists; choose another file or pass "overwrite": true to replace it`,
              {
                field: 'overwrite',
              },
            ),
    });
    const asked: string[] = [];
    const saved = globalThis.confirm;
    globalThis.confirm = (m?: string) => {
      asked.push(m ?? '');
      return confirmed;
    };
    try {
      renderApp(c, '#/runs?run=7');
      const panel = await screen.findByTestId('export-panel');
      fireEvent.click(within(panel).getByText('Export', { selector: 'button' }));
      await waitFor(() => expect(c.callsOf('runs.export').length).toBe(calls));
      expect(asked).toEqual([expect.stringMatching(/run-7-log.csv already exists[\s\S]*Replace the existing file\?/)]);
      if (confirmed) {
        expect(c.callsOf('runs.export')[1]).toMatchObject({ overwrite: true });
        await waitFor(() => expect(within(panel).getByRole('status').textContent).toContain('3 rows'));
      } else await waitFor(() => expect(panel.textContent).toContain('already exists'));
    } finally {
      globalThis.confirm = saved;
    }
  });

  it('says when there is no run yet', async () => {
    renderApp(client({ 'runs.list': () => ({ total: 0, rows: [] }) }), '#/runs');
    expect((await screen.findByTestId('runs-list')).textContent).toContain('No run yet');
  });
});

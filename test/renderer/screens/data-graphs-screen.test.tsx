// @vitest-environment jsdom
import '../dom-setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp } from '../render-app.tsx';
import {
  endedEvent,
  importReport,
  individual,
  item,
  jobOf,
  mockClient,
  profileDoc,
  progressEvent,
} from '../factories.ts';
import { mockFault } from '../../../renderer/src/api/mock-client.ts';
import type { InputOf } from '../../../renderer/src/api/client.ts';

/** individuals.list over 12,345 generated individuals, searched by id substring like the service. */
function individualsList({ offset = 0, limit = 100, search }: InputOf<'individuals.list'>) {
  const all = Array.from({ length: 12_345 }, (_, i) => individual(i + 1)).filter(
    (p) => !search || p.id.includes(search),
  );
  return { total: all.length, rows: all.slice(offset, offset + limit) };
}

describe('data graphs screen', () => {
  it('pages individuals from the service into a virtualized table', async () => {
    const client = mockClient({ 'individuals.list': individualsList });
    renderApp(client, '#/data?tab=individuals');
    const table = await screen.findByTestId('individuals-table');
    await waitFor(() => expect(screen.getByTestId('individuals-total').textContent).toBe('12,345 in all'));
    await waitFor(() => expect(within(table).getByText('ind_000001')).toBeTruthy());
    // 12,345 rows, but only a screenful (plus overscan) is in the DOM.
    const rendered = table.querySelectorAll('[role="row"][aria-rowindex]').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);
    expect(table.getAttribute('aria-rowcount')).toBe('12345');
    // Pages, not everything: the first call asked for one page.
    expect(client.callsOf('individuals.list')[0]).toMatchObject({ offset: 0, limit: 200 });
    expect(within(table).getByText('First1')).toBeTruthy();
  });

  it('searches on the service', async () => {
    const client = mockClient({ 'individuals.list': individualsList });
    renderApp(client, '#/data?tab=individuals');
    await screen.findByTestId('individuals-table');
    fireEvent.change(screen.getByLabelText('Search individuals'), { target: { value: '00012' } });
    await waitFor(() => expect(client.callsOf('individuals.list').some((c) => c.search === '00012')).toBe(true));
    await waitFor(() => expect(screen.getByTestId('individuals-total').textContent).toBe('11 matching'));
  });

  it("shows the selected individual's profile graph as of a time", async () => {
    const client = mockClient({
      'individuals.list': individualsList,
      'individuals.profile': ({ individualId }) => profileDoc(individualId),
    });
    renderApp(client, '#/data?tab=individuals');
    const table = await screen.findByTestId('individuals-table');
    fireEvent.click(await within(table).findByText('ind_000018'));
    const panel = await screen.findByTestId('profile-panel');
    await waitFor(() => expect(within(panel).getByTestId('profile-attributes').textContent).toContain('Platinum'));
    expect(within(panel).getByTestId('profile-segments').textContent).toContain('Loyalty_Members');
    expect(panel.textContent).toContain('ci.lifetime_value');
    expect(panel.textContent).toContain('1,250.5');
    const events = within(panel).getByTestId('profile-engagement');
    expect(events.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(within(panel).getByTestId('engagement-chart')).toBeTruthy();
    fireEvent.change(within(panel).getByTestId('profile-as-of'), { target: { value: '2026-11-01T12:00' } });
    await waitFor(() =>
      expect(client.callsOf('individuals.profile').at(-1)).toMatchObject({
        individualId: 'ind_000018',
        asOf: '2026-11-01T12:00:00.000Z',
      }),
    );
  });

  it('an unknown individual is said so', async () => {
    renderApp(
      mockClient({
        'individuals.list': individualsList,
        'individuals.profile': ({ individualId }) =>
          mockFault('IndividualNotFound', `individual "${individualId}" is not in profile data graph Customer_Profile`),
      }),
      '#/data?tab=individuals&individual=ind_999999',
    );
    expect((await screen.findByRole('alert')).textContent).toContain('ind_999999');
  });

  it('lists items with search', async () => {
    const all = Array.from({ length: 2_000 }, (_, i) => item(i + 1));
    const client = mockClient({
      'items.list': ({ offset = 0, limit = 100, search }) => {
        const rows = all.filter((x) => !search || x.name.includes(search));
        return { total: rows.length, rows: rows.slice(offset, offset + limit) };
      },
    });
    renderApp(client, '#/data?tab=items');
    const table = await screen.findByTestId('items-table');
    await waitFor(() => expect(within(table).getByText('Product 1')).toBeTruthy());
    expect(within(table).getAllByText('out').length).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText('Search items'), { target: { value: 'Product 19' } });
    await waitFor(() => expect(screen.getByTestId('items-total').textContent).toBe('111 matching'));
  });

  /** The wizard with a kind chosen and a file picked, over a client whose upload starts job_5. */
  async function pickFile(client: ReturnType<typeof mockClient>, kindLabel?: string, name = 'profiles.csv') {
    renderApp(client, '#/data?tab=import');
    await screen.findByTestId('import-wizard');
    if (kindLabel) fireEvent.click(screen.getByDisplayValue(kindLabel));
    const file = new File(['id,firstName,vip\nind_1,Ada,true\n'], name, { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('File to import'), { target: { files: [file] } });
    return file;
  }
  const uploadStartsJob = { upload: () => ({ ok: true as const, data: { jobId: 'job_5' } }) };

  it('imports a file through an import job and shows what it did', async () => {
    const client = mockClient({}, uploadStartsJob);
    const file = await pickFile(client);
    const before = client.callsOf('workspace.info').length;
    fireEvent.click(screen.getByText(/^Import profiles/, { selector: 'button' }));
    await screen.findByTestId('import-progress');
    const report = importReport({
      rowsRead: 5,
      inserted: 4,
      updated: 1,
      inferredFields: [{ name: 'vip', type: 'boolean' }],
      addedFields: [{ name: 'vip', type: 'boolean' }],
      configRevision: 2,
    });
    client.emit(endedEvent(jobOf('import', { done: 40, total: 40 }, { status: 'succeeded', result: report }, 'job_5')));
    const out = screen.getByTestId('import-report');
    await waitFor(() => expect(out.textContent).toContain('Imported profiles.csv: 5 rows.'));
    expect(out.textContent).toContain('vip (boolean)');
    expect(out.textContent).toContain('configuration revision 2');
    expect(client.uploads).toEqual([{ kind: 'profiles', fileName: 'profiles.csv', size: file.size }]);
    // Counts changed: the workspace is read again.
    await waitFor(() => expect(client.callsOf('workspace.info').length).toBeGreaterThan(before));
  });

  it("shows a large file's progress (bytes, rows, rate, ETA) and cancels it: nothing imported", async () => {
    const client = mockClient({ 'jobs.cancel': () => ({ cancelled: true }) }, uploadStartsJob);
    await pickFile(client);
    fireEvent.click(screen.getByText(/^Import profiles/, { selector: 'button' }));
    const progress = await screen.findByTestId('import-progress');
    const mb = 1024 * 1024;
    client.emit(
      progressEvent(
        jobOf(
          'import',
          { done: 30 * mb, total: 120 * mb, rate: 10 * mb, etaSeconds: 9, counters: { rows: 250_000 } },
          undefined,
          'job_5',
        ),
      ),
    );
    const bar = within(progress).getByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe(String(30 * mb)));
    expect(bar.getAttribute('aria-valuemax')).toBe(String(120 * mb));
    expect(progress.textContent).toContain('250,000 rows read');
    expect(progress.textContent).toContain('30.0 MB of 120.0 MB');
    expect(progress.textContent).toContain('10.0 MB/s');
    expect(progress.textContent).toContain('ETA 9.0 s');
    fireEvent.click(within(progress).getByText('Cancel import', { selector: 'button' }));
    await waitFor(() => expect(client.callsOf('jobs.cancel')).toEqual([{ id: 'job_5' }]));
    const error = { code: 'Cancelled' as const, message: 'profiles.csv: import cancelled; nothing was imported' };
    client.emit(
      endedEvent(jobOf('import', { done: 30 * mb, total: 120 * mb }, { status: 'cancelled', error }, 'job_5')),
    );
    const out = screen.getByTestId('import-report');
    await waitFor(() => expect(out.textContent).toContain('cancelled: it was rolled back and nothing was imported'));
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('shows every bad row with its file, line and field when an import is refused', async () => {
    const problems = [
      { file: 'events.csv', line: 3, field: 'type', message: 'type "view" is not one of browse, cart, order' },
      { file: 'events.csv', line: 7, field: 'timestamp', message: '"yesterday" is not an ISO-8601 time' },
    ];
    const client = mockClient({}, uploadStartsJob);
    await pickFile(client, 'events', 'events.csv');
    fireEvent.click(screen.getByText(/^Import engagement events/, { selector: 'button' }));
    await screen.findByTestId('import-progress');
    const error = {
      code: 'InvalidInput' as const,
      message: 'events.csv: 214 bad rows; nothing was imported',
      file: 'events.csv',
      problems,
      problemCount: 214,
    };
    client.emit(endedEvent(jobOf('import', { done: 10, total: 10 }, { status: 'failed', error }, 'job_5')));
    const table = await screen.findByTestId('import-problems');
    const rows = [...table.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['events.csv:3 field "type"', 'type "view" is not one of browse, cart, order'],
      ['events.csv:7 field "timestamp"', '"yesterday" is not an ISO-8601 time'],
    ]);
    expect(table.textContent).toContain('212 more');
    expect(screen.getByTestId('import-report').textContent).toContain('Nothing was imported');
    expect(client.uploads[0]!.kind).toBe('events');
  });

  it('shows a refused upload (e.g. a Conflict) at once', async () => {
    const client = mockClient(
      {},
      { upload: () => mockFault('Conflict', 'profiles.csv: not imported — run 3: Nightly is in progress (job_2)') },
    );
    await pickFile(client);
    fireEvent.click(screen.getByText(/^Import profiles/, { selector: 'button' }));
    await waitFor(() =>
      expect(screen.getByTestId('import-report').textContent).toContain('run 3: Nightly is in progress'),
    );
  });
});

describe('import from the desktop menu (Electron)', () => {
  it('imports the file chosen in the native dialog through an import job, in the wizard', async () => {
    let listener: ((c: { type: 'import'; kind: 'items'; file: string }) => void) | undefined;
    const desktop = {
      onMenuCommand: (l: typeof listener) => {
        listener = l;
        return () => (listener = undefined);
      },
      importData: async () => null,
    };
    (globalThis as Record<string, unknown>).workbenchDesktop = desktop;
    try {
      const report = {
        kind: 'items' as const,
        file: '/home/ana/products.jsonl',
        format: 'jsonl' as const,
        rowsRead: 3,
        inserted: 3,
        updated: 0,
        inferredFields: [],
        addedFields: [],
        configRevision: null,
      };
      const client = mockClient({ 'import.start': () => ({ jobId: 'job_6' }) });
      renderApp(client);
      await screen.findByTestId('workspace-screen');
      await waitFor(() => expect(listener).toBeDefined());
      listener!({ type: 'import', kind: 'items', file: '/home/ana/products.jsonl' });
      await waitFor(() => expect(client.callsOf('import.start')).toHaveLength(1));
      client.emit(endedEvent(jobOf('import', { done: 1, total: 1 }, { status: 'succeeded', result: report }, 'job_6')));
      await waitFor(() =>
        expect(screen.getByTestId('import-report').textContent).toContain('Imported /home/ana/products.jsonl: 3 rows.'),
      );
      expect(client.callsOf('import.start')).toEqual([
        { kind: 'items', file: '/home/ana/products.jsonl', dataSpace: 'default' },
      ]);
    } finally {
      delete (globalThis as Record<string, unknown>).workbenchDesktop;
    }
  });
});

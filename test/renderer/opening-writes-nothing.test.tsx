// @vitest-environment jsdom
// Opening the workbench reads: the workspace screen (info, clock, configuration, freshness panel,
// segment counts) is rendered on the real service over a sample workspace whose data ends in the
// past, and the workspace file is compared table by table before and after.
import './dom-setup.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { renderApp } from './render-app.tsx';
import { createMockClient, type MockHandlers } from '../../renderer/src/api/mock-client.ts';
import { operations } from '../../engine/service/operations.ts';
import { openService, type Service } from '../../engine/service/service.ts';
import { workspaceChecksum } from '../engine/store/workspace-checksum.ts';

const SAMPLE_END = '2026-03-01T00:00:00Z';
const WORKBENCH_BIN = join(process.cwd(), 'bin', 'workbench.js');
const dir = mkdtempSync(join(tmpdir(), 'workbench-open-'));
const file = join(dir, 'ws.sqlite');
let service: Service;

beforeAll(async () => {
  // In a process of its own: training resolves its worker by file URL, which jsdom's environment does not give.
  execFileSync(process.execPath, [
    WORKBENCH_BIN,
    'init',
    file,
    '--sample',
    'retail',
    '--individuals',
    '300',
    '--items',
    '80',
    '--now',
    SAMPLE_END,
  ]);
  const s = openService(file);
  if (!s.ok) throw new Error(s.error.message);
  service = s.data;
}, 180_000);
afterAll(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client whose every operation is the real service's. */
function serviceClient() {
  const handlers = Object.fromEntries(
    Object.keys(operations).map((name) => [name, (input: unknown) => service.callUnknown(name, input)]),
  ) as MockHandlers;
  return createMockClient(handlers);
}

describe('opening the workbench', () => {
  it('shows the overview at the workspace time, with non-empty segments, and writes nothing', async () => {
    const before = workspaceChecksum(file);
    const client = serviceClient();
    renderApp(client);
    await waitFor(() => expect(screen.getByTestId('workspace-clock-time').textContent).toBe('2026-03-01 00:00:00 UTC'));
    const segments = await screen.findByTestId('segment-counts', {}, { timeout: 30_000 });
    const active = within(segments).getByText('Active Shoppers').closest('tr')!;
    expect(Number(active.querySelector('td.num')!.textContent!.replace(/,/g, ''))).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('watermarks').textContent).toContain('Model'));
    // Every call the opening made was answered, at the workspace time.
    const names = new Set(client.calls.map((c) => c.name));
    for (const name of ['workspace.info', 'config.get', 'clock.get', 'segments.list', 'refreshes.list'] as const)
      expect(names.has(name)).toBe(true);
    expect(workspaceChecksum(file)).toEqual(before);
  }, 60_000);
});

// Smoke test of browser mode: the app opens on the tokened URL and shows the workspace with its
// counts; the API refuses calls without the token; the page loads without console or CSP errors.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench.ts';

const wb = useWorkbench();

describe('browser mode', () => {
  it('shows the workspace screen with the data space counts', async () => {
    const info = await wb.api.call('workspace.info', {});
    if (!info.ok) throw new Error(info.error.message);
    const space = info.data.dataSpaces[0]!;
    await wb.open();
    // The counts as the UI formats them (en-US grouping), compared with the service's own answer.
    await expect
      .poll(() => wb.page.getByText(space.individuals.toLocaleString('en-US'), { exact: true }).count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => wb.page.getByText(space.items.toLocaleString('en-US'), { exact: true }).count())
      .toBeGreaterThan(0);
    await expect.poll(() => wb.page.getByText(/individuals/i).count()).toBeGreaterThan(0);
    await wb.screenshot('browser-mode-workspace');
    // The token left the address bar once read.
    expect(new URL(wb.page.url()).searchParams.has('token')).toBe(false);
    expect(wb.browserErrors).toEqual([]);
  });

  it('keeps working after a reload (the token is kept for the tab)', async () => {
    await wb.page.reload();
    await expect.poll(() => wb.page.getByText(/individuals/i).count()).toBeGreaterThan(0);
    expect(wb.browserErrors).toEqual([]);
  });

  it('answers 401 to an API call without the token, and the page says which URL to open', async () => {
    const res = await fetch(`${wb.server.origin}/api/op/workspace.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/token/);

    const fresh = await wb.page.context().newPage();
    await fresh.goto(wb.urlOf('/'));
    await expect.poll(() => fresh.getByTestId('missing-token').count()).toBe(1);
    await fresh.close();
  });
});

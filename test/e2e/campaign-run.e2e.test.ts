// The analyst dry-runs a campaign with a progress bar to completion; the run the UI shows agrees
// with the CLI's summary of it, and with a CLI run of the same campaign as of the same time.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench.ts';
import { E2E_AS_OF, E2E_AS_OF_INPUT, shown } from './ui-figures.ts';

const wb = useWorkbench();
const CAMPAIGN = 'Nightly Email Recs';

interface CliRunSummary {
  runId: number;
  individuals: number;
  requests: number;
  decisions: number;
  fallbacks: number;
  errors: number;
  credits: { actual: number; estimated: number | null };
}

describe('campaigns in the browser', () => {
  it('shows the schedule with its next runs and the credit estimate chart', async () => {
    await wb.open(`/#/campaigns?campaign=${encodeURIComponent(CAMPAIGN)}`);
    const page = wb.page;
    await expect.poll(async () => page.getByTestId('next-runs').locator('li').count()).toBe(5);
    const perRun = page.getByTestId('estimate-per-run');
    await perRun.waitFor();
    await page.getByTestId('estimate-chart').locator('rect.bar').first().waitFor();
    // Credits per run = the segment's size at the next run × 1 point.
    const value = (testId: string) => shown(page.getByTestId(testId).locator('.stat-value'));
    expect(await value('estimate-per-run')).toBe(await value('estimate-segment'));
    expect(await value('estimate-per-run')).toBeGreaterThan(0);
    // The estimate panel at the top of the screenshot.
    const box = await page.getByTestId('estimate').boundingBox();
    await page.mouse.wheel(0, (box?.y ?? 0) - 16);
    await expect.poll(async () => (await page.getByTestId('estimate').boundingBox())?.y ?? 999).toBeLessThan(40);
    await wb.screenshot('campaign-estimate');
  });

  it('dry-runs a campaign to completion with the progress bar', async () => {
    const page = wb.page;
    await wb.open(`/#/campaigns?campaign=${encodeURIComponent(CAMPAIGN)}`);
    const dryRun = page.getByTestId('dry-run');
    // Once the screen has settled (the estimate materializes a data-graph refresh; see the report about concurrent writes).
    await page.getByTestId('estimate-per-run').waitFor();
    await dryRun.getByTestId('run-as-of').fill(E2E_AS_OF_INPUT);
    await dryRun.getByRole('button', { name: 'Dry run' }).click();
    const progress = dryRun.getByTestId('run-progress');
    const bar = progress.getByRole('progressbar');
    await bar.waitFor();
    await expect.poll(async () => progress.getAttribute('data-status')).not.toBe('running');
    await expect.poll(async () => progress.getAttribute('data-status')).toBe('succeeded');
    // Full at the end: done = total individuals.
    const done = Number(await bar.getAttribute('aria-valuenow'));
    expect(done).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(done));
    await wb.screenshot('campaign-dry-run');

    // The results screen shows the run; its figures are the CLI's.
    await progress.getByRole('button', { name: 'View results' }).click();
    const summary = page.getByTestId('run-summary');
    await summary.waitFor();
    const runId = Number(await summary.getAttribute('data-run'));
    const cli = await wb.cli('runs', String(runId), '--json');
    expect(cli.code).toBe(0);
    const s = cli.json<CliRunSummary>();
    expect(await shown(summary.getByTestId('stat-individuals').locator('.stat-value'))).toBe(s.individuals);
    expect(await shown(summary.getByTestId('stat-decisions').locator('.stat-value'))).toBe(s.decisions);
    expect(await shown(summary.getByTestId('stat-fallbacks').locator('.stat-value'))).toBe(s.fallbacks);
    expect(await shown(summary.getByTestId('stat-errors').locator('.stat-value'))).toBe(s.errors);
    expect(await shown(summary.getByTestId('stat-credits').locator('.stat-value'))).toBe(s.credits.actual);
    await expect
      .poll(async () => page.getByTestId('decisions-total').textContent())
      .toBe(`${s.requests.toLocaleString('en-US')} rows`);
    await page.getByTestId('decisions-table').locator('[role="row"][aria-rowindex]').first().waitFor();
    await wb.screenshot('run-results');

    // A CLI run of the same campaign as of the same time decides the same (a second, independent run).
    const again = await wb.cli('run', '--campaign', CAMPAIGN, '--as-of', E2E_AS_OF, '--workers', '1', '--json');
    expect(again.code).toBe(0);
    const t = again.json<CliRunSummary>();
    expect(t.runId).not.toBe(runId);
    expect([t.individuals, t.decisions, t.fallbacks, t.errors, t.credits.actual]).toEqual([
      s.individuals,
      s.decisions,
      s.fallbacks,
      s.errors,
      s.credits.actual,
    ]);
    expect(wb.browserErrors).toEqual([]);
  });
});
